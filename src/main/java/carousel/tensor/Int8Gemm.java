package carousel.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * An exact int8 matrix product, C (m, n) = A (m, k) · Bᵀ with A unsigned 8-bit, B (n, k) signed
 * 8-bit and C int32, by oneDNN's BLAS-style {@code dnnl_gemm_u8s8s32} (its JIT kernels use the
 * AVX512-VNNI / AVX-VNNI dot products, four 8-bit multiply-adds per 32-bit lane, where the CPU has
 * them), called through the Foreign Function &amp; Memory API on heap arrays (no copies) from the
 * system library {@code libdnnl.so.2} (Debian's {@code libdnnl2}). Source of the call's contract:
 * oneDNN's {@code dnnl.h}, "BLAS functions": row-major, C = α (op(A) − a₀)(op(B) − b₀) + β C + c₀;
 * here α = 1, β = 0 and every offset 0.
 *
 * <p>Each call runs on the calling thread alone ({@link OneDnn}, the library's loader), and Carousel
 * splits large products between its own threads ({@link Int8Matrix}), as {@link ParallelBlas} does for sgemm.
 *
 * <p>{@link #load} accepts the library only after a product with extreme values (every A entry
 * 255, B entries ±127, k = 1 024) equals {@link #reference} exactly: without VNNI oneDNN may sum
 * pairs of products in saturating 16-bit arithmetic, which this check refuses.
 */
public final class Int8Gemm {
    private final OneDnn dnnl;
    private final MethodHandle gemm;
    private final MemorySegment zeroOffset;  // c₀ = 0, one int32
    private final String description;

    private Int8Gemm(OneDnn dnnl) {
        this.dnnl = dnnl;
        gemm = dnnl.downcall("dnnl_gemm_u8s8s32", FunctionDescriptor.of(JAVA_INT,
                JAVA_BYTE, JAVA_BYTE, JAVA_BYTE, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_FLOAT, ADDRESS, JAVA_LONG, JAVA_BYTE,
                ADDRESS, JAVA_LONG, JAVA_BYTE, JAVA_FLOAT, ADDRESS, JAVA_LONG, ADDRESS));
        zeroOffset = Arena.global().allocate(JAVA_INT);
        description = dnnl.describe("dnnl_gemm_u8s8s32");
    }

    /**
     * The system's oneDNN ({@code libdnnl.so.2}, or the file {@code path} when non-null), checked as
     * the class comment says; throws IllegalStateException saying why it cannot be used.
     */
    public static Int8Gemm load(String path) {
        Int8Gemm g = new Int8Gemm(OneDnn.open(path));
        g.selfCheck();
        return g;
    }

    public String describe() { return description; }

    /**
     * The operands of the load-time exactness checks: A (m, k) unsigned with its first row all 255,
     * B (n, k) signed with its first row all 127 and its second all −127, the rest random.
     */
    static byte[][] extremes(int m, int n, int k) {
        byte[] a = new byte[m * k], b = new byte[n * k];
        Rng r = new Rng(7);
        for (int i = 0; i < a.length; i++) a[i] = i < k ? (byte) 255 : (byte) r.nextInt(256);
        for (int i = 0; i < b.length; i++) b[i] = i < k ? 127 : i < 2 * k ? -127 : (byte) (r.nextInt(255) - 127);
        return new byte[][]{a, b};
    }

    private void selfCheck() {
        int m = 3, n = 5, k = 1024;
        byte[][] ab = extremes(m, n, k);
        byte[] a = ab[0], b = ab[1];
        int[] got = new int[m * n], want = new int[m * n];
        gemm(m, n, k, a, 0, k, b, 0, k, got, 0, n);
        reference(m, n, k, a, 0, k, b, 0, k, want, 0, n);
        if (!java.util.Arrays.equals(got, want))
            throw new IllegalStateException(description + " does not give exact int32 sums on this CPU (saturating 16-bit steps without VNNI?)");
    }

    /**
     * C[cOff + i·ldc + j] = Σ_p A[aOff + i·lda + p] · B[bOff + j·ldb + p] for i &lt; m, j &lt; n, p &lt; k,
     * with A's bytes read as unsigned (0..255) and B's as signed; exact in int32 for k up to 66 000.
     */
    public void gemm(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb, int[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        OneDnn.checkFits("int8 gemm", "A", a.length, aOff, m, k, lda);
        OneDnn.checkFits("int8 gemm", "B", b.length, bOff, n, k, ldb);
        OneDnn.checkFits("int8 gemm", "C", c.length, cOff, m, n, ldc);
        call(m, n, k, MemorySegment.ofArray(a).asSlice(aOff), lda, MemorySegment.ofArray(b).asSlice(bOff), ldb, MemorySegment.ofArray(c).asSlice(cOff * 4L), ldc);
    }

    /**
     * {@link #gemm} on segments (native or heap): A's bytes from the start of {@code a}, B's of
     * {@code b}, C's int32 into {@code c}, at row strides lda, ldb, ldc (in elements).
     */
    public void gemm(int m, int n, int k, MemorySegment a, int lda, MemorySegment b, int ldb, MemorySegment c, int ldc) {
        if (m == 0 || n == 0) return;
        OneDnn.checkFits("int8 gemm", "A", a.byteSize(), 0, m, k, lda);
        OneDnn.checkFits("int8 gemm", "B", b.byteSize(), 0, n, k, ldb);
        OneDnn.checkFits("int8 gemm", "C", c.byteSize() / 4, 0, m, n, ldc);
        call(m, n, k, a, lda, b, ldb, c, ldc);
    }

    private void call(int m, int n, int k, MemorySegment a, int lda, MemorySegment b, int ldb, MemorySegment c, int ldc) {
        dnnl.call(description, () -> (int) gemm.invokeExact((byte) 'N', (byte) 'T', (byte) 'F', (long) m, (long) n, (long) k, 1f,
                a, (long) lda, (byte) 0, b, (long) ldb, (byte) 0, 0f, c, (long) ldc, zeroOffset));
    }

    /** The plain twin of {@link #gemm}: the same sums by a triple loop. */
    public static void reference(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb, int[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                int s = 0;
                for (int p = 0; p < k; p++) s += (a[aOff + i * lda + p] & 0xff) * b[bOff + j * ldb + p];
                c[cOff + i * ldc + j] = s;
            }
    }
}
