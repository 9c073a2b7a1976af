package carousel.model;

import carousel.layer.Bidirectional;
import carousel.layer.Dense;
import carousel.layer.Linear;
import carousel.layer.Lstm;
import carousel.layer.Param;
import carousel.layer.Rnn;
import carousel.layer.SequenceLayer;
import carousel.tensor.DType;
import carousel.tensor.Ops;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack of recurrent layers and a linear output layer, the model of {@link ModelConfig}:
 * x (T, B, I) → layer 0 → … → layer L−1 → output → logits (T, B, O). Parameter names are
 * PyTorch's ({@code lstm.weight_ih_l0}, {@code lstm.weight_hh_l1_reverse}, {@code output.weight}).
 *
 * <p>Weights live in the layers; per-call activations live in the layer caches held here (one set,
 * so a model is used by one thread at a time); recurrent state is passed in and read out explicitly.
 */
public final class SequenceModel {
    private final ModelConfig config;
    private final Ops ops;
    private final List<SequenceLayer> layers = new ArrayList<>();
    private final List<SequenceLayer.Cache> caches = new ArrayList<>();
    private final Linear output;
    private final Map<String, Param> params = new LinkedHashMap<>();
    // per-call buffers
    private int T = -1, B = -1;
    private Tensor logits, dTop;
    private final List<Tensor> dInputs = new ArrayList<>();
    private Tensor lastTop;

    public SequenceModel(ModelConfig config, DType dtype) {
        this.config = config;
        this.ops = Ops.of(dtype);
        String prefix = config.cell();
        for (int k = 0; k < config.numLayers(); k++) {
            SequenceLayer layer = config.bidirectional() ? new Bidirectional(makeLayer(k), makeLayer(k)) : makeLayer(k);
            layers.add(layer);
            caches.add(layer.newCache());
            for (Param p : layer.params()) {
                String name = p.name();
                String full = name.endsWith("_reverse")
                        ? prefix + "." + name.substring(0, name.length() - "_reverse".length()) + "_l" + k + "_reverse"
                        : prefix + "." + name + "_l" + k;
                params.put(full, p.renamed(full));
            }
        }
        output = new Linear(config.layerOutputSize() * config.directions(), config.outputSize(), ops);
        params.put("output.weight", output.weight.renamed("output.weight"));
        params.put("output.bias", output.bias.renamed("output.bias"));
    }

    private SequenceLayer makeLayer(int k) {
        return switch (config.cell()) {
            case "lstm" -> new Lstm(config.layerConfig(k), ops);
            case "rnn" -> new Rnn(config.rnnConfig(k), ops);
            default -> new Dense(config.layerInputSize(k), config.hiddenSize(), carousel.tensor.Activation.parse(config.nonlinearity()), ops);
        };
    }

    public ModelConfig config() { return config; }
    public Ops ops() { return ops; }
    public List<SequenceLayer> layers() { return Collections.unmodifiableList(layers); }
    public Linear output() { return output; }

    /** All parameters by PyTorch name, in a fixed order. */
    public Map<String, Param> params() { return Collections.unmodifiableMap(params); }

    public long parameterCount() { return config.parameterCount(); }

    /** PyTorch's default initialisation: every parameter uniform in ±1/√hidden_size (output layer ±1/√its input). */
    public void initialize(Rng rng) { initialize(rng, 1.0 / Math.sqrt(config.hiddenSize()), null); }

    /** Recurrent parameters uniform in ±range; for LSTM, per-gate biases when gateBias is non-null. */
    public void initialize(Rng rng, double range, double[] gateBias) {
        for (SequenceLayer layer : layers) initLayer(layer, rng, range, gateBias);
        output.initialize(rng, 1.0 / Math.sqrt(output.inputSize()));
    }

    private static void initLayer(SequenceLayer layer, Rng rng, double range, double[] gateBias) {
        if (layer instanceof Bidirectional bi) { initLayer(bi.forwardLayer(), rng, range, gateBias); initLayer(bi.backwardLayer(), rng, range, gateBias); }
        else if (layer instanceof Lstm l) l.initialize(rng, range, gateBias);
        else if (layer instanceof Rnn r) r.initialize(rng, range);
        else if (layer instanceof Dense d) d.initialize(rng, 1.0 / Math.sqrt(d.inputSize()));
    }

    public void zeroGrad() { for (Param p : params.values()) p.grad().zero(); }

    private void ensure(int steps, int batch) {
        if (steps == T && batch == B) return;
        T = steps; B = batch;
        logits = ops.zeros(T, B, config.outputSize());
        dTop = ops.zeros(T, B, output.inputSize());
        dInputs.clear();
        for (SequenceLayer l : layers) dInputs.add(ops.zeros(T, B, l.inputSize()));
    }

    /**
     * Runs the model on x (T, B, input_size). {@code lengths} (B) gives each sequence's length (null:
     * all T); {@code initial} gives each layer's initial state parts (null, or a null entry: zeros).
     * Returns the logits (T, B, output_size), owned by the model until the next call.
     */
    public Tensor forward(Tensor x, int steps, int batch, int[] lengths, Tensor[][] initial) {
        if (x.dtype != ops.dtype()) throw new IllegalArgumentException("input is " + x.dtype + " but the model is " + ops.dtype());
        if (x.size() != steps * batch * config.inputSize())
            throw new IllegalArgumentException("input must be (T, B, input_size) = (" + steps + ", " + batch + ", " + config.inputSize() + "), got " + x.shapeString());
        if (lengths != null) {
            if (lengths.length != batch) throw new IllegalArgumentException("lengths must have B = " + batch + " entries, got " + lengths.length);
            for (int b = 0; b < batch; b++)
                if (lengths[b] < 0 || lengths[b] > steps) throw new IllegalArgumentException("length of sequence " + b + " is " + lengths[b] + ", outside [0, " + steps + "]");
        }
        ensure(steps, batch);
        Tensor h = x;
        for (int k = 0; k < layers.size(); k++)
            h = layers.get(k).forward(caches.get(k), h, steps, batch, lengths, initial == null ? null : initial[k]);
        lastTop = h;
        output.forward(h, steps * batch, logits);
        return logits;
    }

    /** Final recurrent state of each layer after the last forward (owned by the layer caches). */
    public Tensor[][] finalStates() {
        Tensor[][] s = new Tensor[layers.size()][];
        for (int k = 0; k < layers.size(); k++) s[k] = layers.get(k).finalState(caches.get(k));
        return s;
    }

    /** Zero initial states shaped for this model and batch. */
    public Tensor[][] zeroStates(int batch) {
        Tensor[][] s = new Tensor[layers.size()][];
        for (int k = 0; k < layers.size(); k++) {
            int[][] shapes = layers.get(k).stateShapes(batch);
            s[k] = new Tensor[shapes.length];
            for (int i = 0; i < shapes.length; i++) s[k][i] = ops.zeros(shapes[i]);
        }
        return s;
    }

    /**
     * Back-propagates dLogits (T, B, output_size) of the last forward, adding into every parameter's
     * gradient. {@code dFinal}, when non-null, is the gradient on each layer's final state;
     * {@code dInitial}, when non-null, receives the gradient on each layer's initial state;
     * {@code dx}, when non-null, receives (+=) the gradient on the input.
     */
    public void backward(Tensor dLogits, Tensor[][] dFinal, Tensor[][] dInitial, Tensor dx) {
        dTop.zero();
        output.backward(lastTop, dLogits, T * B, dTop);
        Tensor d = dTop;
        for (int k = layers.size() - 1; k >= 0; k--) {
            Tensor dIn = k == 0 ? dx : dInputs.get(k);
            if (k > 0) dIn.zero();
            layers.get(k).backward(caches.get(k), d, dFinal == null ? null : dFinal[k], dIn, dInitial == null ? null : dInitial[k]);
            d = dIn;
        }
    }

    /** Bytes held by activations and backward buffers for the last (T, B). */
    public long activationBytes() {
        long n = 0;
        for (SequenceLayer.Cache c : caches) n += c.bytes();
        int w = ops.dtype() == DType.F32 ? 4 : 8;
        if (logits != null) n += (long) (logits.size() + dTop.size()) * w;
        for (Tensor t : dInputs) n += (long) t.size() * w;
        return n;
    }
}
