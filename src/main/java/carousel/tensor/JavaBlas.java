package carousel.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.stream.IntStream;

/**
 * Pure-Java sgemm with the Vector API: the fallback when no native OpenBLAS loads. Rows of C are
 * split across threads for large products. Two inner kernels: "row axpy" (C[i,:] += a·B[p,:]) when
 * B is not transposed, and "dot" (C[i,j] = A[i,:]·B[j,:]) when it is. Roughly a tenth of OpenBLAS's
 * speed; correctness is checked against {@link ReferenceBlas}.
 */
public final class JavaBlas implements Blas {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private final int threads;

    public JavaBlas(int threads) { this.threads = Math.max(1, threads); }

    @Override public String describe() { return "pure Java (Vector API, " + S.length() + " float lanes)"; }
    @Override public int threads() { return threads; }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (Blas.degenerate(m, n, k, beta, c, cOff, ldc)) return;
        long flops = 2L * m * n * k;
        int parts = (threads > 1 && flops > 2_000_000 && m >= 2) ? Math.min(threads, m) : 1;
        if (parts == 1) {
            rows(0, m, transA, transB, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            IntStream.range(0, parts).parallel().forEach(p -> {
                int lo = (int) ((long) m * p / parts), hi = (int) ((long) m * (p + 1) / parts);
                rows(lo, hi, transA, transB, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            });
        }
    }

    private static void rows(int lo, int hi, boolean transA, boolean transB, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int bound = S.loopBound(n);
        for (int i = lo; i < hi; i++) {
            int ci = cOff + i * ldc;
            if (!transB) {
                scaleRow(c, ci, n, beta);
                for (int p = 0; p < k; p++) {
                    float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    if (av == 0f) continue;
                    int bi = bOff + p * ldb;
                    FloatVector va = FloatVector.broadcast(S, av);
                    int j = 0;
                    for (; j < bound; j += S.length()) {
                        FloatVector vc = FloatVector.fromArray(S, c, ci + j);
                        va.fma(FloatVector.fromArray(S, b, bi + j), vc).intoArray(c, ci + j);
                    }
                    for (; j < n; j++) c[ci + j] += av * b[bi + j];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    float s = transA ? dotStrided(a, aOff + i, lda, b, bOff + j * ldb, k) : dot(a, aOff + i * lda, b, bOff + j * ldb, k);
                    c[ci + j] = alpha * s + (beta == 0 ? 0f : beta * c[ci + j]);
                }
            }
        }
    }

    private static void scaleRow(float[] c, int off, int n, float beta) {
        if (beta == 1f) return;
        for (int j = 0; j < n; j++) c[off + j] = beta == 0f ? 0f : beta * c[off + j];
    }

    private static float dot(float[] x, int xo, float[] y, int yo, int k) {
        FloatVector acc = FloatVector.zero(S);
        int p = 0, bound = S.loopBound(k);
        for (; p < bound; p += S.length()) acc = FloatVector.fromArray(S, x, xo + p).fma(FloatVector.fromArray(S, y, yo + p), acc);
        float s = FloatMath.sumLanesFloat(acc);   // a fixed lane order: the same bits in every JIT tier
        for (; p < k; p++) s += x[xo + p] * y[yo + p];
        return s;
    }

    private static float dotStrided(float[] x, int xo, int stride, float[] y, int yo, int k) {
        float s = 0;
        for (int p = 0; p < k; p++) s += x[xo + p * stride] * y[yo + p];
        return s;
    }
}
