package carousel.layer;

import carousel.tensor.F32Ops;
import carousel.tensor.LstmPointwise;
import carousel.tensor.PackedMatrix;
import carousel.tensor.Tensor;

/**
 * One {@link Lstm} layer for streaming inference: batch 1, one time step per call, float32. The
 * same equations as {@link Lstm} (all its options: projections, peepholes, no forget gate,
 * activations, cell clip), computed without any bookkeeping for backward and without allocation.
 *
 * <pre>
 *   z_t = [W_ih | W_hh] · [x_t ; r_{t-1}] + (b_ih + b_hh)     one matrix-vector product, (G·H)
 *   c_t, m_t from z_t, c_{t-1} as in {@link LstmPointwise}
 *   r_t = W_hr m_t (P &gt; 0) or m_t;   y_t = [r_t ; W_pr m_t]
 * </pre>
 *
 * <p>The weights are a snapshot taken at construction, each matrix a {@link PackedMatrix}: W_ih and
 * W_hh stacked side by side into one (G·H, I + R) matrix with the two biases summed once, so the gate
 * product is a single sequential pass over one array. At batch 1 the products are bound by the
 * bandwidth the weights stream from, so this (every weight read once per step, nothing else of
 * size) is what the speed depends on. Build a new instance after the weights change.
 *
 * <p>With {@code bf16Weights} the three matrices hold bfloat16 weights ({@link PackedMatrix#toBf16}):
 * half the bytes per step; biases, peepholes, the gates, the cell and every output stay float32.
 *
 * <p>State is the layer's usual {@code [r (1, R), c (1, H)]} pair (see {@link Lstm#stateShapes}),
 * updated in place by {@link #step}; it is not held here, so one instance serves streams in turn.
 */
public final class StreamingLstm {
    private final LstmPointwise pw;
    private final int I, H, R, P, Pn, O, GH;
    private final PackedMatrix gates;   // (GH, I + R): [W_ih | W_hh], bias b_ih + b_hh
    private final PackedMatrix wHr;     // (P, H) or null
    private final PackedMatrix wPr;     // (Pn, H) or null
    private final Tensor peep;          // (peepRows, H) or null
    // scratch of one step
    private final float[] xr;           // (I + R): [x_t ; r_{t-1}]
    private final Tensor z;             // (1, GH): pre-activations, then activations
    private final Tensor hc, m;         // (1, H): H(c_t), m_t

    public StreamingLstm(Lstm layer) { this(layer, false); }

    /** A snapshot of the layer's weights, the three matrices as bfloat16 when {@code bf16Weights}. */
    public StreamingLstm(Lstm layer, boolean bf16Weights) {
        Lstm.Config cfg = layer.config();
        if (layer.ops().dtype() != carousel.tensor.DType.F32) throw new IllegalArgumentException("streaming runs in float32; the layer is " + layer.ops().dtype());
        pw = cfg.pointwise();
        I = cfg.inputSize(); H = cfg.hiddenSize(); P = cfg.projSize(); R = cfg.recurrentSize();
        Pn = cfg.nonRecurrentProjSize(); O = cfg.outputSize(); GH = pw.gates() * H;
        PackedMatrix g = PackedMatrix.packSideBySide(layer.weightIh.value().f, I, layer.weightHh.value().f, R, GH,
                layer.biasIh.value().f, layer.biasHh.value().f);
        PackedMatrix hr = P > 0 ? PackedMatrix.pack(layer.weightHr.value().f, 0, H, P, H, null, 0) : null;
        PackedMatrix pr = Pn > 0 ? PackedMatrix.pack(layer.weightPr.value().f, 0, H, Pn, H, null, 0) : null;
        gates = bf16Weights ? g.toBf16() : g;
        wHr = bf16Weights && hr != null ? hr.toBf16() : hr;
        wPr = bf16Weights && pr != null ? pr.toBf16() : pr;
        peep = layer.weightPeep == null ? null : layer.weightPeep.value().copy();
        xr = new float[I + R];
        z = Tensor.f32(1, GH);
        hc = Tensor.f32(1, H);
        m = Tensor.f32(1, H);
    }

    public int inputSize() { return I; }
    public int outputSize() { return O; }

    /** Bytes of the weight snapshot (what each step reads). */
    public long weightBytes() {
        long n = gates.bytes();
        if (wHr != null) n += wHr.bytes();
        if (wPr != null) n += wPr.bytes();
        if (peep != null) n += 4L * peep.size();
        return n;
    }

    /**
     * One time step: reads x[xOff, xOff + I), updates {@code state = [r (1, R), c (1, H)]} in place
     * and writes y[yOff, yOff + O) = [r_t ; p_t].
     */
    public void step(float[] x, int xOff, Tensor[] state, float[] y, int yOff) {
        Tensor r = state[0], c = state[1];
        System.arraycopy(x, xOff, xr, 0, I);
        System.arraycopy(r.f, 0, xr, I, R);
        gates.multiply(xr, 0, z.f, 0);
        // without projection m_t is r_t: the kernel writes it straight into the state
        Tensor mDst = P > 0 ? m : r;
        F32Ops.INSTANCE.lstmForward(pw, 1, null, 0, z, 0, c, 0, c, 0, hc, 0, mDst, 0, peep);
        if (P > 0) wHr.multiply(m.f, 0, r.f, 0);
        System.arraycopy(r.f, 0, y, yOff, R);
        if (Pn > 0) wPr.multiply(mDst.f, 0, y, yOff + R);
    }
}
