package carousel.tensor;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A matrix product with bfloat16 operands and float32 sums, C (m, n) = α·op(A)·op(B) + β·C with A
 * and B as bf16 bits ({@link Bf16}) and C float32, by oneDNN's BLAS-style
 * {@code dnnl_gemm_bf16bf16f32} (its JIT kernels use AVX512-BF16's {@code vdpbf16ps}, two bf16
 * multiply-adds per float32 lane, where the CPU has it), through the Foreign Function &amp; Memory
 * API on heap arrays (no copies). Source of the call's contract: oneDNN's {@code dnnl.h}, "BLAS
 * functions": row-major, {@code transa}/{@code transb} 'N' or 'T', lda, ldb, ldc the row strides as
 * stored. A product of two bf16 values is exact in float32 (8 by 8 significant bits), so the only
 * rounding after the operands' is in the float32 sums.
 *
 * <p>Each call runs on the calling thread alone ({@link OneDnn}); {@link Bf16Blas} rounds float32
 * operands and splits large products between Carousel's threads. {@link #load} accepts the library
 * only after a product of small integers (whose float32 sums are exact in any order) equals
 * {@link #reference} exactly in all four transpositions.
 */
public final class Bf16Gemm {
    private final OneDnn dnnl;
    private final MethodHandle gemm;
    private final String description;

    private Bf16Gemm(OneDnn dnnl) {
        this.dnnl = dnnl;
        gemm = dnnl.downcall("dnnl_gemm_bf16bf16f32", FunctionDescriptor.of(JAVA_INT,
                JAVA_BYTE, JAVA_BYTE, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_FLOAT, ADDRESS, JAVA_LONG,
                ADDRESS, JAVA_LONG, JAVA_FLOAT, ADDRESS, JAVA_LONG));
        description = dnnl.describe("dnnl_gemm_bf16bf16f32");
    }

    /**
     * The system's oneDNN ({@code libdnnl.so.2}, or the file {@code path} when non-null), checked as
     * the class comment says; throws IllegalStateException saying why it cannot be used.
     */
    public static Bf16Gemm load(String path) {
        Bf16Gemm g = new Bf16Gemm(OneDnn.open(path));
        g.selfCheck();
        return g;
    }

    public String describe() { return description; }

    private void selfCheck() {
        int m = 37, n = 19, k = 301;
        Rng r = new Rng(11);
        short[] a = new short[m * k], b = new short[k * n];
        for (int i = 0; i < a.length; i++) a[i] = Bf16.fromFloat(r.nextInt(17) - 8);
        for (int i = 0; i < b.length; i++) b[i] = Bf16.fromFloat(r.nextInt(17) - 8);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int lda = ta ? m : k, ldb = tb ? k : n;
            float[] got = new float[m * n], want = new float[m * n];
            java.util.Arrays.fill(got, 3f);
            java.util.Arrays.fill(want, 3f);
            gemm(ta, tb, m, n, k, 2f, a, 0, lda, b, 0, ldb, 1f, got, 0, n);
            reference(ta, tb, m, n, k, 2f, a, 0, lda, b, 0, ldb, 1f, want, 0, n);
            if (!java.util.Arrays.equals(got, want))
                throw new IllegalStateException(description + " does not give the exact product of small integers (transA " + ta + ", transB " + tb + ")");
        }
    }

    /**
     * C[cOff + i·ldc + j] = α·Σ_p op(A)[i, p]·op(B)[p, j] + β·C[cOff + i·ldc + j] for i &lt; m,
     * j &lt; n, with op(A) (m, k) stored (m, k), or (k, m) when transA, from aOff with row stride
     * lda; op(B) (k, n) likewise. One thread.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, short[] a, int aOff, int lda,
                     short[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        OneDnn.checkFits("bf16 gemm", "A", a.length, aOff, transA ? k : m, transA ? m : k, lda);
        OneDnn.checkFits("bf16 gemm", "B", b.length, bOff, transB ? n : k, transB ? k : n, ldb);
        OneDnn.checkFits("bf16 gemm", "C", c.length, cOff, m, n, ldc);
        dnnl.call(description, () -> (int) gemm.invokeExact((byte) (transA ? 'T' : 'N'), (byte) (transB ? 'T' : 'N'), (long) m, (long) n, (long) k, alpha,
                MemorySegment.ofArray(a).asSlice(aOff * 2L), (long) lda, MemorySegment.ofArray(b).asSlice(bOff * 2L), (long) ldb,
                beta, MemorySegment.ofArray(c).asSlice(cOff * 4L), (long) ldc));
    }

    /** The plain twin of {@link #gemm}: each product exact, summed over p in order in float32, then α·sum + β·C. */
    public static void reference(boolean transA, boolean transB, int m, int n, int k, float alpha, short[] a, int aOff, int lda,
                                 short[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                float s = 0;
                for (int p = 0; p < k; p++)
                    s += Bf16.toFloat(a[aOff + (transA ? p * lda + i : i * lda + p)]) * Bf16.toFloat(b[bOff + (transB ? j * ldb + p : p * ldb + j)]);
                int o = cOff + i * ldc + j;
                c[o] = beta == 0 ? alpha * s : alpha * s + beta * c[o];
            }
    }

    /** Whether /proc/cpuinfo lists {@code avx512_bf16} (false where it cannot be read). */
    static boolean cpuHasBf16Dot() {
        try {
            String info = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/cpuinfo"), java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String line : info.split("\n"))
                if (line.startsWith("flags")) return (" " + line.substring(line.indexOf(':') + 1) + " ").contains(" avx512_bf16 ");
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
