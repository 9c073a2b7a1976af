package carousel.speech.plm;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.model.Cell;
import carousel.model.ModelConfig;
import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.speech.corpus.PhoneSet;
import carousel.tensor.Activation;
import carousel.tensor.DType;
import carousel.tensor.Ops;
import carousel.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recurrent phone language model in the manner of N. Boulanger-Lewandowski, J. Droppo, M. Seltzer and
 * D. Yu, "Phone sequence modeling with recurrent neural networks", ICASSP 2014: an LSTM or simple RNN
 * ({@link SequenceModel}, cell "lstm" or "rnn") reads the previous symbol one-hot and predicts the next by
 * a softmax. Inputs (I = V+1): the V phones and {@code <s>} (index V); outputs (O = V+1): the V phones
 * and {@code </s>} (index V). A sentence {@code p1 .. pn} is the input sequence {@code <s> p1 .. pn}
 * with targets {@code p1 .. pn </s>}.
 *
 * <p><b>Two paths.</b> {@link #logProb(int[])} runs the whole sentence through
 * {@link SequenceModel#forward} (the reference, also what training uses); {@link #step} is the
 * decoder's single-step kernel: B histories advance by one symbol in one batch, the recurrent products
 * as one gemm of (B, H) by (H, G·H) per layer, the one-hot input product as a row lookup in a table
 * {@code E = W_ih^T + b_ih + b_hh} (I, G·H) made once, the output layer as one gemm; the buffers grow to
 * the largest B seen and are then reused, so a decoder's frames allocate nothing. The two agree to
 * float32 rounding (tested).
 *
 * <p>State per history (S floats): per layer, LSTM {@code [h (H), c (H)]}, RNN {@code [h (H)]}; the
 * start state is zeros. Supported cells: PyTorch's LSTM (forget gate, no peepholes, σ/tanh/tanh, no
 * projection, no clipping) and the simple RNN of any nonlinearity; unidirectional, any number of layers.
 *
 * <p>On disk: a model directory ({@link ModelFiles}: config.json, model.safetensors) plus
 * {@code plm.json} naming the phone set, its symbols and the symbol conventions. The weights must not
 * change after construction (the lookup table is made from them): wrap a network once trained.
 */
public final class RnnPhoneModel implements PhoneModel {

    public static final String PLM_FILE = "plm.json";
    static final String FORMAT = "carousel-phone-lm-1";

    private final SequenceModel net;
    private final PhoneSet phones;
    private final Ops ops;
    private final boolean lstm;
    private final Activation rnnAct;
    private final int V, I, O, H, L, G, S; // phones, inputs, outputs, hidden, layers, gate blocks, state floats
    private final float[] inputTable;     // (I, G·H): W_ih_l0^T + b_ih_l0 + b_hh_l0
    private final float[][] bias;         // (L) (G·H): b_ih + b_hh of layer k (k >= 1)
    private final Tensor[] weightIh;      // (L) (G·H, H) for k >= 1 (null at k = 0)
    private final Tensor[] weightHh;      // (L) (G·H, H)
    private final Tensor outWeight;       // (O, H)
    private final float[] outBias;        // (O)
    /**
     * Wraps a float32 network whose input and output sizes are {@code phones.size() + 1}.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    public RnnPhoneModel(SequenceModel net, PhoneSet phones) {
        this.net = Objects.requireNonNull(net, "net");
        this.phones = Objects.requireNonNull(phones, "phones");
        ModelConfig c = net.config();
        check(c, phones);
        if (net.ops().dtype() != DType.F32) {
            throw new IllegalArgumentException("a phone model's step kernel is float32; the network is " + net.ops().dtype());
        }
        ops = net.ops();
        lstm = c.cell() == Cell.LSTM;
        rnnAct = lstm ? null : c.nonlinearity();
        V = phones.size();
        I = V + 1;
        O = V + 1;
        H = c.hiddenSize();
        L = c.numLayers();
        G = lstm ? 4 : 1;
        S = L * (lstm ? 2 * H : H);
        String cell = c.cell().configName();
        int gh = G * H;
        weightIh = new Tensor[L];
        weightHh = new Tensor[L];
        bias = new float[L][];
        for (int k = 0; k < L; k++) {
            weightHh[k] = param(cell + ".weight_hh_l" + k);
            Tensor bi = param(cell + ".bias_ih_l" + k), bh = param(cell + ".bias_hh_l" + k);
            bias[k] = new float[gh];
            for (int j = 0; j < gh; j++) {
                bias[k][j] = bi.f[j] + bh.f[j];
            }
            if (k > 0) {
                weightIh[k] = param(cell + ".weight_ih_l" + k);
            }
        }
        Tensor w0 = param(cell + ".weight_ih_l0"); // (G·H, I)
        inputTable = new float[I * gh];
        for (int in = 0; in < I; in++) {
            for (int j = 0; j < gh; j++) {
                inputTable[in * gh + j] = w0.f[j * I + in] + bias[0][j];
            }
        }
        outWeight = param("output.weight");
        outBias = param("output.bias").f.clone();
    }

    private Tensor param(String name) {
        var p = net.params().get(name);
        if (p == null) {
            throw new IllegalArgumentException("the network has no parameter " + name);
        }
        return p.value();
    }

    private static void check(ModelConfig c, PhoneSet phones) {
        int v = phones.size();
        if (c.cell() != Cell.LSTM && c.cell() != Cell.RNN) {
            throw new IllegalArgumentException("a phone model's cell must be lstm or rnn, got " + c.cell());
        }
        if (c.bidirectional()) {
            throw new IllegalArgumentException("a phone model predicts left to right: bidirectional must be false");
        }
        if (c.inputSize() != v + 1 || c.outputSize() != v + 1) {
            throw new IllegalArgumentException("a phone model over " + v + " phones needs input_size = output_size = " + (v + 1)
                    + " (phones and a sentence boundary), got " + c.inputSize() + " and " + c.outputSize());
        }
        if (c.cell() == Cell.LSTM && (c.projSize() != 0 || c.nonRecurrentProjSize() != 0 || c.peepholes() || !c.forgetGate()
                || c.gateActivation() != Activation.SIGMOID || c.cellInputActivation() != Activation.TANH
                || c.cellOutputActivation() != Activation.TANH || c.cellClip() != 0f)) {
            throw new IllegalArgumentException("a phone model's LSTM must be PyTorch's (forget gate, no peepholes, sigmoid/tanh/tanh, no projection, no clipping)");
        }
    }

    /** A fresh network for a phone model (weights still to be initialised), float32. */
    public static SequenceModel newNetwork(PhoneSet phones, Cell cell, int hidden, int layers) {
        int io = phones.size() + 1;
        ModelConfig c = switch (cell) {
            case LSTM -> ModelConfig.lstm(io, hidden, layers, 0, false, io);
            case RNN -> ModelConfig.rnn(io, hidden, layers, carousel.tensor.Activation.TANH, false, io);
            default -> throw new IllegalArgumentException("--cell must be lstm or rnn, got '" + cell + "'");
        };
        return new SequenceModel(c, DType.F32);
    }

    public SequenceModel network() {
        return net;
    }

    public PhoneSet phones() {
        return phones;
    }

    @Override
    public int numPhones() {
        return V;
    }

    @Override
    public int stateSize() {
        return S;
    }

    @Override
    public void startState(float[] dst, int off) {
        java.util.Arrays.fill(dst, off, off + S, 0f);
    }

    /** Step buffers of one caller: gates (B, G·H) and logits (B, O), grown to the largest batch, and tensor views of the state arrays. */
    public static final class StepBuffers implements Scratch {
        private final RnnPhoneModel model;
        private int capacity;
        private Tensor gates;                 // (B, G·H)
        private Tensor logits;                // (B, O)
        private float[] wrappedStates, wrappedNext;
        private Tensor statesT, nextT;

        private StepBuffers(RnnPhoneModel model) {
            this.model = model;
        }

        private void ensure(int rows, float[] states, float[] next) {
            if (rows > capacity) {
                capacity = Math.max(rows, 2 * capacity);
                gates = model.ops.zeros(capacity, model.G * model.H);
                logits = model.ops.zeros(capacity, model.O);
            }
            if (states != wrappedStates) {
                wrappedStates = states;
                statesT = Tensor.wrap(states, states.length);
            }
            if (next != wrappedNext) {
                wrappedNext = next;
                nextT = Tensor.wrap(next, next.length);
            }
        }
    }

    @Override
    public StepBuffers newScratch() {
        return new StepBuffers(this);
    }

    @Override
    public void step(Scratch scratch, int rows, int[] inputs, float[] states, float[] next, double[] logProbs) {
        if (!(scratch instanceof StepBuffers buf) || buf.model != this) {
            throw new IllegalArgumentException("the scratch is not one of this phone model's (newScratch)");
        }
        if (rows == 0) {
            return;
        }
        if (states == next) {
            throw new IllegalArgumentException("states and next must be different arrays");
        }
        for (int b = 0; b < rows; b++) {
            if (inputs[b] < 0 || inputs[b] > V) {
                throw new IllegalArgumentException("input symbol " + inputs[b] + " of row " + b + " is outside [0, " + V + "]");
            }
        }
        buf.ensure(rows, states, next);
        Tensor gates = buf.gates, logits = buf.logits, statesT = buf.statesT, nextT = buf.nextT;
        int gh = G * H, per = lstm ? 2 * H : H;
        float[] g = gates.f;
        for (int k = 0; k < L; k++) {
            int so = k * per; // this layer's h (and c) within a row's state
            // gates (B, G·H) = h_{t-1} (B, H; row stride S) · W_hh^T
            ops.gemm(false, true, rows, gh, H, 1, statesT, so, S, weightHh[k], 0, H, 0, gates, 0, gh);
            if (k == 0) {
                for (int b = 0; b < rows; b++) {
                    int e = inputs[b] * gh, r = b * gh;
                    for (int j = 0; j < gh; j++) {
                        g[r + j] += inputTable[e + j];
                    }
                }
            } else {
                // gates += h_t of layer k-1 (B, H; row stride S, already in next) · W_ih^T + b
                ops.gemm(false, true, rows, gh, H, 1, nextT, so - per, S, weightIh[k], 0, H, 1, gates, 0, gh);
                float[] bk = bias[k];
                for (int b = 0; b < rows; b++) {
                    int r = b * gh;
                    for (int j = 0; j < gh; j++) {
                        g[r + j] += bk[j];
                    }
                }
            }
            for (int b = 0; b < rows; b++) {
                int r = b * gh, s = b * S + so;
                if (lstm) {
                    // gate blocks i, f, g, o; c_t = f c_{t-1} + i g; h_t = o tanh(c_t)
                    for (int j = 0; j < H; j++) {
                        double i = Activation.sigmoid(g[r + j]);
                        double f = Activation.sigmoid(g[r + H + j]);
                        double z = Math.tanh(g[r + 2 * H + j]);
                        double o = Activation.sigmoid(g[r + 3 * H + j]);
                        double c = f * states[s + H + j] + i * z;
                        next[s + H + j] = (float) c;
                        next[s + j] = (float) (o * Math.tanh(c));
                    }
                } else {
                    for (int j = 0; j < H; j++) {
                        next[s + j] = (float) rnnAct.apply(g[r + j]);
                    }
                }
            }
        }
        // logits (B, O) = h_top (B, H; stride S) · W_out^T + b; then log-softmax into logProbs
        int top = (L - 1) * per;
        ops.gemm(false, true, rows, O, H, 1, nextT, top, S, outWeight, 0, H, 0, logits, 0, O);
        float[] z = logits.f;
        for (int b = 0; b < rows; b++) {
            int r = b * O;
            double max = Double.NEGATIVE_INFINITY;
            for (int w = 0; w < O; w++) {
                z[r + w] += outBias[w];
                max = Math.max(max, z[r + w]);
            }
            double sum = 0;
            for (int w = 0; w < O; w++) {
                sum += Math.exp(z[r + w] - max);
            }
            double lse = max + Math.log(sum);
            for (int w = 0; w < O; w++) {
                logProbs[r + w] = z[r + w] - lse;
            }
        }
    }

    // ---- whole sentences (the reference path) ----

    /**
     * {@code ln P(<s> p1 .. pn </s>)}: the sum of {@code ln P(p_i | <s> p1 .. p_{i-1})} and
     * {@code ln P(</s> | <s> p1 .. pn)}, by one {@link SequenceModel#forward} of n+1 steps.
     */
    public double logProb(int[] sentence) {
        return sentenceLogProbs(net, V, sentence)[sentence.length + 1];
    }

    /**
     * Per-symbol log-probabilities of a sentence under a phone network: entries 0..n are
     * {@code ln P(p1)}, .., {@code ln P(</s>)}; entry n+1 is their sum.
     */
    static double[] sentenceLogProbs(SequenceModel net, int v, int[] sentence) {
        int T = sentence.length + 1, io = v + 1;
        Tensor x = net.ops().zeros(T, 1, io);
        for (int t = 0; t < T; t++) {
            int in = t == 0 ? v : sentence[t - 1];
            if (in < 0 || in > v) {
                throw new IllegalArgumentException("phone index " + in + " at position " + (t - 1) + " is outside [0, " + v + ")");
            }
            x.set(t * io + in, 1);
        }
        Tensor z = net.forward(net.newCache(), x, T, 1, null, null);
        double[] out = new double[T + 1];
        for (int t = 0; t < T; t++) {
            int target = t < sentence.length ? sentence[t] : v;
            double max = Double.NEGATIVE_INFINITY;
            for (int w = 0; w < io; w++) {
                max = Math.max(max, z.get(t * io + w));
            }
            double sum = 0;
            for (int w = 0; w < io; w++) {
                sum += Math.exp(z.get(t * io + w) - max);
            }
            out[t] = z.get(t * io + target) - max - Math.log(sum);
            out[T] += out[t];
        }
        return out;
    }

    /**
     * Perplexity {@code exp(-sum ln P / M)} over held-out sentences, M counting every phone and one
     * {@code </s>} per sentence ({@code <s>} is given, never predicted): the convention of
     * {@link carousel.speech.decode.PhoneBigram#perplexity} and SRILM's {@code ppl}.
     */
    public double perplexity(Iterable<int[]> sentences) {
        return perplexity(net, V, sentences);
    }

    static double perplexity(SequenceModel net, int v, Iterable<int[]> sentences) {
        double sum = 0;
        long m = 0;
        for (int[] s : sentences) {
            sum += sentenceLogProbs(net, v, s)[s.length + 1];
            m += s.length + 1;
        }
        if (m == 0) {
            throw new IllegalArgumentException("perplexity of no sentences");
        }
        return Math.exp(-sum / m);
    }

    // ---- files ----

    /** Writes config.json, model.safetensors ({@code metadata} in its header) and plm.json into {@code dir}. */
    public void save(Path dir, Map<String, Object> info) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : info.entrySet()) {
            meta.put(e.getKey(), String.valueOf(e.getValue()));
        }
        ModelFiles.save(dir, net, meta);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("format", FORMAT);
        j.put("phone_set", phones.name());
        j.put("phones", new ArrayList<Object>(phones.symbols()));
        j.put("input_symbols", "phones 0..V-1, then <s> (index V)");
        j.put("output_symbols", "phones 0..V-1, then </s> (index V)");
        j.put("perplexity_counts", "every phone and one </s> per sentence; <s> is not predicted");
        j.put("training", info);
        Path tmp = Files.createTempFile(dir, PLM_FILE, ".part");
        Json.write(tmp, j);
        Files.move(tmp, dir.resolve(PLM_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a directory written by {@link #save}; the phone set must be one Carousel knows by name. */
    public static RnnPhoneModel load(Path dir) throws IOException {
        Path f = dir.resolve(PLM_FILE);
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException(f.toString(), null, "a phone-model directory needs " + PLM_FILE + " (written by train-plm)");
        }
        Map<String, Object> j = Json.readObject(f);
        String src = f.toString();
        String format = Json.getString(j, "format", src);
        if (!format.equals(FORMAT)) {
            throw new FormatException(src, "format is '" + format + "', expected '" + FORMAT + "'");
        }
        String name = Json.getString(j, "phone_set", src);
        PhoneSet set = switch (name) {
            case "timit48" -> PhoneSet.TIMIT_48;
            case "timit61" -> PhoneSet.TIMIT_61;
            case "timit39" -> PhoneSet.TIMIT_39;
            default -> throw new FormatException(src, "unknown phone set '" + name + "'");
        };
        List<Object> symbols = Json.getList(j, "phones", src);
        if (!symbols.equals(new ArrayList<Object>(set.symbols()))) {
            throw new FormatException(src, "the phones listed are not those of " + name);
        }
        Path config = dir.resolve(ModelFiles.CONFIG);
        try {
            check(ModelFiles.readConfig(dir), set); // before the network is allocated
        } catch (IllegalArgumentException e) {
            throw new FormatException(config.toString(), e.getMessage());
        }
        return new RnnPhoneModel(ModelFiles.load(dir, DType.F32), set);
    }

    /** The {@code training} object of a saved model's plm.json (empty when absent). */
    public static Map<String, Object> trainingInfo(Path dir) throws IOException {
        Map<String, Object> j = Json.readObject(dir.resolve(PLM_FILE));
        Object t = j.get("training");
        if (t instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), e.getValue());
            }
            return out;
        }
        return Map.of();
    }
}
