package carousel.lag;

import carousel.loss.Frames;
import carousel.loss.LossResult;
import carousel.online.Lstm1997;
import carousel.online.Lstm1997Config;
import carousel.online.OnlineNet;
import carousel.online.Rtrl;
import carousel.tensor.Activation;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import carousel.train.RunDirectory;
import carousel.io.FormatException;
import carousel.io.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods {@code lstm1997} and {@code rtrl}: nets trained online, sequence by sequence and step
 * by step, with the weights changed after every step that has a target, as Hochreiter &amp;
 * Schmidhuber 1997 trained theirs. {@code lstm1997} builds the paper's architecture for each task
 * (memory blocks and cells, which units are biased, output gate or not, what the output units see,
 * the squashing functions, the initial gate biases; the forget gate for Gers 2000's continual task)
 * and learns with the 1997 truncated rule; {@code rtrl} is a simple RNN of the task's cell count
 * trained by full real-time recurrent learning, the paper's baseline. Output units are logistic,
 * the error ½Σ(y − t)² with one-hot targets for class tasks. The learning rate and initial weight
 * range are the paper's (a {@code --lr} with the paper preset overrides the rate). Weights change
 * after every step that has a target, or once per sequence ({@link Preset.Update}); every training
 * sequence starts from a reset net: activations, cell states and the traces ∂s/∂w all zero.
 */
public final class OnlineLearner implements Learner {
    private final OnlineNet net;
    private final double lr;
    private final Preset.Update update;
    private final String description;
    private final int I, O;
    private Tensor outputs, lastOutputs;
    private double[][][] trainStates, predictStates;
    private Construction construction;

    OnlineLearner(OnlineNet net, double lr, Preset.Update update, String description) {
        this.net = net; this.lr = lr; this.update = update;
        this.description = description + (update == Preset.Update.SEQUENCE ? ", weights updated once per sequence" : "");
        this.I = net.inputs(); this.O = net.outputs();
    }

    /** The 1997 architecture of a task (Tables 10 and 11 of the paper, and the task's PaperSetup). */
    public static Lstm1997Config architecture(LagTask task) {
        PaperSetup p = task.paper();
        Lstm1997Config c = Lstm1997Config.paper(task.inputSize(), task.outputSize(), p.blocks(), p.cellsPerBlock(), p.initRange());
        c = switch (task.name()) {
            case "reber" -> c.withBiases(true, false, false);
            case "2a", "2b" -> c.withOutputGate(false).withHiddenRecurrence(false).withBiases(false, false, false)
                    .withSquashing(Activation.SIGMOID, Activation.IDENTITY, true);
            case "2c" -> c.withBiases(false, false, false);
            case "3a", "3b", "3c" -> c.withBiases(true, true, false);
            case "continual-reber" -> c.withForgetGate(true);
            default -> c;   // adding, multiplication, 6a, 6b: all non-input units biased
        };
        boolean biased = c.biasGates();
        return c.withGateBiases(biased ? p.inputGateBias() : null, biased && c.outputGate() ? p.outputGateBias() : null, biased && c.forgetGate() ? p.forgetGateBias() : null);
    }

    static double learningRate(LagTask task, Preset preset) {
        return preset.kind() == Preset.Kind.PAPER ? preset.learningRate() : task.paper().learningRate();
    }

    public static Learner lstm1997(LagTask task, Preset preset, Rng rng) {
        Lstm1997Config cfg = architecture(task);
        double lr = learningRate(task, preset);
        Lstm1997 net = new Lstm1997(cfg, rng);
        boolean sequential = sequentialConstruction(task);
        OnlineLearner learner = new OnlineLearner(net, lr, preset.update(), String.format(java.util.Locale.ROOT,
                "1997 LSTM, %d block(s) of %d cell(s)%s, %d weights, online truncated learning, lr %s%s", cfg.blocks(), cfg.cellsPerBlock(),
                cfg.forgetGate() ? " with forget gates" : "", cfg.weightCount(), lr,
                sequential ? ", sequential construction (blocks added when the error stops decreasing)" : ""));
        if (sequential) learner.construction = new Construction(net);
        return learner;
    }

    /** Exp. 2a and 2b: the paper adds the memory cell and its gate once the error stops decreasing (Sec. 5.2). */
    static boolean sequentialConstruction(LagTask task) {
        return task.name().equals("2a") || task.name().equals("2b");
    }

    /**
     * Sequential network construction (Sec. 4 and 5.2 of the 1997 paper): training starts without
     * memory blocks (the outputs learn what the direct input connections can: the local predictions);
     * whenever the mean loss per sequence over a window of {@value #WINDOW} training sequences is no
     * longer {@value #MIN_GAIN} below the previous window's, the next block is added.
     */
    static final class Construction {
        static final int WINDOW = 100;
        static final double MIN_GAIN = 0.01;
        private final Lstm1997 net;
        private double windowLoss, previousWindow = Double.POSITIVE_INFINITY;
        private int inWindow;
        private long sequences;
        private final java.util.List<Long> addedAfter = new java.util.ArrayList<>();

        Construction(Lstm1997 net) { this.net = net; net.setActiveBlocks(0); }

        void afterSequence(double loss) {
            sequences++;
            if (net.activeBlocks() == net.config().blocks()) return;
            windowLoss += loss;
            if (++inWindow < WINDOW) return;
            double mean = windowLoss / WINDOW;
            if (mean > (1 - MIN_GAIN) * previousWindow) {
                net.setActiveBlocks(net.activeBlocks() + 1);
                addedAfter.add(sequences);
                previousWindow = Double.POSITIVE_INFINITY;
            } else {
                previousWindow = mean;
            }
            windowLoss = 0;
            inWindow = 0;
        }

        /** Training sequences seen before each block was added. */
        java.util.List<Long> addedAfter() { return java.util.List.copyOf(addedAfter); }

        Map<String, Object> state() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("active_blocks", (long) net.activeBlocks());
            m.put("window_loss", StateFields.number(windowLoss));
            m.put("previous_window", StateFields.number(previousWindow));
            m.put("in_window", (long) inWindow);
            m.put("sequences", Long.toString(sequences));
            m.put("added_after", List.copyOf(addedAfter.stream().map(Object::toString).toList()));
            return m;
        }

        void restore(Map<String, Object> m, String source) throws FormatException {
            int active = Json.getInt(m, "active_blocks", source);
            if (active < 0 || active > net.config().blocks()) throw new FormatException(source, "active_blocks " + active + " is not in [0, " + net.config().blocks() + "]");
            net.setActiveBlocks(active);
            windowLoss = StateFields.number(m, "window_loss", source);
            previousWindow = StateFields.number(m, "previous_window", source);
            inWindow = Json.getInt(m, "in_window", source);
            sequences = StateFields.longOf(m, "sequences", source);
            addedAfter.clear();
            for (Object o : Json.getList(m, "added_after", source)) {
                try {
                    addedAfter.add(Long.parseLong(String.valueOf(o)));
                } catch (NumberFormatException e) {
                    throw new FormatException(source, "added_after holds \"" + o + "\", not a count");
                }
            }
        }
    }

    /** The file of {@link #writeState}. */
    static final String STATE_FILE = "learner.json";

    /**
     * The net's weights (exactly, as the bits of each double) and the sequential construction's
     * counters. Activations, traces and gradients are not saved: between training sequences they
     * are zero (every sequence starts from a reset net, and each update zeroes the gradients).
     */
    @Override
    public void writeState(Path dir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "carousel-online-learner");
        m.put("learner", description);
        List<Object> w = new ArrayList<>();
        for (double[] a : net.weightArrays()) w.add(StateFields.doubles(a));
        m.put("weights", w);
        if (construction != null) m.put("construction", construction.state());
        RunDirectory.writeJson(dir.resolve(STATE_FILE), m);
    }

    @Override
    public void readState(Path dir) throws IOException {
        Path f = dir.resolve(STATE_FILE);
        String source = f.toString();
        Map<String, Object> m = Json.readObject(f);
        if (!"carousel-online-learner".equals(Json.getString(m, "format", source)))
            throw new FormatException(source, "is not an online learner's state (format " + Json.getString(m, "format", source) + ")");
        List<Object> w = Json.getList(m, "weights", source);
        double[][] arrays = net.weightArrays();
        if (w.size() != arrays.length) throw new FormatException(source, "weights holds " + w.size() + " arrays where " + arrays.length + " were expected");
        double[][] read = new double[arrays.length][];
        Map<String, Object> one = new LinkedHashMap<>();
        for (int i = 0; i < arrays.length; i++) {
            one.put("weights[" + i + "]", w.get(i));
            read[i] = StateFields.doubles(one, "weights[" + i + "]", arrays[i].length, source);
        }
        if (construction != null) construction.restore(Json.getObject(m, "construction", source), source);
        for (int i = 0; i < arrays.length; i++) System.arraycopy(read[i], 0, arrays[i], 0, arrays[i].length);
    }

    /** For sequential construction: the training sequences before each memory block was added (empty otherwise). */
    public java.util.List<Long> blocksAddedAfter() { return construction == null ? java.util.List.of() : construction.addedAfter(); }

    public static Learner rtrl(LagTask task, Preset preset, Rng rng) {
        PaperSetup p = task.paper();
        boolean twoA = task.name().equals("2a") || task.name().equals("2b");
        int hidden = twoA ? 1 : Math.max(1, p.cells());
        Rtrl.Config cfg = new Rtrl.Config(task.inputSize(), hidden, task.outputSize(), !twoA, twoA, p.initRange());
        double lr = learningRate(task, preset);
        return new OnlineLearner(new Rtrl(cfg, rng), lr, preset.update(), String.format(java.util.Locale.ROOT,
                "simple RNN, %d hidden unit(s), %d weights, online RTRL (Williams & Zipser 1989), lr %s", hidden, cfg.weightCount(), lr));
    }

    @Override public long weightCount() { return net.weightCount(); }
    @Override public String describe() { return description; }
    @Override public Tensor lastOutputs() { return lastOutputs; }

    private double[] input(Batch b, int t, int s) {
        double[] x = new double[I];
        int off = (t * b.batch() + s) * I;
        for (int i = 0; i < I; i++) x[i] = b.x().get(off + i);
        return x;
    }

    /** The target of sequence s at step t, or null when that step carries none. */
    private double[] target(Batch b, int t, int s, int len) {
        if (b.frames() == Frames.LAST && t != len - 1) return null;
        int row = t * b.batch() + s;
        double[] y = new double[O];
        if (b.classTargets() != null) {
            int c = b.classTargets()[row];
            if (c < 0) return null;
            y[c] = 1;
        } else {
            for (int o = 0; o < O; o++) y[o] = b.valueTargets().get(row * O + o);
        }
        return y;
    }

    private static Tensor ensure(Tensor t, Batch b, int O) {
        return t != null && t.size() == b.steps() * b.batch() * O ? t : Tensor.f32(b.steps(), b.batch(), O);
    }

    @Override
    public LossResult train(Batch b) {
        lastOutputs = ensure(lastOutputs, b, O);
        lastOutputs.zero();
        double loss = 0;
        long frames = 0;
        for (int s = 0; s < b.batch(); s++) {
            int len = b.lengths() == null ? b.steps() : b.lengths()[s];
            net.reset();
            double sequenceLoss = 0;
            for (int t = 0; t < len; t++) {
                double[] target = target(b, t, s, len);
                double[] y = net.step(input(b, t, s), target);
                for (int o = 0; o < O; o++) lastOutputs.set((t * b.batch() + s) * O + o, y[o]);
                if (target != null) {
                    sequenceLoss += net.lastLoss(target);
                    frames++;
                    if (update == Preset.Update.STEP) net.applyGradient(lr);
                }
            }
            if (update == Preset.Update.SEQUENCE) net.applyGradient(lr);
            loss += sequenceLoss;
            if (construction != null) construction.afterSequence(sequenceLoss);
        }
        return new LossResult(frames == 0 ? 0 : loss / frames, frames, 0);
    }

    @Override
    public Tensor predict(Batch b) {
        outputs = ensure(outputs, b, O);
        outputs.zero();
        for (int s = 0; s < b.batch(); s++) {
            int len = b.lengths() == null ? b.steps() : b.lengths()[s];
            double[][] xs = new double[len][];
            for (int t = 0; t < len; t++) xs[t] = input(b, t, s);
            double[][] y = net.predict(xs);
            for (int t = 0; t < len; t++) for (int o = 0; o < O; o++) outputs.set((t * b.batch() + s) * O + o, y[t][o]);
        }
        return outputs;
    }

    @Override
    public LossResult trainStream(Batch chunk, boolean[] reset) {
        if (trainStates == null || trainStates.length != chunk.batch()) trainStates = new double[chunk.batch()][][];
        lastOutputs = ensure(lastOutputs, chunk, O);
        double loss = 0;
        long frames = 0;
        for (int s = 0; s < chunk.batch(); s++) {
            if (reset[s] || trainStates[s] == null) net.reset(); else net.restoreState(trainStates[s]);
            for (int t = 0; t < chunk.steps(); t++) {
                double[] target = target(chunk, t, s, chunk.steps());
                double[] y = net.step(input(chunk, t, s), target);
                for (int o = 0; o < O; o++) lastOutputs.set((t * chunk.batch() + s) * O + o, y[o]);
                if (target != null) { loss += net.lastLoss(target); frames++; net.applyGradient(lr); }
            }
            trainStates[s] = net.saveState();
        }
        return new LossResult(frames == 0 ? 0 : loss / frames, frames, 0);
    }

    @Override
    public Tensor predictStream(Batch chunk, boolean[] reset) {
        if (predictStates == null || predictStates.length != chunk.batch()) predictStates = new double[chunk.batch()][][];
        outputs = ensure(outputs, chunk, O);
        for (int s = 0; s < chunk.batch(); s++) {
            if (reset[s] || predictStates[s] == null) net.reset(); else net.restoreState(predictStates[s]);
            for (int t = 0; t < chunk.steps(); t++) {
                double[] y = net.step(input(chunk, t, s), null);
                for (int o = 0; o < O; o++) outputs.set((t * chunk.batch() + s) * O + o, y[o]);
            }
            predictStates[s] = net.saveState();
        }
        return outputs;
    }
}
