package carousel.layer;

import carousel.tensor.Activation;
import carousel.tensor.LstmPointwise;
import carousel.tensor.Ops;
import carousel.tensor.Parallel;
import carousel.tensor.Products;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * LSTM layer, with the options that separate its historical forms: the 1997 cell (Hochreiter &amp;
 * Schmidhuber, Neural Computation 9(8), 1997: constant error carousel with input and output gates,
 * no forget gate), the forget gate (Gers, Schmidhuber &amp; Cummins 2000), peepholes (Gers,
 * Schraudolph &amp; Schmidhuber 2002), and LSTMP (Sak, Senior &amp; Beaufays, Interspeech 2014):
 * a recurrent projection r_t = W_rm m_t and an optional non-recurrent projection p_t = W_pm m_t.
 *
 * <pre>
 *   z_t = W_ih x_t + b_ih + W_hh r_{t-1} + b_hh              (B, G·H), gates [i, f, g, o]
 *   i, f, o = σ(z + peepholes),  g = G(z_g)
 *   c_t = f ⊙ c_{t-1} + i ⊙ g,   m_t = o ⊙ H(c_t)
 *   r_t = W_hr m_t  (projection, P &gt; 0)   or   r_t = m_t
 *   y_t = [r_t ; p_t]   with p_t = W_pr m_t when the non-recurrent projection is on
 * </pre>
 * Parameter names and shapes are PyTorch's: weight_ih (G·H, I), weight_hh (G·H, R), bias_ih and
 * bias_hh (G·H), weight_hr (P, H); Carousel's additions: weight_peep (3 or 2, H) and weight_pr (Pn, H).
 *
 * <p>Cache (why each buffer is kept): the gate activations i, f, g, o (T, B, G·H) and H(c) (T, B, H)
 * give every derivative through the output-form derivatives, so no pre-activation is stored;
 * c (T+1, B, H) is needed for the forget-gate and peephole gradients; r (T+1, B, R) with r_0 = h0
 * feeds the batched weight_hh gradient; m (T, B, H) is kept only when a projection needs it.
 * Memory therefore grows linearly in T: about 4·T·B·(G·H + 3H + R + O) bytes plus the backward
 * buffers of the same order.
 *
 * <p>Batched products: the input product for all T·B rows is one gemm before the time loop, and the
 * weight gradients are one gemm each after the backward loop; only the recurrent product and the
 * projection run per step, on weights prepared once per forward (W_hh, W_hr) and once per backward
 * (their transposes) by {@link Ops#prepare}: the float32 kernels pack them for a register-tiled
 * Vector API product instead of letting the BLAS repack them at every step. Batch rows never mix,
 * so the time loops run in row ranges on separate threads ({@link Ops#rowParts}), with peephole
 * gradients summed per range; nothing inside the loops synchronises.
 */
public final class Lstm implements SequenceLayer {
    /** Validated configuration of one LSTM layer (one direction). */
    public record Config(int inputSize, int hiddenSize, int projSize, int nonRecurrentProjSize,
                         boolean forgetGate, boolean peepholes,
                         Activation gate, Activation cellInput, Activation cellOutput, float cellClip) {
        public Config {
            if (inputSize < 1) throw new IllegalArgumentException("input_size must be at least 1, got " + inputSize);
            if (hiddenSize < 1) throw new IllegalArgumentException("hidden_size must be at least 1, got " + hiddenSize);
            if (projSize < 0) throw new IllegalArgumentException("proj_size must be >= 0 (0 = no projection), got " + projSize);
            if (projSize >= hiddenSize && projSize > 0)
                throw new IllegalArgumentException("proj_size has to be smaller than hidden_size (got proj_size " + projSize + ", hidden_size " + hiddenSize + ")");
            if (nonRecurrentProjSize < 0) throw new IllegalArgumentException("non_recurrent_proj_size must be >= 0, got " + nonRecurrentProjSize);
            java.util.Objects.requireNonNull(gate, "gate activation");
            java.util.Objects.requireNonNull(cellInput, "cell input activation");
            java.util.Objects.requireNonNull(cellOutput, "cell output activation");
        }

        /** The modern default: forget gate, no peepholes, σ / tanh / tanh. */
        public static Config standard(int inputSize, int hiddenSize) {
            return new Config(inputSize, hiddenSize, 0, 0, true, false, Activation.SIGMOID, Activation.TANH, Activation.TANH, 0f);
        }

        public Config withProjection(int p) { return new Config(inputSize, hiddenSize, p, nonRecurrentProjSize, forgetGate, peepholes, gate, cellInput, cellOutput, cellClip); }
        public Config withNonRecurrentProjection(int p) { return new Config(inputSize, hiddenSize, projSize, p, forgetGate, peepholes, gate, cellInput, cellOutput, cellClip); }
        public Config withForgetGate(boolean on) { return new Config(inputSize, hiddenSize, projSize, nonRecurrentProjSize, on, peepholes, gate, cellInput, cellOutput, cellClip); }
        public Config withPeepholes(boolean on) { return new Config(inputSize, hiddenSize, projSize, nonRecurrentProjSize, forgetGate, on, gate, cellInput, cellOutput, cellClip); }
        public Config withActivations(Activation g, Activation in, Activation out) { return new Config(inputSize, hiddenSize, projSize, nonRecurrentProjSize, forgetGate, peepholes, g, in, out, cellClip); }
        public Config withCellClip(float clip) { return new Config(inputSize, hiddenSize, projSize, nonRecurrentProjSize, forgetGate, peepholes, gate, cellInput, cellOutput, clip); }
        public Config withInputSize(int in) { return new Config(in, hiddenSize, projSize, nonRecurrentProjSize, forgetGate, peepholes, gate, cellInput, cellOutput, cellClip); }

        /** Width of the recurrent state r: P when projecting, else H. */
        public int recurrentSize() { return projSize > 0 ? projSize : hiddenSize; }
        public int outputSize() { return recurrentSize() + nonRecurrentProjSize; }
        public LstmPointwise pointwise() { return new LstmPointwise(hiddenSize, forgetGate, peepholes, gate, cellInput, cellOutput, cellClip); }
    }

    private final Config cfg;
    private final LstmPointwise pw;
    private final Ops ops;
    private final int I, H, R, P, Pn, O, GH;
    // weights (T-independent) and their gradients
    public final Param weightIh, weightHh, biasIh, biasHh, weightHr, weightPeep, weightPr;

    public Lstm(Config cfg, Ops ops) {
        this.cfg = cfg;
        this.pw = cfg.pointwise();
        this.ops = ops;
        I = cfg.inputSize(); H = cfg.hiddenSize(); P = cfg.projSize(); R = cfg.recurrentSize();
        Pn = cfg.nonRecurrentProjSize(); O = cfg.outputSize(); GH = pw.gates() * H;
        weightIh = param("weight_ih", GH, I);
        weightHh = param("weight_hh", GH, R);
        biasIh = param("bias_ih", GH);
        biasHh = param("bias_hh", GH);
        weightHr = P > 0 ? param("weight_hr", P, H) : null;
        weightPeep = cfg.peepholes() ? param("weight_peep", pw.peepRows(), H) : null;
        weightPr = Pn > 0 ? param("weight_pr", Pn, H) : null;
    }

    private Param param(String name, int... shape) { return new Param(name, ops.zeros(shape), ops.zeros(shape)); }

    public Config config() { return cfg; }
    @Override public int inputSize() { return I; }
    @Override public int outputSize() { return O; }
    @Override public Ops ops() { return ops; }

    @Override
    public List<Param> params() {
        List<Param> l = new ArrayList<>(List.of(weightIh, weightHh, biasIh, biasHh));
        if (weightHr != null) l.add(weightHr);
        if (weightPeep != null) l.add(weightPeep);
        if (weightPr != null) l.add(weightPr);
        return l;
    }

    /**
     * PyTorch's default initialisation: every parameter uniform in [-1/√H, 1/√H]; then, when
     * {@code gateBias} is non-null, bias_ih's blocks set to its values per gate (order i, f, g, o, or
     * i, g, o without forget gate) and bias_hh zeroed, e.g. a forget-gate bias of +1.
     */
    public void initialize(Rng rng, double range, double[] gateBias) {
        for (Param p : params()) rng.fillUniform(p.value(), range);
        if (gateBias != null) {
            if (gateBias.length != pw.gates())
                throw new IllegalArgumentException("gate bias needs " + pw.gates() + " values (" + (cfg.forgetGate() ? "i, f, g, o" : "i, g, o") + "), got " + gateBias.length);
            for (int gIdx = 0; gIdx < pw.gates(); gIdx++)
                for (int j = 0; j < H; j++) { biasIh.value().set(gIdx * H + j, gateBias[gIdx]); biasHh.value().set(gIdx * H + j, 0); }
        }
    }

    @Override
    public int[][] stateShapes(int batch) { return new int[][]{{batch, R}, {batch, H}}; }

    /** Forward activations and backward scratch of one (T, B). */
    static final class LstmCache implements Cache {
        int T = -1, B = -1;
        int[] lengths;
        Tensor x;
        Tensor gates, c, hc, m, r, y;          // (T,B,GH) (T+1,B,H) (T,B,H) (T,B,H)|null (T+1,B,R) (T,B,O)
        Tensor dPre, dR, dMx, dp, dm, drA, drB, dcA, dcB;
        Tensor[] finalState;
        Tensor bias;                           // (GH): b_ih + b_hh forward, their common gradient backward
        int[] rowStart;                        // (parts + 1): row ranges of the time loops when split
        int[][] rowLengths;                    // lengths per row range (null entries: full length)
        Tensor[] dPeepParts;                   // peephole gradients per row range
        // recurrent weights prepared for the per-step products: W_hh and W_hr forward, their transposes backward
        Ops.Prepared hhForward, hrForward, hhBackward, hrBackward;
        final Ops chunk;                       // the whole-chunk products' kernels (Ops#withProducts)

        LstmCache(Ops chunk) { this.chunk = chunk; }

        @Override public long bytes() {
            long n = 0;
            for (Tensor t : new Tensor[]{gates, c, hc, m, r, y, dPre, dR, dMx, dp, dm, drA, drB, dcA, dcB})
                if (t != null) n += (long) t.size() * (t.f != null ? 4 : 8);
            return n;
        }
    }

    @Override public Cache newCache(Products p) { return new LstmCache(ops.withProducts(p)); }

    private void ensure(LstmCache k, int T, int B) {
        if (k.T == T && k.B == B) return;
        k.T = T; k.B = B;
        k.gates = ops.zeros(T, B, GH);
        k.c = ops.zeros(T + 1, B, H);
        k.hc = ops.zeros(T, B, H);
        k.m = P > 0 ? ops.zeros(T, B, H) : null;
        k.r = ops.zeros(T + 1, B, R);
        k.y = ops.zeros(T, B, O);
        k.dPre = null; // backward buffers are made on first backward
        k.finalState = new Tensor[]{ops.zeros(B, R), ops.zeros(B, H)};
        if (k.bias == null) k.bias = ops.zeros(GH);
    }

    @Override
    public Tensor forward(Cache cache, Tensor x, int T, int B, int[] lengths, Tensor[] initial) {
        LstmCache k = (LstmCache) cache;
        if (x.size() < T * B * I) throw new IllegalArgumentException("LSTM input must be (T, B, " + I + ") = " + T * B * I + " values, got " + x.shapeString());
        ensure(k, T, B);
        k.x = x; k.lengths = lengths;
        if (initial != null) { Tensor.copy(initial[0], 0, k.r, 0, B * R); Tensor.copy(initial[1], 0, k.c, 0, B * H); }
        else { zeroRange(k.r, 0, B * R); zeroRange(k.c, 0, B * H); }
        // all input products at once: gates (T·B, GH) = x (T·B, I) · W_ihᵀ + (b_ih + b_hh), the biases summed once
        k.chunk.gemm(false, true, T * B, GH, I, 1, x, 0, I, weightIh.value(), 0, I, 0, k.gates, 0, GH);
        Tensor.copy(biasIh.value(), 0, k.bias, 0, GH);
        ops.axpy(1, biasHh.value(), 0, k.bias, 0, GH);
        ops.addRowVector(k.gates, 0, T * B, GH, GH, k.bias, 0);
        k.hhForward = ops.prepare(weightHh.value(), 0, R, GH, R, false, T, k.hhForward);
        if (P > 0) k.hrForward = ops.prepare(weightHr.value(), 0, H, P, H, false, T, k.hrForward);
        int parts = splitRows(k, B, lengths);
        if (parts == 1) forwardRows(k, 0, B, lengths);
        else Parallel.run(parts, part -> forwardRows(k, k.rowStart[part], k.rowStart[part + 1], k.rowLengths[part]));
        if (Pn > 0) {
            // p (T·B, Pn) = m (T·B, H) · W_prᵀ, written beside r in y
            Tensor mAll = P > 0 ? k.m : k.r;
            int mOff = P > 0 ? 0 : B * R;
            k.chunk.gemm(false, true, T * B, Pn, H, 1, mAll, mOff, H, weightPr.value(), 0, H, 0, k.y, R, O);
        }
        if (lengths != null) for (int t = 0; t < T; t++) ops.zeroInactive(k.y, t * B * O, B, O, O, lengths, t);
        Tensor.copy(k.r, T * B * R, k.finalState[0], 0, B * R);
        Tensor.copy(k.c, T * B * H, k.finalState[1], 0, B * H);
        return k.y;
    }

    /**
     * Batch rows [b0, b1) through all T steps. The recurrence never mixes batch rows, so disjoint
     * row ranges run on separate threads with no synchronisation inside the time loop.
     * {@code lengths} is indexed from row b0 (null: all rows run T steps).
     */
    private void forwardRows(LstmCache k, int b0, int b1, int[] lengths) {
        int T = k.T, B = k.B, n = b1 - b0;
        Tensor peep = weightPeep == null ? null : weightPeep.value();
        for (int t = 0; t < T; t++) {
            // row b0 of step t in (T, B, ·) buffers; the next step of (T+1, B, ·) buffers is B rows further
            int g0 = (t * B + b0) * GH, c0 = (t * B + b0) * H, r0 = (t * B + b0) * R;
            // gates_t += r_{t-1} (n, R) · W_hhᵀ (R, GH)
            ops.gemmPrepared(n, k.r, r0, R, k.hhForward, true, k.gates, g0, GH);
            Tensor mDst = P > 0 ? k.m : k.r;
            int mOff = P > 0 ? c0 : r0 + B * R;
            ops.lstmForward(pw, n, lengths, t, k.gates, g0, k.c, c0, k.c, c0 + B * H, k.hc, c0, mDst, mOff, peep);
            if (P > 0) ops.gemmPrepared(n, k.m, c0, H, k.hrForward, false, k.r, r0 + B * R, R);
            ops.carryInactive(k.r, r0, k.r, r0 + B * R, n, R, lengths, t);
            ops.copyRows(k.r, r0 + B * R, R, k.y, (t * B + b0) * O, O, n, R);
        }
    }

    /** Chooses how many row ranges the time loops run in (see {@link Ops#rowParts}) and slices lengths for them. */
    private int splitRows(LstmCache k, int B, int[] lengths) {
        int parts = ops.rowParts(B);
        if (parts == 1) return 1;
        if (k.rowStart == null || k.rowStart.length != parts + 1) {
            k.rowStart = new int[parts + 1];
            k.rowLengths = new int[parts][];
        }
        for (int p = 0; p <= parts; p++) k.rowStart[p] = (int) ((long) B * p / parts);
        for (int p = 0; p < parts; p++)
            k.rowLengths[p] = lengths == null ? null : java.util.Arrays.copyOfRange(lengths, k.rowStart[p], k.rowStart[p + 1]);
        return parts;
    }

    private static void zeroRange(Tensor t, int off, int n) {
        if (t.f != null) java.util.Arrays.fill(t.f, off, off + n, 0f); else java.util.Arrays.fill(t.d, off, off + n, 0.0);
    }

    @Override public Tensor[] finalState(Cache cache) { return ((LstmCache) cache).finalState; }

    @Override
    public void backward(Cache cache, Tensor dy, Tensor[] dFinal, Tensor dx, Tensor[] dInitial) {
        LstmCache k = (LstmCache) cache;
        int T = k.T, B = k.B;
        int[] lengths = k.lengths;
        if (k.dPre == null) {
            k.dPre = ops.zeros(T, B, GH);
            k.dR = ops.zeros(T, B, R);
            k.dMx = Pn > 0 ? ops.zeros(T, B, H) : null;
            k.dp = Pn > 0 ? ops.zeros(T, B, Pn) : null;
            k.dm = ops.zeros(B, H);
            k.drA = ops.zeros(B, R); k.drB = ops.zeros(B, R);
            k.dcA = ops.zeros(B, H); k.dcB = ops.zeros(B, H);
        }
        Tensor mAll = P > 0 ? k.m : k.r;
        int mAllOff = P > 0 ? 0 : B * R;
        if (Pn > 0) {
            // dp = columns R.. of dy, rows past the lengths zeroed (y is constant 0 there); dMx (T·B, H) = dp · W_pr
            ops.copyRows(dy, R, O, k.dp, 0, Pn, T * B, Pn);
            if (lengths != null) for (int t = 0; t < T; t++) ops.zeroInactive(k.dp, t * B * Pn, B, Pn, Pn, lengths, t);
            k.chunk.gemm(false, false, T * B, H, Pn, 1, k.dp, 0, Pn, weightPr.value(), 0, H, 0, k.dMx, 0, H);
        }
        if (dFinal != null) { Tensor.copy(dFinal[0], 0, k.drA, 0, B * R); Tensor.copy(dFinal[1], 0, k.dcA, 0, B * H); }
        else { k.drA.zero(); k.dcA.zero(); }
        k.hhBackward = ops.prepare(weightHh.value(), 0, R, R, GH, true, T, k.hhBackward);
        if (P > 0) k.hrBackward = ops.prepare(weightHr.value(), 0, H, H, P, true, T, k.hrBackward);
        Tensor dPeep = weightPeep == null ? null : weightPeep.grad();
        int parts = splitRows(k, B, lengths);
        if (parts == 1) {
            backwardRows(k, dy, 0, B, lengths, dPeep);
        } else {
            // each row range adds its peephole gradients into a buffer of its own, summed after the join
            if (dPeep != null && (k.dPeepParts == null || k.dPeepParts.length != parts)) {
                k.dPeepParts = new Tensor[parts];
                for (int p = 0; p < parts; p++) k.dPeepParts[p] = ops.zeros(dPeep.shape);
            }
            if (dPeep != null) for (Tensor d : k.dPeepParts) d.zero();
            Parallel.run(parts, part -> backwardRows(k, dy, k.rowStart[part], k.rowStart[part + 1], k.rowLengths[part],
                    dPeep == null ? null : k.dPeepParts[part]));
            if (dPeep != null) for (Tensor d : k.dPeepParts) ops.axpy(1, d, 0, dPeep, 0, d.size());
        }
        // after T steps (an even or odd number of swaps) the gradients on the initial state are in A or B
        Tensor drFirst = T % 2 == 0 ? k.drA : k.drB, dcFirst = T % 2 == 0 ? k.dcA : k.dcB;
        // weight gradients, one product each over all T·B rows
        k.chunk.gemm(true, false, GH, I, T * B, 1, k.dPre, 0, GH, k.x, 0, I, 1, weightIh.grad(), 0, I);
        k.chunk.gemm(true, false, GH, R, T * B, 1, k.dPre, 0, GH, k.r, 0, R, 1, weightHh.grad(), 0, R);
        // both biases get the same gradient, the column sums of dPre: summed once
        k.bias.zero();
        ops.addColumnSums(k.dPre, 0, T * B, GH, GH, k.bias, 0);
        ops.axpy(1, k.bias, 0, biasIh.grad(), 0, GH);
        ops.axpy(1, k.bias, 0, biasHh.grad(), 0, GH);
        if (P > 0) k.chunk.gemm(true, false, P, H, T * B, 1, k.dR, 0, R, k.m, 0, H, 1, weightHr.grad(), 0, H);
        if (Pn > 0) k.chunk.gemm(true, false, Pn, H, T * B, 1, k.dp, 0, Pn, mAll, mAllOff, H, 1, weightPr.grad(), 0, H);
        if (dx != null) k.chunk.gemm(false, false, T * B, I, GH, 1, k.dPre, 0, GH, weightIh.value(), 0, I, 1, dx, 0, I);
        if (dInitial != null) { Tensor.copy(drFirst, 0, dInitial[0], 0, B * R); Tensor.copy(dcFirst, 0, dInitial[1], 0, B * H); }
    }

    /**
     * Batch rows [b0, b1) back through all T steps (see {@link #forwardRows}); the gradients from
     * after the last step are in rows b0.. of drA and dcA. Adds peephole gradients into dPeep.
     */
    private void backwardRows(LstmCache k, Tensor dy, int b0, int b1, int[] lengths, Tensor dPeep) {
        int T = k.T, B = k.B, n = b1 - b0, rowR = b0 * R, rowH = b0 * H;
        Tensor peep = weightPeep == null ? null : weightPeep.value();
        Tensor drNext = k.drA, drCur = k.drB, dcNext = k.dcA, dcCur = k.dcB;
        for (int t = T - 1; t >= 0; t--) {
            int g0 = (t * B + b0) * GH, c0 = (t * B + b0) * H, r0 = (t * B + b0) * R;
            // dr_t = dy_t[:, 0:R] (active rows) + dr from step t+1
            Tensor.copy(drNext, rowR, k.dR, r0, n * R);
            ops.addRowsActive(dy, (t * B + b0) * O, O, k.dR, r0, R, n, R, lengths, t);
            // dm_t = dr_t · W_hr (projection) or dr_t, plus the non-recurrent projection's share
            if (P > 0) ops.gemmPrepared(n, k.dR, r0, R, k.hrBackward, false, k.dm, rowH, H);
            else Tensor.copy(k.dR, r0, k.dm, rowH, n * H);
            if (Pn > 0) ops.axpy(1, k.dMx, c0, k.dm, rowH, n * H);
            ops.lstmBackward(pw, n, lengths, t, k.gates, g0, k.c, c0, k.c, c0 + B * H, k.hc, c0, peep,
                    k.dm, rowH, dcNext, rowH, k.dPre, g0, dcCur, rowH, dPeep);
            // dr_{t-1} = dPre_t (n, GH) · W_hh (GH, R); inactive rows pass dr_t through unchanged
            ops.gemmPrepared(n, k.dPre, g0, GH, k.hhBackward, false, drCur, rowR, R);
            if (lengths != null) {
                ops.carryInactive(k.dR, r0, drCur, rowR, n, R, lengths, t);
                ops.zeroInactive(k.dR, r0, n, R, R, lengths, t);
            }
            Tensor s = drNext; drNext = drCur; drCur = s;
            s = dcNext; dcNext = dcCur; dcCur = s;
        }
    }
}
