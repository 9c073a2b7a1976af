package carousel.tensor;

/**
 * float32 products computed with bfloat16 operands: each call rounds op(A) and op(B) to bf16
 * (nearest even, {@link Bf16#fromFloats}) into scratch arrays of the call ({@link Reuse}), then multiplies
 * with {@link Bf16Gemm} (float32 sums), C split between Carousel's threads by {@link ParallelBlas}'s
 * rule, one single-threaded oneDNN call per part. The result is the exact product of the rounded
 * operands up to float32 summation order: about 2⁻⁸ relative error per operand, against float32's 2⁻²⁴.
 *
 * <p>Opt-in, for the large whole-chunk products of training ({@link Products#BF16}); where the CPU has
 * AVX512-BF16 the products run at up to twice the float32 FMA rate. Not for the per-step recurrent
 * products or inference. The rounding is done in parallel: row ranges of both stored operands.
 */
public final class Bf16Blas implements Blas {
    /** Below this many elements an operand is rounded on the calling thread alone. */
    private static final int MIN_SPLIT_ROUNDING = 1 << 16;

    private final Bf16Gemm gemm;
    private final int threads;
    // one call's rounded operands {A, B}, grown to the largest seen: per call, not per thread (pool workers drop thread locals)
    private final Reuse<short[][]> scratch = new Reuse<>(() -> new short[][]{new short[0], new short[0]});

    public Bf16Blas(Bf16Gemm gemm, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.gemm = gemm;
        this.threads = threads;
    }

    @Override public String describe() { return gemm.describe() + ", operands rounded to bf16, float32 sums, large products split over " + threads + " threads"; }
    @Override public int threads() { return threads; }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (Blas.degenerate(m, n, k, beta, c, cOff, ldc)) return;
        // operands as stored: A (aRows, aCols), B (bRows, bCols); rounded copies keep that layout, packed (ld = cols)
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        short[][] s = scratch.take();
        try {
            if (s[0].length < aRows * aCols) s[0] = new short[aRows * aCols];
            if (s[1].length < bRows * bCols) s[1] = new short[bRows * bCols];
            short[] a16 = s[0], b16 = s[1];
            int parts = aRows * aCols + bRows * bCols < MIN_SPLIT_ROUNDING ? 1 : Math.min(threads, Math.min(aRows, bRows));
            Parallel.run(Math.max(1, parts), p -> {
                round(a, aOff, lda, a16, aRows * p / parts, aRows * (p + 1) / parts, aCols);
                round(b, bOff, ldb, b16, bRows * p / parts, bRows * (p + 1) / parts, bCols);
            });
            ParallelBlas.split(threads, m, n, k, (byRows, lo, hi) -> {
                if (byRows) gemm.gemm(transA, transB, hi - lo, n, k, alpha, a16, transA ? lo : lo * aCols, aCols, b16, 0, bCols, beta, c, cOff + lo * ldc, ldc);
                else gemm.gemm(transA, transB, m, hi - lo, k, alpha, a16, 0, aCols, b16, transB ? lo * bCols : lo, bCols, beta, c, cOff + lo, ldc);
            });
        } finally {
            scratch.give(s);
        }
    }

    /** Rows r0..r1 of a stored (·, cols) float matrix (stride ld) rounded into dst, packed. */
    private static void round(float[] src, int off, int ld, short[] dst, int r0, int r1, int cols) {
        for (int r = r0; r < r1; r++) Bf16.fromFloats(src, off + r * ld, dst, r * cols, cols);
    }
}
