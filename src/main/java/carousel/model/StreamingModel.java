package carousel.model;

import carousel.progress.CpuTime;
import carousel.layer.Lstm;
import carousel.layer.SequenceLayer;
import carousel.layer.StreamingLstm;
import carousel.tensor.Backend;
import carousel.tensor.DType;
import carousel.tensor.PackedMatrix;
import carousel.tensor.PackedWeights;
import carousel.tensor.Parallel;
import carousel.tensor.Tensor;

/**
 * Frame-by-frame inference of a unidirectional float32 LSTM {@link SequenceModel}: one frame in,
 * its logits out, the recurrent state carried by the caller. Equal (to float32 rounding) to
 * {@link SequenceModel#forward} run on the frames one step at a time, and to one call over the
 * whole sequence; faster because each step is one matrix-vector product per layer over stacked
 * weights plus the projections and the output layer, with no per-call allocation or cache keeping
 * (see {@link StreamingLstm}).
 *
 * <p>The weights are a snapshot taken at construction; build a new instance after training changes
 * them. State is {@link SequenceModel#zeroStates}{@code (1)}: per layer {@code [r (1, R), c (1, H)]},
 * updated in place by {@link #step}, so a state can be handed between this class and the model.
 * The instance holds only the snapshot; each caller (a stream, a thread) owns a {@link Scratch}
 * ({@link #newScratch}) with the step's buffers, so one snapshot serves any number of streams, in
 * turn or at once.
 *
 * <p>{@link Weights#BF16} (opt-in) stores the snapshot's weight matrices (every layer's [W_ih | W_hh],
 * projections and the output layer) as bfloat16, rounded to nearest even: half the bytes each step
 * reads, which is what batch-1 speed is bound by. Products still accumulate in float32 and biases,
 * peepholes, gates, cell state and outputs stay float32; the outputs then differ from the model's
 * by the weights' rounding (at most 2⁻⁸ of each weight), not by float32 rounding
 * (StreamingModelTest measures how much). {@link Weights#INT8} (opt-in) stores them as int8 with a
 * float32 scale per output row ({@link carousel.tensor.Int8Matrix}): a quarter of the bytes, each
 * weight within half a step (1/254 of its row's largest weight).
 *
 * <p>Many streams at once: {@link #stepRows} steps m streams of this model together, one frame
 * each, reading the weights once for all of them (what a recognition server does with its live
 * users). Each stream keeps its own state ({@link #newState}); streams join and leave between
 * steps simply by being passed or not. A stream's logits do not depend on which other streams
 * share the step, and equal those of stepping it alone with {@link #step} within float32 rounding
 * (see {@link StreamingLstm}; StreamingModelTest checks both).
 */
public final class StreamingModel {
    /**
     * How the snapshot stores its weight matrices: float32 (outputs equal the model's), bfloat16
     * (half the bytes) or int8 with per-row scales (a quarter).
     */
    public enum Weights {
        F32, BF16, INT8;

        /** "f32", "bf16" or "int8" (case-insensitive; also "float32", "bfloat16"), as the command-line options spell it. */
        public static Weights parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "f32", "float32" -> F32;
                case "bf16", "bfloat16" -> BF16;
                case "int8" -> INT8;
                default -> throw new IllegalArgumentException("weights must be f32, bf16 or int8, got '" + s + "'");
            };
        }

        /** The lower-case name the options use. */
        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

        /** A float32 packed matrix stored in this format. */
        public PackedWeights store(PackedMatrix m) {
            return switch (this) {
                case F32 -> m;
                case BF16 -> m.toBf16();
                case INT8 -> m.toInt8();
            };
        }
    }

    private final SequenceModel model;
    private final Weights weights;
    private final StreamingLstm[] layers;
    private final PackedWeights output;  // (C, D) with its bias
    private final int C;

    /**
     * One caller's buffers for stepping a {@link StreamingModel}: each layer's {@link StreamingLstm.Scratch},
     * each layer's output and the logits of one stream, and their several-stream twins grown to the
     * largest stream count seen. Not thread-safe: one per stream or thread.
     */
    public static final class Scratch {
        private final StreamingModel model;
        private final StreamingLstm.Scratch[] layers;
        private final float[][] ys;          // per layer (O_k): the layer's output, the next one's input
        private final float[] logits;        // (C)
        private int capacity;
        private float[][] yRows;             // per layer (capacity, O_k)
        private float[] logitRows;           // (capacity, C)
        private Tensor[][] layerStates;      // (capacity) of [r, c]: one layer's state of each stream in the step
        private Scratch[] parts;             // one per thread of a step split by streams, made at the first such step
        private long cpuNanos;               // CPU time of the last stepRows, summed over the threads that ran it

        private Scratch(StreamingModel model) {
            this.model = model;
            layers = new StreamingLstm.Scratch[model.layers.length];
            ys = new float[model.layers.length][];
            for (int k = 0; k < layers.length; k++) {
                layers[k] = model.layers[k].newScratch();
                ys[k] = new float[model.layers[k].outputSize()];
            }
            logits = new float[model.C];
        }

        /**
         * The CPU time of the last {@link #stepRows} on this scratch, in nanoseconds, summed over every thread
         * that ran a share of it (a split step's other threads included, which the caller's own CPU clock misses).
         */
        public long stepCpuNanos() { return cpuNanos; }
    }
    // several-stream steps: per layer (capacity, O_k) outputs, (capacity, C) logits, per layer the streams' states

    public StreamingModel(SequenceModel model) { this(model, Weights.F32); }

    public StreamingModel(SequenceModel model, Weights weights) {
        ModelConfig cfg = model.config();
        if (cfg.cell() != Cell.LSTM) throw new IllegalArgumentException("streaming needs an LSTM model, this one is \"" + cfg.cell() + "\"");
        if (cfg.bidirectional()) throw new IllegalArgumentException("a bidirectional model needs the whole sequence and cannot stream frame by frame");
        if (model.ops().dtype() != DType.F32) throw new IllegalArgumentException("streaming runs in float32; the model is " + model.ops().dtype());
        this.model = model;
        this.weights = java.util.Objects.requireNonNull(weights, "weights");
        layers = new StreamingLstm[cfg.numLayers()];
        for (int k = 0; k < layers.length; k++) {
            SequenceLayer l = model.layers().get(k);
            layers[k] = new StreamingLstm((Lstm) l, weights::store);
        }
        int D = model.output().inputSize();
        C = model.output().outputSize();
        output = weights.store(PackedMatrix.pack(model.output().weight.value().f, 0, D, C, D, model.output().bias.value().f, 0));
    }

    /** New buffers for one caller of this snapshot ({@link Scratch}). */
    public Scratch newScratch() { return new Scratch(this); }

    private Scratch check(Scratch s) {
        if (s.model != this) throw new IllegalArgumentException("the scratch belongs to another streaming model");
        return s;
    }

    public int inputSize() { return layers[0].inputSize(); }
    public int outputSize() { return C; }
    public Weights weights() { return weights; }

    /** Zero state for one stream, the same shapes as {@link SequenceModel#zeroStates}(1). */
    public Tensor[][] newState() { return model.zeroStates(1); }

    /** Bytes of weights each step reads (weight matrices at 4 or 2 bytes per stored entry, biases and peepholes at 4). */
    public long weightBytes() {
        long n = output.bytes();
        for (StreamingLstm l : layers) n += l.weightBytes();
        return n;
    }

    /**
     * Runs one frame x[xOff, xOff + input_size) through every layer and the output layer, updating
     * {@code state} in place. Returns the logits (output_size), owned by the scratch and
     * overwritten by its next step.
     */
    public float[] step(Scratch scratch, float[] x, int xOff, Tensor[][] state) {
        check(scratch);
        float[] in = x;
        int inOff = xOff;
        for (int k = 0; k < layers.length; k++) {
            layers[k].step(scratch.layers[k], in, inOff, state[k], scratch.ys[k], 0);
            in = scratch.ys[k];
            inOff = 0;
        }
        output.multiply(in, 0, scratch.logits, 0);
        return scratch.logits;
    }

    /**
     * One frame of each of m streams: row s of x (m, input_size) at stride ldx is stream s's frame
     * and {@code states[s]} its state ({@link #newState}, updated in place). Returns the logits
     * (m, output_size), row s for stream s, owned by the scratch and overwritten by its next
     * step. The weights are read once for all m streams; the streams passed may change from call to
     * call (a stream joins by being passed with a new state, leaves by no longer being passed).
     *
     * <p>On several threads ({@link carousel.tensor.Backend#configuredThreads}) the streams are split
     * between them, {@value #STREAMS_PER_THREAD} or more each, and each thread steps its share through the
     * whole network alone ({@link Parallel#inline}): one hand-off per step instead of one per
     * product and element-wise stage, each thread reading all the weights (from the shared cache).
     * A stream's logits do not depend on the split: every kernel computes a row alike whatever the
     * other rows of its batch.
     */
    public float[] stepRows(Scratch scratch, int m, float[] x, int xOff, int ldx, Tensor[][][] states) {
        check(scratch);
        if (m < 1 || states.length < m) throw new IllegalArgumentException("stepRows: " + m + " streams, " + states.length + " states");
        if (ldx < inputSize()) throw new IllegalArgumentException("stepRows: row stride " + ldx + " is below the input size " + inputSize());
        if (xOff < 0 || (long) xOff + (long) (m - 1) * ldx + inputSize() > x.length)
            throw new IndexOutOfBoundsException("x (" + m + "x" + inputSize() + ", ld " + ldx + ") from " + xOff + " does not fit " + x.length);
        Scratch w = scratch;
        grow(w, m);
        int parts = Math.max(1, Math.min(Backend.configuredThreads(), m / STREAMS_PER_THREAD));
        if (parts == 1) {
            long t0 = CpuTime.threadNanos();
            stepRows(w, m, x, xOff, ldx, states, 0, w.logitRows, 0);
            w.cpuNanos = CpuTime.threadNanos() - t0;
            return w.logitRows;
        }
        if (w.parts == null || w.parts.length < parts) {
            w.parts = new Scratch[parts];
            for (int p = 0; p < parts; p++) w.parts[p] = new Scratch(this);
        }
        float[] logits = w.logitRows;
        Parallel.run(parts, part -> Parallel.inline(() -> {
            long t0 = CpuTime.threadNanos();
            int r0 = m * part / parts, r1 = m * (part + 1) / parts;
            Scratch pw = w.parts[part];
            grow(pw, r1 - r0);
            stepRows(pw, r1 - r0, x, xOff + r0 * ldx, ldx, states, r0, logits, r0 * C);
            pw.cpuNanos = CpuTime.threadNanos() - t0;
        }));
        long cpu = 0;
        for (int p = 0; p < parts; p++) cpu += w.parts[p].cpuNanos;
        w.cpuNanos = cpu;
        return logits;
    }

    /** Fewest streams per thread worth a hand-off in {@link #stepRows}. */
    static final int STREAMS_PER_THREAD = 4;

    private void grow(Scratch w, int m) {
        if (m <= w.capacity) return;
        w.capacity = Math.max(m, 2 * w.capacity);
        w.yRows = new float[layers.length][];
        for (int k = 0; k < layers.length; k++) w.yRows[k] = new float[w.capacity * layers[k].outputSize()];
        w.logitRows = new float[w.capacity * C];
        w.layerStates = new Tensor[w.capacity][];
    }

    /** Streams states[sOff .. sOff + m) through every layer on the calling thread's buffers w; their logits into logits (m, C) from lOff. */
    private void stepRows(Scratch w, int m, float[] x, int xOff, int ldx, Tensor[][][] states, int sOff, float[] logits, int lOff) {
        float[] in = x;
        int inOff = xOff, ld = ldx;
        for (int k = 0; k < layers.length; k++) {
            for (int s = 0; s < m; s++) w.layerStates[s] = states[sOff + s][k];
            int O = layers[k].outputSize();
            layers[k].stepRows(w.layers[k], m, in, inOff, ld, w.layerStates, w.yRows[k], 0, O);
            in = w.yRows[k];
            inOff = 0;
            ld = O;
        }
        java.util.Arrays.fill(w.layerStates, 0, m, null);
        output.multiplyRows(m, in, 0, ld, logits, lOff, C);
    }
}
