package carousel.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The activation side of {@link Int8Matrix}'s integer product ({@link Int8Gemm}): each stream's row
 * of activations x (k) quantized to unsigned 8 bits on its own range, and the int32 sums turned
 * back into float32 outputs.
 *
 * <p>Row i: lo_i = min_p x_p, step_i = (max_p x_p − lo_i) / 255, u_p = round((x_p − lo_i) / step_i)
 * in 0..255 (half up), so x_p ≈ lo_i + step_i · u_p within step_i / 2 (a zero point that is a float
 * offset, so no rounding of the zero itself). With the weights W[n, p] ≈ s_n · q[n, p] (per-row
 * scales, {@link Int8Matrix}) and the integer sums C[i, n] = Σ_p u_p · q[n, p] and Q_n = Σ_p q[n, p]:
 * <pre>  y[i, n] = Σ_p x_p W[n, p] + b_n ≈ s_n · (step_i · C[i, n] + lo_i · Q_n) + b_n</pre>
 * Every output depends only on its own row of x and the weights, never on the other rows of the
 * batch, and is computed with the same float operations in the same order (IEEE mul, add and fma,
 * which round alike in every JIT tier) in the vector and the scalar code.
 *
 * <p>This is the affine (asymmetric) quantization of Jacob et al., "Quantization and Training of
 * Neural Networks for Efficient Integer-Arithmetic-Only Inference" (CVPR 2018), with one range per
 * stream and per call (dynamic, as PyTorch's {@code quantize_dynamic} does for its activations) and
 * the zero point kept as a float.
 *
 * <p>{@link #reference} is the plain twin of the whole product (weights unpacked, quantized the same
 * way, sums in long, the formula in double).
 */
final class Int8Rows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape());
    /** L bytes, for the narrowing store; the vector path needs L ≥ 8 (the smallest byte shape has 8 lanes). */
    private static final VectorSpecies<Byte> SB = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, L * 8)));
    private static final boolean VECTOR_BYTES = SB.length() == L;

    private Int8Rows() {}

    /**
     * Rows i &lt; m of A (k values each at aOff + i·lda) into q (m, k) as unsigned bytes (row-major,
     * native or heap), with step[i] and lo[i] as in the class comment.
     */
    static void quantize(int m, int k, float[] a, int aOff, int lda, MemorySegment q, float[] step, float[] lo) {
        int kv = S.loopBound(k);
        for (int i = 0; i < m; i++) {
            int row = aOff + i * lda, p = 0;
            long out = (long) i * k;
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            if (kv > 0) {
                FloatVector vMin = FloatVector.broadcast(S, Float.POSITIVE_INFINITY), vMax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                for (; p < kv; p += L) {
                    FloatVector v = FloatVector.fromArray(S, a, row + p);
                    vMin = vMin.min(v);
                    vMax = vMax.max(v);
                }
                for (int l = 0; l < L; l++) {
                    min = Math.min(min, vMin.lane(l));
                    max = Math.max(max, vMax.lane(l));
                }
            }
            for (; p < k; p++) {
                min = Math.min(min, a[row + p]);
                max = Math.max(max, a[row + p]);
            }
            float range = max - min;
            float inv = range > 0 ? 255f / range : 0f;
            step[i] = range / 255f;
            lo[i] = min;
            p = 0;
            if (VECTOR_BYTES) {
                FloatVector vLo = FloatVector.broadcast(S, min), vInv = FloatVector.broadcast(S, inv);
                FloatVector half = FloatVector.broadcast(S, 0.5f), top = FloatVector.broadcast(S, 255f);
                for (; p < kv; p += L) {
                    FloatVector u = FloatVector.fromArray(S, a, row + p).sub(vLo).mul(vInv).add(half).min(top);
                    IntVector ui = (IntVector) u.convertShape(VectorOperators.F2I, SI, 0);
                    ((ByteVector) ui.convertShape(VectorOperators.I2B, SB, 0)).intoMemorySegment(q, out + p, ByteOrder.nativeOrder());
                }
            }
            for (; p < k; p++) q.set(java.lang.foreign.ValueLayout.JAVA_BYTE, out + p, level(a[row + p], min, inv));
        }
    }

    /** The byte of one activation: (int) min((x − lo) · inv + 0.5, 255), as the vector code computes it. */
    private static byte level(float x, float lo, float inv) {
        return (byte) (int) Math.min((x - lo) * inv + 0.5f, 255f);
    }

    /**
     * Rows i0 ≤ i &lt; i1, all n outputs: c[cOff + i·ldc + j] = s_j · (step_i · C[i, j] + lo_i · Q_j) + b_j
     * (b = null: no bias), with Q_j the weights' row sums as floats (exact) and the int32 sums C
     * (m, n) row-major in acc.
     */
    static void dequantize(int i0, int i1, int n, MemorySegment acc, float[] step, float[] lo,
                           float[] scale, float[] sums, float[] bias, float[] c, int cOff, int ldc) {
        int nv = S.loopBound(n);
        ByteOrder order = ByteOrder.nativeOrder();
        for (int i = i0; i < i1; i++) {
            float si = step[i], li = lo[i];
            FloatVector vStep = FloatVector.broadcast(S, si), vLo = FloatVector.broadcast(S, li);
            int j = 0, out = cOff + i * ldc;
            long accRow = 4L * i * n;
            for (; j < nv; j += L) {
                FloatVector s = (FloatVector) IntVector.fromMemorySegment(SI, acc, accRow + 4L * j, order).convertShape(VectorOperators.I2F, S, 0);
                FloatVector v = s.fma(vStep, FloatVector.fromArray(S, sums, j).mul(vLo)).mul(FloatVector.fromArray(S, scale, j));
                if (bias != null) v = v.add(FloatVector.fromArray(S, bias, j));
                v.intoArray(c, out + j);
            }
            for (; j < n; j++) {
                float v = Math.fma((float) acc.get(java.lang.foreign.ValueLayout.JAVA_INT, accRow + 4L * j), si, sums[j] * li) * scale[j];
                c[out + j] = bias != null ? v + bias[j] : v;
            }
        }
    }

    /**
     * The plain twin of the integer product: for rows i &lt; m of A, y[yOff + i·ldy + r] for r &lt; rows
     * of the unpacked matrix W = w[off + r·ld + p] (rows, cols) with bias b (or null): W quantized as
     * {@link Int8Matrix#reference} does, x as {@link #quantize} does, exact integer sums, the formula in double.
     */
    static void reference(float[] w, int off, int ld, int rows, int cols, float[] bias, int bOff,
                          int m, float[] a, int aOff, int lda, float[] y, int yOff, int ldy) {
        byte[] u = new byte[cols];
        for (int i = 0; i < m; i++) {
            int row = aOff + i * lda;
            float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < cols; p++) {
                min = Math.min(min, a[row + p]);
                max = Math.max(max, a[row + p]);
            }
            float range = max - min, inv = range > 0 ? 255f / range : 0f, step = range / 255f;
            for (int p = 0; p < cols; p++) u[p] = level(a[row + p], min, inv);
            for (int r = 0; r < rows; r++) {
                float wMax = 0;
                for (int p = 0; p < cols; p++) wMax = Math.max(wMax, Math.abs(w[off + r * ld + p]));
                float s = Int8Matrix.scaleOf(wMax);
                long sum = 0, qSum = 0;
                for (int p = 0; p < cols; p++) {
                    byte q = Int8Matrix.quantize(w[off + r * ld + p], s);
                    sum += (long) (u[p] & 0xff) * q;
                    qSum += q;
                }
                y[yOff + i * ldy + r] = (float) (s * ((double) step * sum + (double) min * qSum) + (bias == null ? 0 : bias[bOff + r]));
            }
        }
    }
}
