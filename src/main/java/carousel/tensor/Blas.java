package carousel.tensor;

/**
 * Single-precision general matrix product on row-major heap arrays, the one BLAS routine the
 * recurrent layers need: {@code C = alpha * op(A) * op(B) + beta * C} with op(A) of shape (m, k),
 * op(B) of shape (k, n) and C of shape (m, n). {@code lda}, {@code ldb}, {@code ldc} are the row
 * strides of the arrays as stored (A is stored (k, m) when {@code transA}).
 *
 * <p>Implementations: {@link NativeBlas} (OpenBLAS through the Foreign Function &amp; Memory API),
 * {@link JavaBlas} (pure Java with the Vector API), and {@link ReferenceBlas} (plain loops, the
 * control in tests). {@link Backend} picks one per process.
 */
public interface Blas {
    /** Human-readable description, e.g. "OpenBLAS 0.3.21 (system ...)". */
    String describe();

    /** Number of threads the library computes with. */
    int threads();

    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc);

    /** Handles the degenerate sizes every implementation must agree on; returns true when done. */
    static boolean degenerate(int m, int n, int k, float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative gemm size m=" + m + " n=" + n + " k=" + k);
        if (m == 0 || n == 0) return true;
        if (k == 0) {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++) c[cOff + i * ldc + j] = beta == 0 ? 0f : beta * c[cOff + i * ldc + j];
            return true;
        }
        return false;
    }
}
