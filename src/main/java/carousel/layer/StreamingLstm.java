package carousel.layer;

import carousel.tensor.F32Ops;
import carousel.tensor.LstmPointwise;
import carousel.tensor.PackedMatrix;
import carousel.tensor.PackedWeights;
import carousel.tensor.Parallel;
import carousel.tensor.Tensor;

import java.util.function.Function;

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
 * <p>The three matrices may be stored in reduced precision (bfloat16 {@link PackedMatrix#toBf16},
 * int8 with per-row scales {@link PackedMatrix#toInt8}): fewer bytes per step; biases, peepholes,
 * the gates, the cell and every output stay float32.
 *
 * <p>State is the layer's usual {@code [r (1, R), c (1, H)]} pair (see {@link Lstm#stateShapes}),
 * updated in place by {@link #step}; it is not held here. Nor are the step's buffers: each caller
 * (a stream, a thread) owns a {@link Scratch} ({@link #newScratch}), so one immutable snapshot
 * serves any number of streams, in turn or at once.
 * {@link #stepRows} steps m streams at once, one frame each: the weights are read once for all of
 * them ({@link PackedWeights#multiplyRows}), and each stream's result does not depend on the
 * other streams (the products compute each row alike whatever the batch; the element-wise kernel
 * works row by row). It equals {@link #step}'s within float32 rounding: with float32 weights the
 * one-stream product sums in another order; bf16 and int8 products are the same bit for bit.
 */
public final class StreamingLstm {
    private final LstmPointwise pw;
    private final int I, H, R, P, Pn, O, GH;
    private final PackedWeights gates;  // (GH, I + R): [W_ih | W_hh], bias b_ih + b_hh
    private final PackedWeights wHr;    // (P, H) or null
    private final PackedWeights wPr;    // (Pn, H) or null
    private final Tensor peep;          // (peepRows, H) or null

    /** One caller's buffers for this layer's steps; not thread-safe: one per stream or thread. */
    public static final class Scratch {
        private final StreamingLstm layer;
        // scratch of one step
        private final float[] xr;           // (I + R): [x_t ; r_{t-1}]
        private final Tensor z;             // (1, GH): pre-activations, then activations
        private final Tensor hc, m;         // (1, H): H(c_t), m_t
        // scratch of a several-stream step, grown to the largest stream count seen (capacity rows)
        private int capacity;
        private float[] xrRows;             // (capacity, I + R): [x_t ; r_{t-1}] per stream
        private Tensor zRows;               // (capacity, GH)
        private Tensor cRows, hcRows, mRows; // (capacity, H)
        private Tensor rRows;               // (capacity, R)

        private Scratch(StreamingLstm l) {
            layer = l;
            xr = new float[l.I + l.R];
            z = Tensor.f32(1, l.GH);
            hc = Tensor.f32(1, l.H);
            m = Tensor.f32(1, l.H);
        }

        private void grow(int rows) {
            if (rows <= capacity) return;
            StreamingLstm l = layer;
            capacity = Math.max(rows, 2 * capacity);
            xrRows = new float[capacity * (l.I + l.R)];
            zRows = Tensor.f32(capacity, l.GH);
            cRows = Tensor.f32(capacity, l.H);
            hcRows = Tensor.f32(capacity, l.H);
            mRows = Tensor.f32(capacity, l.H);
            rRows = Tensor.f32(capacity, l.R);
        }
    }

    /** A float32 snapshot of the layer's weights. */
    public StreamingLstm(Lstm layer) { this(layer, w -> w); }

    /**
     * A snapshot of the layer's weights, each of the three matrices packed in float32 and then
     * stored as {@code store} makes it (the identity, {@link PackedMatrix#toBf16} or {@link PackedMatrix#toInt8}).
     */
    public StreamingLstm(Lstm layer, Function<PackedMatrix, PackedWeights> store) {
        Lstm.Config cfg = layer.config();
        if (layer.ops().dtype() != carousel.tensor.DType.F32) throw new IllegalArgumentException("streaming runs in float32; the layer is " + layer.ops().dtype());
        pw = cfg.pointwise();
        I = cfg.inputSize(); H = cfg.hiddenSize(); P = cfg.projSize(); R = cfg.recurrentSize();
        Pn = cfg.nonRecurrentProjSize(); O = cfg.outputSize(); GH = pw.gates() * H;
        PackedMatrix g = PackedMatrix.packSideBySide(layer.weightIh.value().f, I, layer.weightHh.value().f, R, GH,
                layer.biasIh.value().f, layer.biasHh.value().f);
        PackedMatrix hr = P > 0 ? PackedMatrix.pack(layer.weightHr.value().f, 0, H, P, H, null, 0) : null;
        PackedMatrix pr = Pn > 0 ? PackedMatrix.pack(layer.weightPr.value().f, 0, H, Pn, H, null, 0) : null;
        gates = store.apply(g);
        wHr = hr == null ? null : store.apply(hr);
        wPr = pr == null ? null : store.apply(pr);
        peep = layer.weightPeep == null ? null : layer.weightPeep.value().copy();
    }

    /** New buffers for one caller of this layer ({@link Scratch}). */
    public Scratch newScratch() { return new Scratch(this); }

    private Scratch check(Scratch s) {
        if (s.layer != this) throw new IllegalArgumentException("the scratch belongs to another streaming layer");
        return s;
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
    public void step(Scratch scratch, float[] x, int xOff, Tensor[] state, float[] y, int yOff) {
        check(scratch);
        float[] xr = scratch.xr;
        Tensor z = scratch.z, hc = scratch.hc, m = scratch.m;
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

    /**
     * One time step of m streams: row s of x (m, I) at stride ldx is stream s's frame,
     * {@code states[s] = [r (1, R), c (1, H)]} its state (updated in place), and row s of y (m, O)
     * at stride ldy receives [r_t ; p_t]. Equal to calling {@link #step} on each stream within
     * float32 rounding (class comment).
     */
    public void stepRows(Scratch scratch, int m, float[] x, int xOff, int ldx, Tensor[][] states, float[] y, int yOff, int ldy) {
        if (m < 1 || states.length < m) throw new IllegalArgumentException("stepRows: " + m + " streams, " + states.length + " states");
        check(scratch).grow(m);
        float[] xrRows = scratch.xrRows;
        Tensor zRows = scratch.zRows, cRows = scratch.cRows, hcRows = scratch.hcRows, mRows = scratch.mRows, rRows = scratch.rRows;
        int XR = I + R;
        for (int s = 0; s < m; s++) {
            System.arraycopy(x, xOff + s * ldx, xrRows, s * XR, I);
            System.arraycopy(states[s][0].f, 0, xrRows, s * XR + I, R);
            System.arraycopy(states[s][1].f, 0, cRows.f, s * H, H);
        }
        gates.multiplyRows(m, xrRows, 0, XR, zRows.f, 0, GH);
        Tensor mDst = P > 0 ? mRows : rRows;
        // the element-wise part in row ranges on the library's threads (rows never mix)
        int parts = F32Ops.INSTANCE.rowParts(m);
        Parallel.run(parts, part -> {
            int r0 = m * part / parts, r1 = m * (part + 1) / parts;
            F32Ops.INSTANCE.lstmForward(pw, r1 - r0, null, 0, zRows, r0 * GH, cRows, r0 * H, cRows, r0 * H, hcRows, r0 * H, mDst, r0 * H, peep);
        });
        if (P > 0) wHr.multiplyRows(m, mRows.f, 0, H, rRows.f, 0, R);
        for (int s = 0; s < m; s++) {
            System.arraycopy(rRows.f, s * R, states[s][0].f, 0, R);
            System.arraycopy(cRows.f, s * H, states[s][1].f, 0, H);
            System.arraycopy(rRows.f, s * R, y, yOff + s * ldy, R);
        }
        if (Pn > 0) wPr.multiplyRows(m, mDst.f, 0, H, y, yOff + R, ldy);
    }
}
