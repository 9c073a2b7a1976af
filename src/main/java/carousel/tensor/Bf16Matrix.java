package carousel.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A weight matrix W (rows, cols) stored as bfloat16 for streaming inference
 * ({@link PackedMatrix#toBf16}): each weight rounded to nearest even ({@link Bf16#fromFloat}), the
 * bias float32; products accumulate in float32 and read half float32's bytes.
 *
 * <p>Layout: the blocks of L rows of {@link PackedMatrix} (L the float vector length), each weight
 * as its 16 bits, two neighbouring columns sharing one int lane: block k, column pair q holds, per
 * lane l, W[kL+l, 2q] in the upper 16 bits and W[kL+l, 2q+1] in the lower (zero past an odd last
 * column). One int vector load then gives two float32 weight vectors exactly: the lane masked to
 * its upper half, and the lane shifted left by 16. (On the five B3 products, one core, this
 * measured about 1.4 × faster than one column per 16-bit lane widened by a sign-extending
 * short-to-int conversion and a shift: medians of five JVMs, 6 460 against 4 630 frames' worth of
 * products per second; float32 measured 3 500–3 800.)
 *
 * <p>Several streams at once ({@link #multiplyRows}): 4 streams per register tile, each pair of
 * weight vectors widened once for the 4, every stream's four accumulators built in
 * {@link #multiply}'s order, so each stream's result equals its own product bit for bit.
 * {@link #reference} is the plain twin.
 */
public final class Bf16Matrix implements PackedWeights {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final VectorSpecies<Integer> SI = IntVector.SPECIES_PREFERRED;   // L int lanes: two bf16 block columns
    private static final int TILE_STREAMS = 4;

    private final int rows, cols, blocks, lastLanes;
    private final int[] pairs;    // (blocks, ⌈cols/2⌉, L): pairs[(k·⌈cols/2⌉ + q)·L + l] = bf16(W[kL+l, 2q]) << 16 | bf16(W[kL+l, 2q+1])
    private final float[] bias;   // (blocks·L) or null, shared with the float32 matrix (never written)

    /** Rounds a float32 matrix packed as {@link PackedMatrix} (blocks, cols, L); the bias array is shared. */
    Bf16Matrix(int rows, int cols, float[] packed, float[] bias) {
        this.rows = rows;
        this.cols = cols;
        this.blocks = (rows + L - 1) / L;
        this.lastLanes = rows - (blocks - 1) * L;
        this.bias = bias;
        int pairCols = (cols + 1) / 2;
        this.pairs = new int[blocks * pairCols * L];
        for (int k = 0; k < blocks; k++)
            for (int q = 0; q < pairCols; q++)
                for (int l = 0; l < L; l++) {
                    int p = 2 * q, hi = Bf16.fromFloat(packed[(k * cols + p) * L + l]);
                    int lo = p + 1 < cols ? Bf16.fromFloat(packed[(k * cols + p + 1) * L + l]) & 0xFFFF : 0;
                    pairs[(k * pairCols + q) * L + l] = hi << 16 | lo;
                }
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    /** 2 bytes per stored weight (padding of an odd last column and of the last block included) and 4 per bias entry. */
    @Override
    public long bytes() { return 4L * pairs.length + 4L * (bias == null ? 0 : bias.length); }

    @Override
    public void multiply(float[] x, int xOff, float[] y, int yOff) {
        PackedWeights.checkVector(this, x, xOff, y, yOff);
        for (int k = 0; k < blocks; k++) rowBlock(k, x, xOff, y, yOff + k * L);
    }

    @Override
    public void multiplyRows(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        PackedWeights.checkRows(this, m, a, aOff, lda, c, cOff, ldc);
        if (m == 0) return;
        PackedWeights.eachBlock(blocks, bytes(), m, TILE_STREAMS,
                (k, i) -> tile4(k, a, aOff + i * lda, lda, c, cOff + i * ldc + k * L, ldc),
                (k, i) -> rowBlock(k, a, aOff + i * lda, c, cOff + i * ldc + k * L));
    }

    /**
     * out[outOff, +L) = block k of W · x[xOff, xOff + cols) + its bias (when present). Each int
     * vector holds columns 2q and 2q+1: {@code and 0xFFFF0000} is column 2q as float32 and
     * {@code << 16} column 2q+1, both exact; four float32 accumulators (column p into p mod 4),
     * summed as (a0 + a1) + (a2 + a3). No vector crosses a call (see {@link PackedMatrix}).
     */
    private void rowBlock(int k, float[] x, int xOff, float[] out, int outOff) {
        int[] w = pairs;
        int i = k * ((cols + 1) / 2) * L, p = 0;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (; p + 4 <= cols; p += 4, i += 2 * L) {
            IntVector v0 = IntVector.fromArray(SI, w, i), v1 = IntVector.fromArray(SI, w, i + L);
            a0 = v0.and(0xFFFF0000).reinterpretAsFloats().fma(FloatVector.broadcast(S, x[xOff + p]), a0);
            a1 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.broadcast(S, x[xOff + p + 1]), a1);
            a2 = v1.and(0xFFFF0000).reinterpretAsFloats().fma(FloatVector.broadcast(S, x[xOff + p + 2]), a2);
            a3 = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.broadcast(S, x[xOff + p + 3]), a3);
        }
        if (p + 2 <= cols) {
            IntVector v = IntVector.fromArray(SI, w, i);
            a0 = v.and(0xFFFF0000).reinterpretAsFloats().fma(FloatVector.broadcast(S, x[xOff + p]), a0);
            a1 = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(FloatVector.broadcast(S, x[xOff + p + 1]), a1);
            p += 2;
            i += L;
        }
        if (p < cols)   // an odd last column: the upper halves only (the lower ones are zero padding)
            a0 = IntVector.fromArray(SI, w, i).and(0xFFFF0000).reinterpretAsFloats().fma(FloatVector.broadcast(S, x[xOff + p]), a0);
        FloatVector v = a0.add(a1).add(a2.add(a3));
        if (bias != null) v = v.add(FloatVector.fromArray(S, bias, k * L));
        if (k < blocks - 1 || lastLanes == L) v.intoArray(out, outOff);
        else v.intoArray(out, outOff, S.indexInRange(0, lastLanes));
    }

    /** {@link #rowBlock} for four streams (rows of A at a0, a0 + lda, ...): the column pairs widened once for the four, in {@link #rowBlock}'s order. */
    private void tile4(int k, float[] a, int a0, int lda, float[] c, int c0, int ldc) {
        int[] w = pairs;
        int i = k * ((cols + 1) / 2) * L, p = 0;
        int b0 = a0, b1 = a0 + lda, b2 = b1 + lda, b3 = b2 + lda;
        FloatVector z = FloatVector.zero(S);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z,
                s20 = z, s21 = z, s22 = z, s23 = z, s30 = z, s31 = z, s32 = z, s33 = z;
        for (; p + 4 <= cols; p += 4, i += 2 * L) {
            IntVector v0 = IntVector.fromArray(SI, w, i), v1 = IntVector.fromArray(SI, w, i + L);
            FloatVector w0 = v0.and(0xFFFF0000).reinterpretAsFloats(), w1 = v0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            FloatVector w2 = v1.and(0xFFFF0000).reinterpretAsFloats(), w3 = v1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            s00 = w0.fma(FloatVector.broadcast(S, a[b0 + p]), s00); s01 = w1.fma(FloatVector.broadcast(S, a[b0 + p + 1]), s01);
            s02 = w2.fma(FloatVector.broadcast(S, a[b0 + p + 2]), s02); s03 = w3.fma(FloatVector.broadcast(S, a[b0 + p + 3]), s03);
            s10 = w0.fma(FloatVector.broadcast(S, a[b1 + p]), s10); s11 = w1.fma(FloatVector.broadcast(S, a[b1 + p + 1]), s11);
            s12 = w2.fma(FloatVector.broadcast(S, a[b1 + p + 2]), s12); s13 = w3.fma(FloatVector.broadcast(S, a[b1 + p + 3]), s13);
            s20 = w0.fma(FloatVector.broadcast(S, a[b2 + p]), s20); s21 = w1.fma(FloatVector.broadcast(S, a[b2 + p + 1]), s21);
            s22 = w2.fma(FloatVector.broadcast(S, a[b2 + p + 2]), s22); s23 = w3.fma(FloatVector.broadcast(S, a[b2 + p + 3]), s23);
            s30 = w0.fma(FloatVector.broadcast(S, a[b3 + p]), s30); s31 = w1.fma(FloatVector.broadcast(S, a[b3 + p + 1]), s31);
            s32 = w2.fma(FloatVector.broadcast(S, a[b3 + p + 2]), s32); s33 = w3.fma(FloatVector.broadcast(S, a[b3 + p + 3]), s33);
        }
        if (p + 2 <= cols) {
            IntVector v = IntVector.fromArray(SI, w, i);
            FloatVector w0 = v.and(0xFFFF0000).reinterpretAsFloats(), w1 = v.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
            s00 = w0.fma(FloatVector.broadcast(S, a[b0 + p]), s00); s01 = w1.fma(FloatVector.broadcast(S, a[b0 + p + 1]), s01);
            s10 = w0.fma(FloatVector.broadcast(S, a[b1 + p]), s10); s11 = w1.fma(FloatVector.broadcast(S, a[b1 + p + 1]), s11);
            s20 = w0.fma(FloatVector.broadcast(S, a[b2 + p]), s20); s21 = w1.fma(FloatVector.broadcast(S, a[b2 + p + 1]), s21);
            s30 = w0.fma(FloatVector.broadcast(S, a[b3 + p]), s30); s31 = w1.fma(FloatVector.broadcast(S, a[b3 + p + 1]), s31);
            p += 2;
            i += L;
        }
        if (p < cols) {
            FloatVector w0 = IntVector.fromArray(SI, w, i).and(0xFFFF0000).reinterpretAsFloats();
            s00 = w0.fma(FloatVector.broadcast(S, a[b0 + p]), s00);
            s10 = w0.fma(FloatVector.broadcast(S, a[b1 + p]), s10);
            s20 = w0.fma(FloatVector.broadcast(S, a[b2 + p]), s20);
            s30 = w0.fma(FloatVector.broadcast(S, a[b3 + p]), s30);
        }
        // stores inline: a call taking vectors would box them
        FloatVector v0 = s00.add(s01).add(s02.add(s03)), v1 = s10.add(s11).add(s12.add(s13));
        FloatVector v2 = s20.add(s21).add(s22.add(s23)), v3 = s30.add(s31).add(s32.add(s33));
        if (bias != null) {
            FloatVector bv = FloatVector.fromArray(S, bias, k * L);
            v0 = v0.add(bv); v1 = v1.add(bv); v2 = v2.add(bv); v3 = v3.add(bv);
        }
        if (k < blocks - 1 || lastLanes == L) {
            v0.intoArray(c, c0); v1.intoArray(c, c0 + ldc); v2.intoArray(c, c0 + 2 * ldc); v3.intoArray(c, c0 + 3 * ldc);
        } else {
            VectorMask<Float> mask = S.indexInRange(0, lastLanes);
            v0.intoArray(c, c0, mask); v1.intoArray(c, c0 + ldc, mask); v2.intoArray(c, c0 + 2 * ldc, mask); v3.intoArray(c, c0 + 3 * ldc, mask);
        }
    }

    /**
     * The plain twin of {@link #multiply} on the unpacked matrix W = w[off + r·ld + p]: each weight
     * replaced by its bf16 value ({@link Bf16#round}), sums in double; the bias stays float32.
     */
    public static void reference(float[] w, int off, int ld, int rows, int cols, float[] bias, int bOff, float[] x, int xOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            double s = bias == null ? 0 : bias[bOff + r];
            for (int p = 0; p < cols; p++) s += (double) Bf16.round(w[off + r * ld + p]) * x[xOff + p];
            y[yOff + r] = (float) s;
        }
    }
}
