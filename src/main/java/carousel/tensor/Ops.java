package carousel.tensor;


/**
 * The kernels the layers are written against, in one precision. Layer code (loops over time,
 * which product with which offsets) is written once; {@link F32Ops} runs it fast (BLAS, Vector
 * API) and {@link F64Ops} runs it in double precision as the reference and for gradient checks.
 *
 * <p>Matrix arguments are (tensor, offset, leading dimension) triples into row-major storage.
 * Row masks: with {@code lengths} non-null, row b of time step t is active iff
 * {@code t < lengths[b]}; {@code lengths == null} means all rows are active.
 *
 * <p>Kernels that compute gradients add into their outputs only where the javadoc says "+=";
 * zeroing is always the caller's explicit job.
 */
public abstract class Ops {
    public abstract DType dtype();

    public static Ops of(DType dtype) { return dtype == DType.F32 ? F32Ops.INSTANCE : F64Ops.INSTANCE; }

    public Tensor zeros(int... shape) { return Tensor.zeros(dtype(), shape); }

    /** C = alpha·op(A)·op(B) + beta·C, see {@link Blas#sgemm}. */
    public abstract void gemm(boolean transA, boolean transB, int m, int n, int k,
                              double alpha, Tensor a, int aOff, int lda, Tensor b, int bOff, int ldb,
                              double beta, Tensor c, int cOff, int ldc);

    /**
     * These kernels with the whole-chunk products ({@link #gemm}) in precision p, for the working
     * memory of a trainer ({@link Products}); {@link #gemmPrepared}, the per-step products, is not
     * affected. Double precision has no reduced-precision products: {@link F64Ops} answers itself,
     * so gradient checks (always F64) compute exact products whatever a trainer asks for.
     */
    public Ops withProducts(Products p) { return this; }

    /**
     * A right operand W (n, k) prepared for many products C = A·Wᵀ with few rows of A: the
     * recurrent weights, used once per time step. Made by {@link #prepare}; used by {@link #gemmPrepared}.
     */
    public static class Prepared {
        final Tensor w;
        final int off, ld, n, k;
        final boolean transposed;

        Prepared(Tensor w, int off, int ld, int n, int k, boolean transposed) {
            this.w = w; this.off = off; this.ld = ld; this.n = n; this.k = k; this.transposed = transposed;
        }

        boolean sameAs(Tensor w, int off, int ld, int n, int k, boolean transposed) {
            return this.w == w && this.off == off && this.ld == ld && this.n == n && this.k == k && this.transposed == transposed;
        }
    }

    /**
     * Prepares W (n, k) for {@link #gemmPrepared}: W = w as stored, row-major (n, k) with row stride
     * ld, or W = wᵀ when {@code transposed} (w stored (k, n)). {@code uses} is how many products
     * will follow (packing pays only over several). Call again after w changes; pass the previous
     * result as {@code reuse} to recycle its storage. This implementation keeps a reference to w and
     * multiplies with {@link #gemm}; the float32 kernels pack a copy.
     */
    public Prepared prepare(Tensor w, int off, int ld, int n, int k, boolean transposed, int uses, Prepared reuse) {
        return reuse != null && reuse.sameAs(w, off, ld, n, k, transposed) ? reuse : new Prepared(w, off, ld, n, k, transposed);
    }

    /** C (m, n) = A (m, k)·Wᵀ, plus C when {@code accumulate}; W from {@link #prepare}. */
    public void gemmPrepared(int m, Tensor a, int aOff, int lda, Prepared w, boolean accumulate, Tensor c, int cOff, int ldc) {
        gemm(false, !w.transposed, m, w.n, w.k, 1, a, aOff, lda, w.w, w.off, w.ld, accumulate ? 1 : 0, c, cOff, ldc);
    }

    /**
     * Into how many row ranges a layer may split a batch of B independent sequences for its time
     * loops, each range on its own thread (run with {@link Parallel#run}; 1: no threads). The
     * reference kernels answer 1.
     */
    public int rowParts(int batch) { return 1; }

    /** LSTM step forward for B rows (see {@link LstmPointwise}): overwrites the pre-activations in
     *  {@code gates} (B, G·H) with the activations, writes c (B,H), hc = H(c) (B,H), m (B,H).
     *  Inactive rows: c = cPrev, the rest untouched. {@code peep} may be null when off. */
    public abstract void lstmForward(LstmPointwise p, int batch, int[] lengths, int t,
                                     Tensor gates, int gOff, Tensor cPrev, int cpOff, Tensor c, int cOff,
                                     Tensor hc, int hcOff, Tensor m, int mOff, Tensor peep);

    /** LSTM step backward for B rows. Inputs: cached activations {@code gates}, cPrev, c, hc; dm (B,H) the
     *  gradient on m_t; dcNext (B,H) the gradient on c_t from step t+1. Outputs: dPre (B, G·H) gate
     *  pre-activation gradients (set), dcPrev (B,H) gradient on c_{t-1} (set), dPeep += peephole gradients.
     *  Inactive rows: dPre = 0, dcPrev = dcNext. */
    public abstract void lstmBackward(LstmPointwise p, int batch, int[] lengths, int t,
                                      Tensor gates, int gOff, Tensor cPrev, int cpOff, Tensor c, int cOff,
                                      Tensor hc, int hcOff, Tensor peep, Tensor dm, int dmOff,
                                      Tensor dcNext, int dcnOff, Tensor dPre, int dpOff,
                                      Tensor dcPrev, int dcpOff, Tensor dPeep);

    /** dst[i] = f(src[i]) for n elements. */
    public abstract void activate(Activation f, Tensor src, int sOff, Tensor dst, int dOff, int n);

    /** dz[i] = dy[i]·f'(x) expressed through y[i] = f(x), for n elements. */
    public abstract void activateBackward(Activation f, Tensor y, int yOff, Tensor dy, int dyOff, Tensor dz, int dzOff, int n);

    /**
     * Softmax cross-entropy over {@code rows} rows of {@code classes} logits. Rows whose target is
     * negative are ignored (their dlogits row is set to 0). Sets dlogits = scale·(softmax − onehot)
     * for counted rows; returns the summed loss; {@code stats[0]} += rows counted, {@code stats[1]} += correct argmax.
     */
    public abstract double softmaxCrossEntropy(Tensor logits, int off, int rows, int classes, int[] targets, int tOff,
                                               Tensor dlogits, double scale, long[] stats);

    // ---- generic helpers, the same in both precisions ----

    /** y[r, :] += v for r in [0, rows), row stride ld. */
    public void addRowVector(Tensor y, int yOff, int rows, int cols, int ld, Tensor v, int vOff) {
        if (y.f != null) {
            float[] a = y.f, b = v.f;
            for (int r = 0; r < rows; r++) { int o = yOff + r * ld; for (int j = 0; j < cols; j++) a[o + j] += b[vOff + j]; }
        } else {
            double[] a = y.d, b = v.d;
            for (int r = 0; r < rows; r++) { int o = yOff + r * ld; for (int j = 0; j < cols; j++) a[o + j] += b[vOff + j]; }
        }
    }

    /** dv += Σ_r dy[r, :] over rows of stride ld. */
    public void addColumnSums(Tensor dy, int off, int rows, int cols, int ld, Tensor dv, int dvOff) {
        if (dy.f != null) {
            float[] a = dy.f, b = dv.f;
            for (int r = 0; r < rows; r++) { int o = off + r * ld; for (int j = 0; j < cols; j++) b[dvOff + j] += a[o + j]; }
        } else {
            double[] a = dy.d, b = dv.d;
            for (int r = 0; r < rows; r++) { int o = off + r * ld; for (int j = 0; j < cols; j++) b[dvOff + j] += a[o + j]; }
        }
    }

    /** dst[r, 0:cols) (stride dstLd) = src[r, 0:cols) (stride srcLd) for r in [0, rows). */
    public void copyRows(Tensor src, int sOff, int srcLd, Tensor dst, int dOff, int dstLd, int rows, int cols) {
        for (int r = 0; r < rows; r++) Tensor.copy(src, sOff + r * srcLd, dst, dOff + r * dstLd, cols);
    }

    /** dst[r, 0:cols) += src[r, 0:cols) for active rows of step t (all rows when lengths is null). */
    public void addRowsActive(Tensor src, int sOff, int srcLd, Tensor dst, int dOff, int dstLd, int rows, int cols, int[] lengths, int t) {
        for (int r = 0; r < rows; r++) {
            if (lengths != null && t >= lengths[r]) continue;
            int so = sOff + r * srcLd, dO = dOff + r * dstLd;
            if (dst.f != null) for (int j = 0; j < cols; j++) dst.f[dO + j] += src.f[so + j];
            else for (int j = 0; j < cols; j++) dst.d[dO + j] += src.d[so + j];
        }
    }

    /** For rows inactive at step t: dst row (W wide) = src row. */
    public void carryInactive(Tensor src, int sOff, Tensor dst, int dOff, int rows, int width, int[] lengths, int t) {
        if (lengths == null) return;
        for (int r = 0; r < rows; r++) if (t >= lengths[r]) Tensor.copy(src, sOff + r * width, dst, dOff + r * width, width);
    }

    /** For rows inactive at step t: dst[r, 0:cols) = 0 (row stride ld). */
    public void zeroInactive(Tensor dst, int off, int rows, int cols, int ld, int[] lengths, int t) {
        if (lengths == null) return;
        for (int r = 0; r < rows; r++) {
            if (t < lengths[r]) continue;
            int o = off + r * ld;
            if (dst.f != null) java.util.Arrays.fill(dst.f, o, o + cols, 0f);
            else java.util.Arrays.fill(dst.d, o, o + cols, 0.0);
        }
    }

    /**
     * Σ x[i]² over n elements from off. This reference sums every square in double; the float32 kernels
     * sum float squares in vector lanes over chunks and the chunk sums in double (relative error about
     * 1e-6). NaN or ±Inf in x gives NaN or +Inf, and nothing else does, in both.
     */
    public double sumOfSquares(Tensor x, int off, int n) {
        double s = 0;
        if (x.f != null) for (int i = off; i < off + n; i++) s += (double) x.f[i] * x.f[i];
        else for (int i = off; i < off + n; i++) s += x.d[i] * x.d[i];
        return s;
    }

    /**
     * One SGD step on the n elements of w from offset 0, as PyTorch's SGD: with velocity v (momentum
     * μ &gt; 0) v ← μv + g + λw, w ← w − ηv; without (v null) w ← w − η(g + λw). This reference computes
     * each element in double and rounds once.
     */
    public void sgdStep(Tensor w, Tensor g, Tensor v, int n, double lr, double momentum, double weightDecay) {
        for (int i = 0; i < n; i++) {
            double wi = w.get(i), gi = g.get(i) + weightDecay * wi;
            if (v != null) {
                gi += momentum * v.get(i);
                v.set(i, gi);
            }
            w.set(i, wi - lr * gi);
        }
    }

    /** y += alpha·x over n elements. */
    public void axpy(double alpha, Tensor x, int xOff, Tensor y, int yOff, int n) {
        if (x.f != null) { float a = (float) alpha; for (int i = 0; i < n; i++) y.f[yOff + i] += a * x.f[xOff + i]; }
        else for (int i = 0; i < n; i++) y.d[yOff + i] += alpha * x.d[xOff + i];
    }
}
