package carousel.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * oneDNN's int8 products ({@link Int8Gemm}, {@link Int8MatMul}) against their plain twin, the integer path of
 * {@link Int8Matrix} against {@link Int8Rows#reference}, and the choice between the kernels
 * ({@link Int8Choice}). The tests of oneDNN itself need {@code libdnnl.so.2} (Debian's libdnnl2,
 * which {@code .ci/run} installs) and say so when it is missing.
 */
class Int8GemmTest {
    /** The system's oneDNN, or null (with a line on standard error) where it does not load. */
    static Int8Gemm oneDnn() {
        try {
            return Int8Gemm.load(null);
        } catch (IllegalStateException e) {
            System.err.println("Int8GemmTest: oneDNN not available, its tests skip: " + e.getMessage());
            return null;
        }
    }

    /** oneDNN's matmul primitive, or null (with a line on standard error) where it does not load. */
    static Int8MatMul matMul() {
        try {
            return Int8MatMul.load(null);
        } catch (IllegalStateException e) {
            System.err.println("Int8GemmTest: oneDNN's matmul primitive not available, its tests skip: " + e.getMessage());
            return null;
        }
    }

    private static byte[] bytes(Rng r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt(256);
        return b;
    }

    /**
     * Exact int32 sums, bit for bit against the triple loop, over B4's product shapes (32 streams;
     * k × n of the B2 network's layers), odd shapes, offsets and strides larger than the rows, and
     * bytes over their whole range (A unsigned, B signed, −128 included).
     */
    @Test
    void int8GemmEqualsThePlainLoopExactly() {
        Int8Gemm g = oneDnn();
        assumeTrue(g != null, "libdnnl.so.2 not installed");
        Rng r = new Rng(61);
        int[][] shapes = {{32, 4096, 296}, {32, 256, 1024}, {32, 2000, 256}, {1, 1, 1}, {1, 17, 33}, {5, 3, 7}, {31, 65, 129}, {2, 40, 1000}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2], lda = k + 3, ldb = k + 1, ldc = n + 2, aOff = 2, bOff = 5, cOff = 1;
            byte[] a = bytes(r, aOff + m * lda), b = bytes(r, bOff + n * ldb);
            int[] got = new int[cOff + m * ldc + 1], want = new int[got.length];
            Arrays.fill(got, 42);
            Arrays.fill(want, 42);
            g.gemm(m, n, k, a, aOff, lda, b, bOff, ldb, got, cOff, ldc);
            Int8Gemm.reference(m, n, k, a, aOff, lda, b, bOff, ldb, want, cOff, ldc);
            for (int i = 0; i < m; i++)
                for (int j = n; j < ldc && cOff + i * ldc + j < got.length; j++) want[cOff + i * ldc + j] = got[cOff + i * ldc + j];   // between rows: not written
            assertArrayEquals(want, got, m + "x" + n + "x" + k);
            assertEquals(42, got[0]);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> g.gemm(2, 2, 3, new byte[5], 0, 3, new byte[6], 0, 3, new int[4], 0, 2));
    }

    /**
     * The matmul primitive on packed weights: exact int32 sums, bit for bit against the triple loop,
     * for B4's product shapes and odd ones, at every row count from 1 to 33 (a primitive per count,
     * past the 32 the layout was chosen for), with weights taken from inside a larger matrix.
     */
    @Test
    void int8MatMulEqualsThePlainLoopExactly() {
        Int8MatMul mm = matMul();
        assumeTrue(mm != null, "libdnnl.so.2 not installed");
        Rng r = new Rng(63);
        int[][] shapes = {{4096, 296}, {256, 1024}, {2000, 256}, {1, 1}, {17, 33}, {3, 7}, {65, 129}, {40, 1000}};
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            for (int[] s : shapes) {
                int n = s[0], k = s[1], n0 = 3, maxM = 33;
                byte[] b = new byte[(n0 + n + 2) * k];
                for (int i = 0; i < b.length; i++) b[i] = (byte) (r.nextInt(255) - 127);
                Int8MatMul.Packed w = mm.pack(b, n0, n, k);
                byte[] a = bytes(r, maxM * k);
                java.lang.foreign.MemorySegment src = arena.allocate(a.length, 64), dst = arena.allocate(4L * maxM * n, 64);
                java.lang.foreign.MemorySegment.copy(a, 0, src, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, a.length);
                for (int m : n * k > 100_000 ? new int[]{1, 2, 31, 32, 33} : new int[]{1, 2, 3, 5, 8, 16, 31, 32, 33}) {
                    int[] got = new int[m * n], want = new int[m * n];
                    assertTrue(mm.multiply(w, m, src, dst), "a primitive for " + m + " rows");
                    java.lang.foreign.MemorySegment.copy(dst, java.lang.foreign.ValueLayout.JAVA_INT, 0, got, 0, got.length);
                    Int8Gemm.reference(m, n, k, a, 0, k, b, n0 * k, k, want, 0, n);
                    assertArrayEquals(want, got, m + "x" + n + "x" + k);
                }
            }
            Int8MatMul.Packed w = mm.pack(new byte[12], 0, 3, 4);
            assertThrows(IndexOutOfBoundsException.class, () -> mm.multiply(w, 2, arena.allocate(7), arena.allocate(24)));
        }
    }

    /**
     * {@link Int8Matrix}'s integer path, several streams at once (the products split between
     * threads for the largest): equal to {@link Int8Rows#reference} within float32 rounding; each
     * stream's row the same bit for bit alone as in the batch; an all-equal row (range 0) and rows
     * of very different ranges in one batch.
     */
    @Test
    void integerRowsMatchTheirReferenceAndDoNotDependOnTheBatch() {
        Int8Gemm g = oneDnn();
        assumeTrue(g != null, "libdnnl.so.2 not installed");
        Int8MatMul mm = matMul();
        Rng r = new Rng(62);
        int[][] shapes = {{600, 400}, {17, 5}, {4096, 296}, {33, 297}};
        for (int[] shape : shapes) {
            int rows = shape[0], cols = shape[1], m = 21, lda = cols + 2, ldc = rows + 1;
            float[] w = new float[rows * cols], b = new float[rows];
            for (int i = 0; i < w.length; i++) w[i] = (float) r.uniform(-1, 1);
            for (int i = 0; i < b.length; i++) b[i] = (float) r.uniform(-1, 1);
            float[] a = new float[m * lda];
            for (int i = 0; i < m; i++)
                for (int p = 0; p < cols; p++) a[i * lda + p] = i == 3 ? 0.25f : (float) (r.uniform(-1, 1) * Math.pow(10, i % 5 - 2));
            Int8Matrix q = PackedMatrix.pack(w, 0, cols, rows, cols, b, 0).toInt8();
            float[] got = new float[m * ldc], want = new float[m * ldc], alone = new float[rows], viaGemm = new float[m * ldc];
            q.integerRows(g, mm, m, a, 0, lda, got, 0, ldc);
            q.integerRows(g, null, m, a, 0, lda, viaGemm, 0, ldc);
            for (int i = 0; i < got.length; i++)
                assertEquals(Float.floatToRawIntBits(viaGemm[i]), Float.floatToRawIntBits(got[i]), rows + "x" + cols + ": matmul primitive against gemm at " + i);
            Int8Rows.reference(w, 0, cols, rows, cols, b, 0, m, a, 0, lda, want, 0, ldc);
            for (int i = 0; i < m; i++) {
                q.integerRows(g, mm, 1, a, i * lda, lda, alone, 0, rows);
                for (int j = 0; j < rows; j++) {
                    double mag = Math.abs(b[j]);
                    for (int p = 0; p < cols; p++) mag += Math.abs((double) w[j * cols + p] * a[i * lda + p]);
                    String what = rows + "x" + cols + " stream " + i + " row " + j;
                    assertEquals(want[i * ldc + j], got[i * ldc + j], 1e-6 * (1 + mag), what + ": against the reference");
                    assertEquals(Float.floatToRawIntBits(alone[j]), Float.floatToRawIntBits(got[i * ldc + j]), what + ": alone against in the batch");
                }
            }
        }
    }

    /** The choice: the setting's values, the tiles when asked for, and a clear line when the library is missing. */
    @Test
    void theChoiceSaysWhichKernelAndWhy() {
        Int8Choice.Decision java = Int8Choice.choose("java", null);
        assertNull(java.gemm());
        assertTrue(java.line().contains("Java Vector API tiles") && java.line().contains("CAROUSEL_INT8=java"), java.line());
        Int8Choice.Decision missing = Int8Choice.choose("auto", "/no/such/libdnnl.so.2");
        assertNull(missing.gemm());
        assertTrue(missing.line().contains("Java Vector API tiles") && missing.line().contains("/no/such/libdnnl.so.2 not found"), missing.line());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Int8Choice.choose("vnni", null));
        assertTrue(e.getMessage().contains("auto, onednn, onednn-gemm or java"), e.getMessage());
        if (oneDnn() != null) {
            Int8Choice.Decision auto = Int8Choice.choose("auto", null);
            assertTrue(auto.line().contains("auto: probe 32 streams") && auto.line().contains("GOP/s"), auto.line());
            Int8Choice.Decision forced = Int8Choice.choose("onednn", null);
            assertTrue(forced.gemm() != null && forced.line().contains("oneDNN") && forced.line().contains("dnnl_gemm_u8s8s32"), forced.line());
            if (matMul() != null) {
                assertTrue(forced.matmul() != null && forced.line().contains("matmul primitive"), forced.line());
                assertTrue(auto.line().contains("matmul primitive"), auto.line());
            }
            Int8Choice.Decision gemm = Int8Choice.choose("onednn-gemm", null);
            assertTrue(gemm.gemm() != null && gemm.matmul() == null && gemm.line().contains("CAROUSEL_INT8=onednn-gemm"), gemm.line());
        }
    }
}
