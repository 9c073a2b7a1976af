package carousel.tensor;

/**
 * Runs large matrix products of a single-threaded {@link Blas} on several threads by splitting C:
 * into row ranges when it has at least as many rows as columns, else into column ranges; each range
 * is an independent product of the inner library, run through {@link Parallel#run}.
 *
 * <p>Why not the library's own threads: OpenBLAS's worker threads spin for a while after every call,
 * and the LSTM time loops run their own threads between the large products (one per batch-row
 * range); the spinning workers then take cores from them. With every thread in one fork-join pool,
 * whose idle workers park, each stage has the cores to itself (docs/results/performance.md has the
 * measurements; {@code CAROUSEL_BLAS_THREADING=library} gives the library its threads instead).
 */
public final class ParallelBlas implements Blas {
    /** Products below this many FLOPs run on the calling thread: splitting them costs more than it gains. */
    static final long MIN_SPLIT_FLOPS = 8_000_000;
    /** Split points are multiples of this, so that each range keeps whole register tiles of the inner kernels. */
    private static final int ALIGN = 16;

    private final Blas inner;
    private final int threads;

    public ParallelBlas(Blas inner, int threads) {
        if (inner.threads() != 1) throw new IllegalArgumentException("the inner BLAS must be single-threaded, it runs " + inner.threads());
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.inner = inner;
        this.threads = threads;
    }

    @Override public String describe() { return inner.describe() + ", large products split over " + threads + " threads"; }
    @Override public int threads() { return threads; }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (Blas.degenerate(m, n, k, beta, c, cOff, ldc)) return;
        split(threads, m, n, k, (byRows, lo, hi) -> {
            if (byRows) {
                // rows lo..hi of C and of op(A): A is stored (k, m) when transposed, so its columns move
                int aPart = aOff + (transA ? lo : lo * lda);
                inner.sgemm(transA, transB, hi - lo, n, k, alpha, a, aPart, lda, b, bOff, ldb, beta, c, cOff + lo * ldc, ldc);
            } else {
                // columns lo..hi of C and of op(B): B is stored (n, k) when transposed, so its rows move
                int bPart = bOff + (transB ? lo * ldb : lo);
                inner.sgemm(transA, transB, m, hi - lo, k, alpha, a, aOff, lda, b, bPart, ldb, beta, c, cOff + lo, ldc);
            }
        });
    }

    /** One part of a split product: rows lo..hi of C (byRows), else columns lo..hi. */
    interface Part {
        void run(boolean byRows, int lo, int hi);
    }

    /**
     * The split rule of this class, for every product that runs one single-threaded call per part:
     * C (m, n) into row ranges when m &ge; n, else column ranges, as many as threads allows with
     * whole tiles of {@value #ALIGN}; one part (all of C) on the calling thread when the product is
     * below {@link #MIN_SPLIT_FLOPS} or too narrow.
     */
    static void split(int threads, int m, int n, int k, Part part) {
        boolean byRows = m >= n;
        int extent = byRows ? m : n;
        int parts = (int) Math.min(threads, extent / ALIGN);
        if (parts < 2 || 2L * m * n * k < MIN_SPLIT_FLOPS) {
            part.run(true, 0, m);
            return;
        }
        Parallel.run(parts, p -> part.run(byRows, boundary(extent, parts, p), boundary(extent, parts, p + 1)));
    }

    /** Start of range p of `parts` over [0, extent), on a multiple of ALIGN except at the end. */
    private static int boundary(int extent, int parts, int p) {
        if (p == parts) return extent;
        return (int) ((long) extent * p / parts) / ALIGN * ALIGN;
    }
}
