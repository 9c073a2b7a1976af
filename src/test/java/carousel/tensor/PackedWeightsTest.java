package carousel.tensor;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming weight storages ({@link PackedWeights}): int8 products against their plain twin
 * {@link Int8Matrix#reference} and against float32, and the several-stream product
 * {@link PackedWeights#multiplyRows} against the one-stream product, in all three storages.
 */
class PackedWeightsTest {
    private static float[] rand(Rng r, double range, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.uniform(-range, range);
        return a;
    }

    /**
     * int8 weights, with both kernels: the Vector API tiles equal {@link Int8Matrix#reference} (the
     * same quantization, sums in double) within float32 summation error, and oneDNN's integer
     * product (where libdnnl loads, {@link Int8GemmTest#oneDnn}) equals {@link Int8Rows#reference}
     * within float32 rounding, over column counts around the 4-column unrolling and partial blocks;
     * each differs from float32 by at most the quantization (half a step, s_r / 2, per weight; for
     * the integer product also half an activation step, range / 510, per activation), a difference
     * the test must see; {@code multiply} is the kernel the backend chose, bit for bit.
     */
    @Test
    void int8ProductMatchesItsReferenceAndFloat32WithinTheQuantization() {
        Rng r = new Rng(41);
        double maxVsF32 = 0;
        Int8Gemm oneDnn = Int8GemmTest.oneDnn();
        Int8MatMul matMul = oneDnn == null ? null : Int8GemmTest.matMul();
        for (Int8Gemm kernel : oneDnn == null ? new Int8Gemm[]{null} : new Int8Gemm[]{null, oneDnn})
        for (int cols : new int[]{1, 2, 3, 4, 5, 7, 15, 16, 17, 40, 297})
            for (int rows : new int[]{1, 3, 15, 16, 17, 40}) {
                int ld = cols + 3, off = 5;
                float[] w = rand(r, 1, off + rows * ld), x = rand(r, 1, cols + 2), b = rand(r, 1, rows + 1);
                for (boolean withBias : new boolean[]{true, false}) {
                    PackedMatrix f32 = PackedMatrix.pack(w, off, ld, rows, cols, withBias ? b : null, 1);
                    Int8Matrix q = f32.toInt8();
                    float[] got = new float[rows + 3], ref = new float[rows + 3], full = new float[rows + 3], chosen = new float[rows + 3];
                    Arrays.fill(got, 42f);
                    if (kernel == null) q.floatRows(1, x, 2, cols, got, 1, rows);
                    else q.integerRows(kernel, matMul, 1, x, 2, cols, got, 1, rows);
                    f32.multiply(x, 2, full, 1);
                    if (kernel == null) Int8Matrix.reference(w, off, ld, rows, cols, withBias ? b : null, 1, x, 2, ref, 1);
                    else Int8Rows.reference(w, off, ld, rows, cols, withBias ? b : null, 1, 1, x, 2, cols, ref, 1, rows);
                    if ((kernel == null) == (Backend.int8Gemm() == null)) {
                        q.multiply(x, 2, chosen, 1);
                        for (int i = 0; i < rows; i++) assertEquals(Float.floatToRawIntBits(got[1 + i]), Float.floatToRawIntBits(chosen[1 + i]), "multiply is the chosen kernel");
                    }
                    double xMin = Double.MAX_VALUE, xMax = -Double.MAX_VALUE;
                    for (int p = 0; p < cols; p++) { xMin = Math.min(xMin, x[2 + p]); xMax = Math.max(xMax, x[2 + p]); }
                    double xStep = kernel == null ? 0 : (xMax - xMin) / 255;
                    String what = (kernel == null ? "tiles" : "oneDNN") + " rows=" + rows + " cols=" + cols + " bias=" + withBias;
                    assertEquals(42f, got[0], 0f, "untouched before y, " + what);
                    assertEquals(42f, got[rows + 1], 0f, "untouched after y (masked last block), " + what);
                    for (int i = 0; i < rows; i++) {
                        double max = 0, mag = withBias ? Math.abs(b[1 + i]) : 0, xs = 0, ws = 0;
                        for (int p = 0; p < cols; p++) {
                            max = Math.max(max, Math.abs(w[off + i * ld + p]));
                            ws += Math.abs(w[off + i * ld + p]);
                            mag += Math.abs((double) w[off + i * ld + p] * x[2 + p]);
                            xs += Math.abs(x[2 + p]);
                        }
                        assertEquals(ref[1 + i], got[1 + i], 1e-6 * (1 + mag), "int8 against its reference, " + what + " row " + i);
                        // each weight within half a step (max / 254) of its quantized value
                        assertEquals(full[1 + i], got[1 + i], max / 254 * xs + (max / 254 + ws) * xStep / 2 + 1e-5 * (1 + mag), "int8 against float32, " + what + " row " + i);
                        maxVsF32 = Math.max(maxVsF32, Math.abs(full[1 + i] - got[1 + i]));
                    }
                }
            }
        assertTrue(maxVsF32 > 1e-3, "int8 products should differ from float32 ones by the quantization; largest difference " + maxVsF32);
        // a quarter of the weight bytes, plus the scales; an all-zero row quantizes to zeros
        PackedMatrix big = PackedMatrix.pack(rand(r, 1, 64 * 100), 0, 100, 64, 100, null, 0);
        assertEquals(64 * 100 + 4 * 64, big.toInt8().bytes());
        float[] zeros = new float[16 * 3], y = {9f, 9f, 9f};
        PackedMatrix.pack(zeros, 0, 16, 3, 16, null, 0).toInt8().multiply(rand(r, 1, 16), 0, y, 0);
        assertEquals(0f, y[0] + Math.abs(y[1]) + Math.abs(y[2]), 0f, "zero rows");
    }

    @Test
    void int8RefusesNonFiniteWeights() {
        float[] w = new float[4 * 5];
        w[7] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PackedMatrix.pack(w, 0, 5, 4, 5, null, 0).toInt8());
        assertTrue(e.getMessage().contains("row 1 column 2"), e.getMessage());
    }

    /**
     * Several streams at once, in every storage: each stream's row is the same bit for bit whatever
     * the number of streams (against the stream alone in a call of its own), and equals the
     * one-stream {@link PackedWeights#multiply} bit for bit for bf16 and int8 (the same operations
     * in the same order; only FMAs and adds, which round alike in every JIT tier) and within
     * float32 summation error for float32 (one accumulator per output against {@code multiply}'s
     * four). Stream counts around the 4- and 8-stream tiles, shapes with partial and odd blocks and
     * odd columns, row strides larger than the rows, one product large enough to be split between threads.
     */
    @Test
    void severalStreamsEqualOneStreamAtATime() {
        Rng r = new Rng(43);
        int[][] shapes = {{1, 1}, {17, 5}, {40, 33}, {16, 4}, {33, 297}, {48, 7}, {64, 3}, {600, 400}};
        for (int[] shape : shapes) {
            int rows = shape[0], cols = shape[1];
            float[] w = rand(r, 1, rows * cols), b = rand(r, 1, rows);
            PackedMatrix f32 = PackedMatrix.pack(w, 0, cols, rows, cols, b, 0);
            for (PackedWeights pw : new PackedWeights[]{f32, PackedMatrix.pack(w, 0, cols, rows, cols, null, 0), f32.toBf16(), f32.toInt8(),
                    PackedMatrix.pack(w, 0, cols, rows, cols, null, 0).toInt8()})
                for (int m : new int[]{1, 2, 3, 4, 5, 8, 13, 16, 21}) {
                    int lda = cols + 2, ldc = rows + 3, aOff = 1, cOff = 2;
                    float[] a = rand(r, 1, aOff + m * lda), c = new float[cOff + m * ldc + 1], one = new float[rows], alone = new float[rows];
                    Arrays.fill(c, 42f);
                    pw.multiplyRows(m, a, aOff, lda, c, cOff, ldc);
                    String what = pw.getClass().getSimpleName() + " " + rows + "x" + cols + " bytes " + pw.bytes() + " m=" + m;
                    for (int i = 0; i < m; i++) {
                        pw.multiply(a, aOff + i * lda, one, 0);
                        pw.multiplyRows(1, a, aOff + i * lda, lda, alone, 0, rows);
                        for (int j = 0; j < rows; j++) {
                            float got = c[cOff + i * ldc + j];
                            assertEquals(Float.floatToRawIntBits(alone[j]), Float.floatToRawIntBits(got), what + " stream " + i + " row " + j + ": alone against in the batch");
                            if (pw instanceof PackedMatrix) {
                                double mag = Math.abs(b[j]);
                                for (int p = 0; p < cols; p++) mag += Math.abs((double) w[j * cols + p] * a[aOff + i * lda + p]);
                                assertEquals(one[j], got, 1e-6 * (1 + mag), what + " stream " + i + " row " + j + ": against multiply");
                            } else {
                                assertEquals(Float.floatToRawIntBits(one[j]), Float.floatToRawIntBits(got), what + " stream " + i + " row " + j + ": against multiply");
                            }
                        }
                        for (int j = rows; j < ldc && cOff + i * ldc + j < c.length; j++)
                            assertEquals(42f, c[cOff + i * ldc + j], 0f, "untouched between rows, stream " + i);
                    }
                    assertEquals(42f, c[0], 0f);
                }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> PackedMatrix.pack(new float[6], 0, 3, 2, 3, null, 0).multiplyRows(2, new float[5], 0, 3, new float[4], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> PackedMatrix.pack(new float[6], 0, 3, 2, 3, null, 0).multiplyRows(2, new float[6], 0, 2, new float[4], 0, 2));
    }
}
