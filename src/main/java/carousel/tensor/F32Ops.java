package carousel.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 kernels: matrix products on the process's {@link Blas} (OpenBLAS when it loads), element-wise
 * work with the Vector API over the preferred species, and a scalar twin for the tail of each row.
 * Tested against {@link F64Ops}. Every kernel gives the same bits in interpreted and JIT-compiled code:
 * exp, σ and tanh come from {@link FloatMath}, and vector sums are reduced in a fixed lane order.
 */
public final class F32Ops extends Ops {
    public static final F32Ops INSTANCE = new F32Ops(Products.F32);
    /** The same kernels with the whole-chunk products ({@link #gemm}) in bf16, for a training cache. */
    static final F32Ops BF16_PRODUCTS = new F32Ops(Products.BF16);
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final Products products;

    private F32Ops(Products products) { this.products = products; }

    @Override public Ops withProducts(Products p) { return p == Products.F32 ? INSTANCE : BF16_PRODUCTS; }

    @Override public DType dtype() { return DType.F32; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, int aOff, int lda,
                     Tensor b, int bOff, int ldb, double beta, Tensor c, int cOff, int ldc) {
        Backend.products(products).sgemm(transA, transB, m, n, k, (float) alpha, a.f, aOff, lda, b.f, bOff, ldb, (float) beta, c.f, cOff, ldc);
    }

    /** W packed for the Vector API kernel of {@link PackedMatrix} (a copy: prepare again after w changes). */
    static final class PackedPrepared extends Prepared {
        final PackedMatrix packed;

        PackedPrepared(Tensor w, int off, int ld, int n, int k, boolean transposed, PackedMatrix packed) {
            super(w, off, ld, n, k, transposed);
            this.packed = packed;
        }
    }

    /** Fewest batch rows per thread in the time loops: one 8-row register tile of the packed product. */
    static final int MIN_ROWS_PER_PART = 8;

    /** Up to CAROUSEL_THREADS row ranges of at least {@value #MIN_ROWS_PER_PART} rows each. */
    @Override
    public int rowParts(int batch) {
        return Math.max(1, Math.min(Backend.configuredThreads(), batch / MIN_ROWS_PER_PART));
    }
    /** Packing reads and writes every weight once, about one product's memory traffic: it pays from a few uses on. */
    static final int MIN_USES_TO_PACK = 4;

    @Override
    public Prepared prepare(Tensor w, int off, int ld, int n, int k, boolean transposed, int uses, Prepared reuse) {
        if (uses < MIN_USES_TO_PACK) return super.prepare(w, off, ld, n, k, transposed, uses, reuse instanceof PackedPrepared ? null : reuse);
        PackedMatrix old = reuse instanceof PackedPrepared pp ? pp.packed : null;
        PackedMatrix packed = PackedMatrix.pack(w.f, off, ld, n, k, transposed, old);
        return packed == old && reuse != null && reuse.sameAs(w, off, ld, n, k, transposed) ? reuse : new PackedPrepared(w, off, ld, n, k, transposed, packed);
    }

    @Override
    public void gemmPrepared(int m, Tensor a, int aOff, int lda, Prepared w, boolean accumulate, Tensor c, int cOff, int ldc) {
        if (this != INSTANCE) { INSTANCE.gemmPrepared(m, a, aOff, lda, w, accumulate, c, cOff, ldc); return; }   // per-step products stay float32
        if (!(w instanceof PackedPrepared pp)) { super.gemmPrepared(m, a, aOff, lda, w, accumulate, c, cOff, ldc); return; }
        pp.packed.multiplyBatch(m, a.f, aOff, lda, c.f, cOff, ldc, accumulate);
    }

    @Override
    public void addRowVector(Tensor y, int yOff, int rows, int cols, int ld, Tensor v, int vOff) {
        float[] a = y.f, b = v.f;
        int bound = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = yOff + r * ld, j = 0;
            for (; j < bound; j += L) FloatVector.fromArray(S, a, o + j).add(FloatVector.fromArray(S, b, vOff + j)).intoArray(a, o + j);
            for (; j < cols; j++) a[o + j] += b[vOff + j];
        }
    }

    @Override
    public void addColumnSums(Tensor dy, int off, int rows, int cols, int ld, Tensor dv, int dvOff) {
        float[] a = dy.f, b = dv.f;
        int bound = S.loopBound(cols);
        // column strips of 4 vectors: the strip's sums stay in registers while the rows go by
        int j = 0;
        for (; j + 4 * L <= bound; j += 4 * L) {
            FloatVector s0 = FloatVector.fromArray(S, b, dvOff + j), s1 = FloatVector.fromArray(S, b, dvOff + j + L);
            FloatVector s2 = FloatVector.fromArray(S, b, dvOff + j + 2 * L), s3 = FloatVector.fromArray(S, b, dvOff + j + 3 * L);
            for (int r = 0; r < rows; r++) {
                int o = off + r * ld + j;
                s0 = s0.add(FloatVector.fromArray(S, a, o)); s1 = s1.add(FloatVector.fromArray(S, a, o + L));
                s2 = s2.add(FloatVector.fromArray(S, a, o + 2 * L)); s3 = s3.add(FloatVector.fromArray(S, a, o + 3 * L));
            }
            s0.intoArray(b, dvOff + j); s1.intoArray(b, dvOff + j + L); s2.intoArray(b, dvOff + j + 2 * L); s3.intoArray(b, dvOff + j + 3 * L);
        }
        for (; j < bound; j += L) {
            FloatVector s0 = FloatVector.fromArray(S, b, dvOff + j);
            for (int r = 0; r < rows; r++) s0 = s0.add(FloatVector.fromArray(S, a, off + r * ld + j));
            s0.intoArray(b, dvOff + j);
        }
        for (; j < cols; j++) {
            float s0 = b[dvOff + j];
            for (int r = 0; r < rows; r++) s0 += a[off + r * ld + j];
            b[dvOff + j] = s0;
        }
    }

    @Override
    public void axpy(double alpha, Tensor x, int xOff, Tensor y, int yOff, int n) {
        float[] xa = x.f, ya = y.f;
        float al = (float) alpha;
        FloatVector av = FloatVector.broadcast(S, al);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) FloatVector.fromArray(S, xa, xOff + i).fma(av, FloatVector.fromArray(S, ya, yOff + i)).intoArray(ya, yOff + i);
        for (; i < n; i++) ya[yOff + i] += al * xa[xOff + i];
    }

    /** Float32 squares are summed in vector lanes over chunks this long, the chunk sums in double. */
    private static final int SQUARES_CHUNK = 1024;

    @Override
    public double sumOfSquares(Tensor x, int off, int n) {
        if (x.f == null) return super.sumOfSquares(x, off, n);
        float[] g = x.f;
        double s = 0;
        for (int c = off, end0 = off + n; c < end0; c += SQUARES_CHUNK) {
            int end = Math.min(end0, c + SQUARES_CHUNK), i = c, bound = c + S.loopBound(end - c);
            FloatVector acc = FloatVector.zero(S);
            for (; i < bound; i += L) {
                FloatVector v = FloatVector.fromArray(S, g, i);
                acc = v.fma(v, acc);
            }
            double part = FloatMath.sumLanes(acc);
            if (!Double.isFinite(part)) {   // overflow in float, or a NaN/Inf: count the chunk again in double
                part = 0;
                i = c;
            }
            for (; i < end; i++) part += (double) g[i] * g[i];
            s += part;
        }
        return s;
    }

    @Override
    public void sgdStep(Tensor w, Tensor g, Tensor v, int n, double lr, double momentum, double weightDecay) {
        float[] wa = w.f, ga = g.f;
        float eta = (float) lr, mu = (float) momentum, wd = (float) weightDecay;
        FloatVector etaV = FloatVector.broadcast(S, eta), negEtaV = FloatVector.broadcast(S, -eta);
        FloatVector muV = FloatVector.broadcast(S, mu), wdV = FloatVector.broadcast(S, wd);
        int i = 0, bound = S.loopBound(n);
        if (v == null) {
            // w ← w − η (g + λ w)
            for (; i < bound; i += L) {
                FloatVector wv = FloatVector.fromArray(S, wa, i);
                wv.sub(wv.fma(wdV, FloatVector.fromArray(S, ga, i)).mul(etaV)).intoArray(wa, i);
            }
            for (; i < n; i++) wa[i] -= Math.fma(wa[i], wd, ga[i]) * eta;
        } else {
            float[] va = v.f;
            // v ← μ v + g + λ w;  w ← w − η v
            for (; i < bound; i += L) {
                FloatVector wv = FloatVector.fromArray(S, wa, i);
                FloatVector vv = FloatVector.fromArray(S, va, i).fma(muV, wv.fma(wdV, FloatVector.fromArray(S, ga, i)));
                vv.intoArray(va, i);
                vv.fma(negEtaV, wv).intoArray(wa, i);
            }
            for (; i < n; i++) {
                va[i] = Math.fma(va[i], mu, Math.fma(wa[i], wd, ga[i]));
                wa[i] = Math.fma(va[i], -eta, wa[i]);
            }
        }
    }

    // ---- vector activations: f(x), and f'(x) written through y = f(x) ----

    /**
     * d[dOff..+n) = f(s[sOff..+n)) (the ranges may be the same). Transcendental functions run as
     * {@link FloatMath}'s range loops, one per call: a vector exp inlined into a loop that calls nothing
     * else stays within what the JIT inlines, where several in one loop body would not.
     */
    static void activateRange(Activation f, float[] s, int sOff, float[] d, int dOff, int n) {
        switch (f) {
            case SIGMOID -> FloatMath.sigmoid(s, sOff, d, dOff, n);
            case TANH -> FloatMath.tanh(s, sOff, d, dOff, n);
            case SIGMOID2 -> { FloatMath.sigmoid(s, sOff, d, dOff, n); affine(d, dOff, n, 2f, -1f); }
            case SIGMOID4 -> { FloatMath.sigmoid(s, sOff, d, dOff, n); affine(d, dOff, n, 4f, -2f); }
            case IDENTITY -> System.arraycopy(s, sOff, d, dOff, n);
            case RELU -> {
                int i = 0, bound = S.loopBound(n);
                for (; i < bound; i += L) FloatVector.fromArray(S, s, sOff + i).max(0f).intoArray(d, dOff + i);
                for (; i < n; i++) d[dOff + i] = Math.max(s[sOff + i], 0f);
            }
        }
    }

    /** a[off..+n) = a·mul + add (rounded after each operation). */
    private static void affine(float[] a, int off, int n, float mul, float add) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) FloatVector.fromArray(S, a, off + i).mul(mul).add(add).intoArray(a, off + i);
        for (; i < n; i++) a[off + i] = a[off + i] * mul + add;
    }

    static FloatVector dact(Activation f, FloatVector y) {
        return switch (f) {
            case SIGMOID -> y.mul(y.neg().add(1f));
            case TANH -> y.mul(y).neg().add(1f);
            case SIGMOID2 -> y.add(1f).mul(y.neg().add(1f)).mul(0.5f);
            case SIGMOID4 -> y.add(2f).mul(y.neg().add(2f)).mul(0.25f);
            case IDENTITY -> FloatVector.broadcast(S, 1f);
            case RELU -> FloatVector.broadcast(S, 1f).blend(0f, y.compare(VectorOperators.LE, 0f));
        };
    }

    /**
     * The cell almost every model uses (PyTorch's): forget gate, no peepholes, no clipping, σ gates,
     * tanh cell input and output. It gets its own small loops below: the general loops, with every
     * option and activation switch, grow past what the JIT inlines, and the vector operations it
     * fails to inline run as slow library fallbacks.
     */
    static boolean isStandard(LstmPointwise p) {
        return p.forgetGate() && !p.peepholes() && p.cellClip() == 0f
                && p.gate() == Activation.SIGMOID && p.cellInput() == Activation.TANH && p.cellOutput() == Activation.TANH;
    }

    /** One row of the standard cell backward: dPre [i, f, g, o] and dcPrev from dm, dcNext and the cached activations. */
    private static void backwardStandardRow(int H, float[] g, int row, float[] cpA, int cp0, float[] hA, int h0, float[] dmA, int dm0,
                                            float[] dcn, int dcn0, float[] dp, int drow, float[] dcp, int dcp0) {
        int iO = row, fO = row + H, gO = row + 2 * H, oO = row + 3 * H, j = 0, bound = S.loopBound(H);
        int diO = drow, dfO = drow + H, dgO = drow + 2 * H, doO = drow + 3 * H;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; j < bound; j += L) {
            FloatVector i = FloatVector.fromArray(S, g, iO + j), f = FloatVector.fromArray(S, g, fO + j);
            FloatVector gg = FloatVector.fromArray(S, g, gO + j), o = FloatVector.fromArray(S, g, oO + j);
            FloatVector h = FloatVector.fromArray(S, hA, h0 + j), dmv = FloatVector.fromArray(S, dmA, dm0 + j);
            FloatVector cp = FloatVector.fromArray(S, cpA, cp0 + j);
            // dc = dcNext + dm·o·(1 − h²);  do = dm·h·o(1 − o)
            FloatVector dc = dmv.mul(o).fma(one.sub(h.mul(h)), FloatVector.fromArray(S, dcn, dcn0 + j));
            dmv.mul(h).mul(o.mul(one.sub(o))).intoArray(dp, doO + j);
            dc.mul(gg).mul(i.mul(one.sub(i))).intoArray(dp, diO + j);           // di = dc·g·i(1 − i)
            dc.mul(cp).mul(f.mul(one.sub(f))).intoArray(dp, dfO + j);          // df = dc·c_{t−1}·f(1 − f)
            dc.mul(i).mul(one.sub(gg.mul(gg))).intoArray(dp, dgO + j);         // dg = dc·i·(1 − g²)
            dc.mul(f).intoArray(dcp, dcp0 + j);                                // dc_{t−1} = dc·f
        }
        for (; j < H; j++) {
            float i = g[iO + j], f = g[fO + j], gg = g[gO + j], o = g[oO + j], h = hA[h0 + j], dmv = dmA[dm0 + j];
            float dc = dcn[dcn0 + j] + dmv * o * (1 - h * h);
            dp[doO + j] = dmv * h * o * (1 - o);
            dp[diO + j] = dc * gg * i * (1 - i);
            dp[dfO + j] = dc * cpA[cp0 + j] * f * (1 - f);
            dp[dgO + j] = dc * i * (1 - gg * gg);
            dcp[dcp0 + j] = dc * f;
        }
    }

    /**
     * Forward in passes over each row, each a short vector loop: peepholes into z_i, z_f; the i, f, g
     * activations; the cell c = f⊙c_{t−1} + i⊙g (clipped) and the o-gate peephole; o and H(c); m = o⊙H(c).
     */
    @Override
    public void lstmForward(LstmPointwise p, int batch, int[] lengths, int t, Tensor gates, int gOff, Tensor cPrev, int cpOff,
                            Tensor c, int cOff, Tensor hc, int hcOff, Tensor m, int mOff, Tensor peep) {
        int H = p.hidden(), GH = p.gates() * H;
        float[] g = gates.f, cpA = cPrev.f, cA = c.f, hA = hc.f, mA = m.f, pe = peep == null ? null : peep.f;
        boolean fg = p.forgetGate(), ph = p.peepholes();
        for (int b = 0; b < batch; b++) {
            int cp0 = cpOff + b * H, c0 = cOff + b * H, h0 = hcOff + b * H, m0 = mOff + b * H, row = gOff + b * GH;
            if (lengths != null && t >= lengths[b]) { System.arraycopy(cpA, cp0, cA, c0, H); continue; }
            int iO = row + p.iOff(), fO = row + p.fOff(), gO = row + p.gOff(), oO = row + p.oOff();
            if (ph) {
                fmaInto(pe, p.peepI(), cpA, cp0, g, iO, H);
                if (fg) fmaInto(pe, p.peepF(), cpA, cp0, g, fO, H);
            }
            activateRange(p.gate(), g, iO, g, iO, H);
            if (fg) activateRange(p.gate(), g, fO, g, fO, H);
            activateRange(p.cellInput(), g, gO, g, gO, H);
            cellUpdate(H, fg, p.cellClip(), g, iO, fO, gO, cpA, cp0, cA, c0);
            if (ph) fmaInto(pe, p.peepO(), cA, c0, g, oO, H);
            activateRange(p.gate(), g, oO, g, oO, H);
            activateRange(p.cellOutput(), cA, c0, hA, h0, H);
            int j = 0, bound = S.loopBound(H);
            for (; j < bound; j += L) FloatVector.fromArray(S, g, oO + j).mul(FloatVector.fromArray(S, hA, h0 + j)).intoArray(mA, m0 + j);
            for (; j < H; j++) mA[m0 + j] = g[oO + j] * hA[h0 + j];
        }
    }

    /** y[yOff..+n) = a[aOff..+n)⊙x[xOff..+n) + y (fused). */
    private static void fmaInto(float[] a, int aOff, float[] x, int xOff, float[] y, int yOff, int n) {
        int j = 0, bound = S.loopBound(n);
        for (; j < bound; j += L)
            FloatVector.fromArray(S, a, aOff + j).fma(FloatVector.fromArray(S, x, xOff + j), FloatVector.fromArray(S, y, yOff + j)).intoArray(y, yOff + j);
        for (; j < n; j++) y[yOff + j] = Math.fma(a[aOff + j], x[xOff + j], y[yOff + j]);
    }

    /** c = fma(i, g, f⊙c_{t−1}) (f ≡ 1 without forget gate), clipped to ±clip when clip &gt; 0. */
    private static void cellUpdate(int H, boolean fg, float clip, float[] g, int iO, int fO, int gO, float[] cpA, int cp0, float[] cA, int c0) {
        int j = 0, bound = S.loopBound(H);
        for (; j < bound; j += L) {
            FloatVector cp = FloatVector.fromArray(S, cpA, cp0 + j);
            FloatVector cv = fg ? FloatVector.fromArray(S, g, fO + j).mul(cp) : cp;
            cv = FloatVector.fromArray(S, g, iO + j).fma(FloatVector.fromArray(S, g, gO + j), cv);
            if (clip > 0) cv = cv.min(clip).max(-clip);
            cv.intoArray(cA, c0 + j);
        }
        for (; j < H; j++) {
            float cp = cpA[cp0 + j];
            float cv = Math.fma(g[iO + j], g[gO + j], fg ? g[fO + j] * cp : cp);
            if (clip > 0) cv = Math.max(Math.min(cv, clip), -clip);
            cA[c0 + j] = cv;
        }
    }

    @Override
    public void lstmBackward(LstmPointwise p, int batch, int[] lengths, int t, Tensor gates, int gOff, Tensor cPrev, int cpOff,
                             Tensor c, int cOff, Tensor hc, int hcOff, Tensor peep, Tensor dm, int dmOff,
                             Tensor dcNext, int dcnOff, Tensor dPre, int dpOff, Tensor dcPrev, int dcpOff, Tensor dPeep) {
        int H = p.hidden(), GH = p.gates() * H, bound = S.loopBound(H);
        float[] g = gates.f, cpA = cPrev.f, cA = c.f, hA = hc.f, dmA = dm.f, dcn = dcNext.f, dp = dPre.f, dcp = dcPrev.f;
        float[] pe = peep == null ? null : peep.f, dpe = dPeep == null ? null : dPeep.f;
        boolean fg = p.forgetGate(), ph = p.peepholes();
        float clip = p.cellClip();
        boolean standard = isStandard(p);
        for (int b = 0; b < batch; b++) {
            int row = gOff + b * GH, drow = dpOff + b * GH, cp0 = cpOff + b * H, c0 = cOff + b * H, h0 = hcOff + b * H;
            int dm0 = dmOff + b * H, dcn0 = dcnOff + b * H, dcp0 = dcpOff + b * H;
            if (lengths != null && t >= lengths[b]) {
                java.util.Arrays.fill(dp, drow, drow + GH, 0f);
                System.arraycopy(dcn, dcn0, dcp, dcp0, H);
                continue;
            }
            if (standard) { backwardStandardRow(H, g, row, cpA, cp0, hA, h0, dmA, dm0, dcn, dcn0, dp, drow, dcp, dcp0); continue; }
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector i = FloatVector.fromArray(S, g, row + p.iOff() + j);
                FloatVector gg = FloatVector.fromArray(S, g, row + p.gOff() + j);
                FloatVector o = FloatVector.fromArray(S, g, row + p.oOff() + j);
                FloatVector cp = FloatVector.fromArray(S, cpA, cp0 + j), cv = FloatVector.fromArray(S, cA, c0 + j);
                FloatVector h = FloatVector.fromArray(S, hA, h0 + j), dmv = FloatVector.fromArray(S, dmA, dm0 + j);
                FloatVector doPre = dmv.mul(h).mul(dact(p.gate(), o));
                FloatVector dc = dmv.mul(o).fma(dact(p.cellOutput(), h), FloatVector.fromArray(S, dcn, dcn0 + j));
                if (ph) dc = doPre.fma(FloatVector.fromArray(S, pe, p.peepO() + j), dc);
                if (clip > 0) dc = dc.blend(0f, cv.abs().compare(VectorOperators.GE, clip));
                FloatVector diPre = dc.mul(gg).mul(dact(p.gate(), i));
                FloatVector dgPre = dc.mul(i).mul(dact(p.cellInput(), gg));
                FloatVector dcpv;
                if (fg) {
                    FloatVector f = FloatVector.fromArray(S, g, row + p.fOff() + j);
                    FloatVector dfPre = dc.mul(cp).mul(dact(p.gate(), f));
                    dfPre.intoArray(dp, drow + p.fOff() + j);
                    dcpv = dc.mul(f);
                    if (ph) {
                        dcpv = dfPre.fma(FloatVector.fromArray(S, pe, p.peepF() + j), dcpv);
                        dfPre.fma(cp, FloatVector.fromArray(S, dpe, p.peepF() + j)).intoArray(dpe, p.peepF() + j);
                    }
                } else {
                    dcpv = dc;
                }
                if (ph) {
                    dcpv = diPre.fma(FloatVector.fromArray(S, pe, p.peepI() + j), dcpv);
                    diPre.fma(cp, FloatVector.fromArray(S, dpe, p.peepI() + j)).intoArray(dpe, p.peepI() + j);
                    doPre.fma(cv, FloatVector.fromArray(S, dpe, p.peepO() + j)).intoArray(dpe, p.peepO() + j);
                }
                diPre.intoArray(dp, drow + p.iOff() + j);
                dgPre.intoArray(dp, drow + p.gOff() + j);
                doPre.intoArray(dp, drow + p.oOff() + j);
                dcpv.intoArray(dcp, dcp0 + j);
            }
            for (; j < H; j++) {
                float i = g[row + p.iOff() + j], gg = g[row + p.gOff() + j], o = g[row + p.oOff() + j];
                float f = fg ? g[row + p.fOff() + j] : 1f;
                float cp = cpA[cp0 + j], cv = cA[c0 + j], h = hA[h0 + j], dmv = dmA[dm0 + j];
                float doPre = dmv * h * (float) p.gate().derivFromOutput(o);
                float dc = dcn[dcn0 + j] + dmv * o * (float) p.cellOutput().derivFromOutput(h);
                if (ph) dc += doPre * pe[p.peepO() + j];
                if (clip > 0 && Math.abs(cv) >= clip) dc = 0f;
                float diPre = dc * gg * (float) p.gate().derivFromOutput(i);
                float dgPre = dc * i * (float) p.cellInput().derivFromOutput(gg);
                float dfPre = fg ? dc * cp * (float) p.gate().derivFromOutput(f) : 0f;
                float dcpv = dc * f;
                if (ph) {
                    dcpv += diPre * pe[p.peepI() + j];
                    dpe[p.peepI() + j] += diPre * cp;
                    dpe[p.peepO() + j] += doPre * cv;
                    if (fg) { dcpv += dfPre * pe[p.peepF() + j]; dpe[p.peepF() + j] += dfPre * cp; }
                }
                dp[drow + p.iOff() + j] = diPre;
                if (fg) dp[drow + p.fOff() + j] = dfPre;
                dp[drow + p.gOff() + j] = dgPre;
                dp[drow + p.oOff() + j] = doPre;
                dcp[dcp0 + j] = dcpv;
            }
        }
    }

    @Override
    public void activate(Activation f, Tensor src, int sOff, Tensor dst, int dOff, int n) {
        activateRange(f, src.f, sOff, dst.f, dOff, n);
    }

    @Override
    public void activateBackward(Activation f, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dz, int dzOff, int n) {
        float[] ya = y.f, dya = dy.f, dza = dz.f;
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L)
            FloatVector.fromArray(S, dya, dyOff + i).mul(dact(f, FloatVector.fromArray(S, ya, yOff + i))).intoArray(dza, dzOff + i);
        for (; i < n; i++) dza[dzOff + i] = dya[dyOff + i] * (float) f.derivFromOutput(ya[yOff + i]);
    }

    @Override
    public double softmaxCrossEntropy(Tensor logits, int off, int rows, int classes, int[] targets, int tOff,
                                      Tensor dlogits, double scale, long[] stats) {
        float[] z = logits.f;
        float[] scratch = dlogits == null ? new float[classes] : null;   // e^(z − max) when only the loss is wanted
        double loss = 0;
        for (int r = 0; r < rows; r++) {
            int o = off + r * classes, target = targets[tOff + r];
            if (target < 0) {
                if (dlogits != null) java.util.Arrays.fill(dlogits.f, o, o + classes, 0f);
                continue;
            }
            if (target >= classes) throw new IllegalArgumentException("target class " + target + " out of range [0, " + classes + ")");
            float max = Float.NEGATIVE_INFINITY;
            int arg = 0;
            for (int j = 0; j < classes; j++) if (z[o + j] > max) { max = z[o + j]; arg = j; }
            // one exp per logit: e = e^(z − max) into dlogits, then dlogits = scale·e/Σe − scale·onehot
            double sum = dlogits == null ? FloatMath.exp(z, o, max, 1f, scratch, 0, classes) : FloatMath.exp(z, o, max, 1f, dlogits.f, o, classes);
            loss -= z[o + target] - max - Math.log(sum);
            if (dlogits != null) {
                float[] dz = dlogits.f;
                float k = (float) (scale / sum), sc = (float) scale;
                int j = 0, bound = S.loopBound(classes);
                for (; j < bound; j += L) FloatVector.fromArray(S, dz, o + j).mul(k).intoArray(dz, o + j);
                for (; j < classes; j++) dz[o + j] *= k;
                dz[o + target] -= sc;
            }
            stats[0]++;
            if (arg == target) stats[1]++;
        }
        return loss;
    }
}
