package carousel.model;

import carousel.layer.Lstm;
import carousel.layer.SequenceLayer;
import carousel.layer.StreamingLstm;
import carousel.tensor.DType;
import carousel.tensor.PackedMatrix;
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
 * One instance serves one thread (its scratch buffers are shared by the calls).
 *
 * <p>{@link Weights#BF16} (opt-in) stores the snapshot's weight matrices (every layer's [W_ih | W_hh],
 * projections and the output layer) as bfloat16, rounded to nearest even: half the bytes each step
 * reads, which is what batch-1 speed is bound by. Products still accumulate in float32 and biases,
 * peepholes, gates, cell state and outputs stay float32; the outputs then differ from the model's
 * by the weights' rounding (at most 2⁻⁸ of each weight), not by float32 rounding
 * (StreamingModelTest measures how much).
 */
public final class StreamingModel {
    /** How the snapshot stores its weight matrices: float32 (outputs equal the model's) or bfloat16 (half the bytes). */
    public enum Weights {
        F32, BF16;

        /** "f32" or "bf16" (case-insensitive), as the command-line options spell it. */
        public static Weights parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "f32", "float32" -> F32;
                case "bf16", "bfloat16" -> BF16;
                default -> throw new IllegalArgumentException("weights must be f32 or bf16, got '" + s + "'");
            };
        }
    }

    private final SequenceModel model;
    private final Weights weights;
    private final StreamingLstm[] layers;
    private final float[][] ys;          // per layer (O_k): the layer's output, the next one's input
    private final PackedMatrix output;   // (C, D) with its bias
    private final int C;
    private final float[] logits;        // (C)

    public StreamingModel(SequenceModel model) { this(model, Weights.F32); }

    public StreamingModel(SequenceModel model, Weights weights) {
        ModelConfig cfg = model.config();
        if (!cfg.cell().equals("lstm")) throw new IllegalArgumentException("streaming needs an LSTM model, this one is \"" + cfg.cell() + "\"");
        if (cfg.bidirectional()) throw new IllegalArgumentException("a bidirectional model needs the whole sequence and cannot stream frame by frame");
        if (model.ops().dtype() != DType.F32) throw new IllegalArgumentException("streaming runs in float32; the model is " + model.ops().dtype());
        this.model = model;
        this.weights = java.util.Objects.requireNonNull(weights, "weights");
        boolean bf16 = weights == Weights.BF16;
        layers = new StreamingLstm[cfg.numLayers()];
        ys = new float[cfg.numLayers()][];
        for (int k = 0; k < layers.length; k++) {
            SequenceLayer l = model.layers().get(k);
            layers[k] = new StreamingLstm((Lstm) l, bf16);
            ys[k] = new float[layers[k].outputSize()];
        }
        int D = model.output().inputSize();
        C = model.output().outputSize();
        PackedMatrix out = PackedMatrix.pack(model.output().weight.value().f, 0, D, C, D, model.output().bias.value().f, 0);
        output = bf16 ? out.toBf16() : out;
        logits = new float[C];
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
     * {@code state} in place. Returns the logits (output_size), owned by this instance and
     * overwritten by the next call.
     */
    public float[] step(float[] x, int xOff, Tensor[][] state) {
        float[] in = x;
        int inOff = xOff;
        for (int k = 0; k < layers.length; k++) {
            layers[k].step(in, inOff, state[k], ys[k], 0);
            in = ys[k];
            inOff = 0;
        }
        output.multiply(in, 0, logits, 0);
        return logits;
    }
}
