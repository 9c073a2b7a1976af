package carousel.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * A weight matrix W (rows, cols) stored as int8 with one float32 scale per row, for streaming
 * inference ({@link PackedMatrix#toInt8}): symmetric quantization, s_r = max_p |W[r, p]| / 127 and
 * q[r, p] = round(W[r, p] / s_r) in [−127, 127], so that W[r, p] ≈ s_r · q[r, p] within s_r / 2.
 * The products compute {@code y_r = s_r · Σ_p q[r, p] · x_p + b_r}: the activations x stay float32,
 * each int8 weight is widened to float32 exactly, the sum is float32, and the scale is applied once
 * per output. A quarter of float32's bytes per product.
 *
 * <p>Layout: the blocks of {@link PackedMatrix} (rows in blocks of L, the float vector length),
 * one byte per weight: block k, column p holds the L bytes q[kL .. kL+L−1, p]. One load of L bytes
 * sign-extended to L int lanes and converted to float (Vector API B2F) gives a column's weight
 * vector. Measured on the five B3 products, one core of an AMD EPYC (Zen 4), under heavy load from
 * other processes: this layout ran about as fast as four columns per int lane split by shifts, and
 * faster than that with sign extension by shift pairs; the JDK Vector API has no int8 dot-product
 * (VNNI) operation, and quantizing x to int8 as well would need 16-bit widening and pairwise sums,
 * more operations than the float FMA it replaces.
 *
 * <p>Where {@link Backend#int8Gemm} found oneDNN's int8 product faster on this CPU, both products
 * quantize the activations too, each stream's row to unsigned 8 bits on its own range
 * ({@link Int8Rows}), and multiply in exact int32 arithmetic (the VNNI dot products, four int8
 * multiply-adds per 32-bit lane) from a row-major copy of q made at the first such product: by
 * oneDNN's matmul primitive on q reordered once into its own layout ({@link Int8MatMul},
 * where {@link Backend#int8MatMul} took it) or by {@link Int8Gemm}, which give the same sums bit for
 * bit; the output adds the activations' rounding (half a step of 1/255 of each row's range) to the
 * weights'. Either way a stream's row never depends on the other rows of a batch, and
 * {@link #multiply} equals a one-row {@link #multiplyRows} bit for bit.
 *
 * <p>{@link #reference} is the plain twin of the float-activation product: the same quantization
 * from the unpacked matrix, sums in double; {@link Int8Rows#reference} that of the integer one.
 */
public final class Int8Matrix implements PackedWeights {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** L bytes (at least 64 bits, the smallest byte shape: with 4 float lanes the first 4 of 8 bytes are used). */
    private static final VectorSpecies<Byte> SB = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, L * 8)));
    private static final int TILE_STREAMS = 4;

    private final int rows, cols, blocks, lastLanes;
    private final byte[] q;        // (blocks, cols, L): q[(k·cols + p)·L + l] = q[kL + l, p]; zeros past rows; padded to a full byte vector
    private final float[] scale;   // (blocks·L): s_r, zeros past rows
    private final float[] bias;    // (blocks·L) or null
    private volatile RowMajor rowMajor;  // for the integer product, made at its first use
    private volatile Int8MatMul.Packed packed;   // q in a matmul primitive's layout, made at its first use

    /** q as oneDNN reads it, (rows, cols) row-major, and each row's sum Q_r as a float (exact), (blocks·L). */
    private record RowMajor(byte[] q, float[] sums) {}

    /** One call's buffers of the integer product, native (as {@link Int8MatMul} needs), grown to the largest product seen and reused ({@link Reuse}). */
    private static final class Work {
        MemorySegment u = MemorySegment.NULL;     // (m, cols): the activations as unsigned bytes
        MemorySegment acc = MemorySegment.NULL;   // (m, rows) int32: the sums
        float[] step = new float[0], lo = new float[0];   // (m)

        void grow(int m, int cols, int rows) {
            if (step.length < m) { step = new float[m]; lo = new float[m]; }
            if (u.byteSize() < (long) m * cols) u = Arena.ofAuto().allocate((long) m * cols, 64);
            if (acc.byteSize() < 4L * m * rows) acc = Arena.ofAuto().allocate(4L * m * rows, 64);
        }
    }

    private static final Reuse<Work> WORK = new Reuse<>(Work::new);

    /** Quantizes a float32 matrix packed as {@link PackedMatrix} (blocks, cols, L); the bias array is shared. */
    Int8Matrix(int rows, int cols, float[] packed, float[] bias) {
        this.rows = rows;
        this.cols = cols;
        this.blocks = (rows + L - 1) / L;
        this.lastLanes = rows - (blocks - 1) * L;
        this.bias = bias;
        this.scale = new float[blocks * L];
        this.q = new byte[blocks * cols * L + SB.length()];
        for (int k = 0; k < blocks; k++)
            for (int l = 0; l < L && k * L + l < rows; l++) {
                int r = k * L + l;
                float max = 0;
                for (int p = 0; p < cols; p++) {
                    float w = packed[(k * cols + p) * L + l];
                    if (!Float.isFinite(w)) throw new IllegalArgumentException("int8 quantization needs finite weights; row " + r + " column " + p + " is " + w);
                    max = Math.max(max, Math.abs(w));
                }
                float s = scaleOf(max);
                scale[r] = s;
                for (int p = 0; p < cols; p++) q[(k * cols + p) * L + l] = quantize(packed[(k * cols + p) * L + l], s);
            }
    }

    /** The scale of a row whose largest |weight| is max: max / 127 (0 for an all-zero row). */
    static float scaleOf(float max) { return max / 127f; }

    /** round(w / s) in [−127, 127] (0 when s is 0). */
    static byte quantize(float w, float s) {
        if (s == 0) return 0;
        return (byte) Math.max(-127, Math.min(127, Math.round(w / s)));
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    @Override
    public long bytes() { return (long) blocks * cols * L + 4L * scale.length + 4L * (bias == null ? 0 : bias.length); }

    @Override
    public void multiply(float[] x, int xOff, float[] y, int yOff) {
        PackedWeights.checkVector(this, x, xOff, y, yOff);
        Int8Gemm g = Backend.int8Gemm();
        if (g != null) integerRows(g, Backend.int8MatMul(), 1, x, xOff, cols, y, yOff, rows);
        else for (int k = 0; k < blocks; k++) rowBlock(k, x, xOff, y, yOff + k * L);
    }

    @Override
    public void multiplyRows(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        PackedWeights.checkRows(this, m, a, aOff, lda, c, cOff, ldc);
        if (m == 0) return;
        Int8Gemm g = Backend.int8Gemm();
        if (g != null) integerRows(g, Backend.int8MatMul(), m, a, aOff, lda, c, cOff, ldc);
        else floatRows(m, a, aOff, lda, c, cOff, ldc);
    }

    /** {@link #multiplyRows} with float32 activations (the Vector API tiles), whatever the backend chose. */
    void floatRows(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        PackedWeights.eachBlock(blocks, bytes(), m, TILE_STREAMS,
                (k, i) -> tile4(k, a, aOff + i * lda, lda, c, cOff + i * ldc + k * L, ldc),
                (k, i) -> rowBlock(k, a, aOff + i * lda, c, cOff + i * ldc + k * L));
    }

    /**
     * out[outOff, +L) = block k of W · x + its bias: four float32 accumulators over the columns
     * (column p into accumulator p mod 4, a last odd few into the first), summed as (a0 + a1) +
     * (a2 + a3), times the rows' scales, plus the bias; a partial last block writes only its rows.
     * No vector crosses a call (see {@link PackedMatrix}).
     */
    private void rowBlock(int k, float[] x, int xOff, float[] out, int outOff) {
        int c4 = cols & ~3, i = k * cols * L, p = 0;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        for (; p < c4; p += 4, i += 4 * L) {
            a0 = widen(i).fma(FloatVector.broadcast(S, x[xOff + p]), a0);
            a1 = widen(i + L).fma(FloatVector.broadcast(S, x[xOff + p + 1]), a1);
            a2 = widen(i + 2 * L).fma(FloatVector.broadcast(S, x[xOff + p + 2]), a2);
            a3 = widen(i + 3 * L).fma(FloatVector.broadcast(S, x[xOff + p + 3]), a3);
        }
        for (; p < cols; p++, i += L) a0 = widen(i).fma(FloatVector.broadcast(S, x[xOff + p]), a0);
        FloatVector v = a0.add(a1).add(a2.add(a3)).mul(FloatVector.fromArray(S, scale, k * L));
        if (bias != null) v = v.add(FloatVector.fromArray(S, bias, k * L));
        if (k < blocks - 1 || lastLanes == L) v.intoArray(out, outOff);
        else v.intoArray(out, outOff, S.indexInRange(0, lastLanes));
    }

    /** The L int8 weights at q[i, +L) as float32 (exact). */
    private FloatVector widen(int i) {
        return (FloatVector) ByteVector.fromArray(SB, q, i).convertShape(VectorOperators.B2F, S, 0);
    }

    /**
     * {@link #multiplyRows} with the activations quantized too ({@link Int8Rows}) and exact int32
     * sums, whatever the backend chose: the rows quantized on the calling thread, then the streams
     * split between threads ({@link PackedWeights#parts}; one thread for small products), each range
     * of rows one product over all of W and its outputs' dequantization. The product is oneDNN's
     * matmul primitive on q packed for it once where {@code mm} is non-null and has a primitive for
     * that many rows, else {@code g}'s gemm; the two give the same sums bit for bit.
     */
    void integerRows(Int8Gemm g, Int8MatMul mm, int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        RowMajor rm = rowMajor();
        Int8MatMul.Packed pk = mm == null ? null : packed(mm, rm);
        Work w = WORK.take();
        try {
            integerRows(g, mm, rm, pk, w, m, a, aOff, lda, c, cOff, ldc);
        } finally {
            WORK.give(w);
        }
    }

    private void integerRows(Int8Gemm g, Int8MatMul mm, RowMajor rm, Int8MatMul.Packed pk, Work w, int m, float[] a, int aOff, int lda,
                             float[] c, int cOff, int ldc) {
        w.grow(m, cols, rows);
        MemorySegment u = w.u, acc = w.acc;
        float[] step = w.step, lo = w.lo;
        Int8Rows.quantize(m, cols, a, aOff, lda, u, step, lo);
        int parts = PackedWeights.parts(m, bytes(), m);
        Parallel.run(parts, part -> {
            int i0 = m * part / parts, i1 = m * (part + 1) / parts;
            MemorySegment src = u.asSlice((long) i0 * cols), dst = acc.asSlice(4L * i0 * rows);
            if (pk == null || !mm.multiply(pk, i1 - i0, src, dst))
                g.gemm(i1 - i0, rows, cols, src, cols, MemorySegment.ofArray(rm.q()), cols, dst, rows);
            Int8Rows.dequantize(i0, i1, rows, acc, step, lo, scale, rm.sums(), bias, c, cOff, ldc);
        });
    }

    private RowMajor rowMajor() {
        RowMajor rm = rowMajor;
        if (rm == null) {
            synchronized (this) {
                if (rowMajor == null) {
                    byte[] qr = new byte[rows * cols];
                    float[] sums = new float[blocks * L];
                    for (int r = 0; r < rows; r++) {
                        int k = r / L, l = r % L, sum = 0;
                        for (int p = 0; p < cols; p++) sum += qr[r * cols + p] = q[(k * cols + p) * L + l];
                        sums[r] = sum;
                    }
                    rowMajor = new RowMajor(qr, sums);
                }
                rm = rowMajor;
            }
        }
        return rm;
    }

    /** q reordered for oneDNN's matmul primitive mm, made at the first product that asks for it. */
    private Int8MatMul.Packed packed(Int8MatMul mm, RowMajor rm) {
        Int8MatMul.Packed p = packed;
        if (p == null || p.owner() != mm) {
            synchronized (this) {
                if (packed == null || packed.owner() != mm) packed = mm.pack(rm.q(), 0, rows, cols);
                p = packed;
            }
        }
        return p;
    }

    /**
     * {@link #rowBlock} for four streams (rows of A at a0, a0 + lda, ...) at once: each weight vector
     * is widened once and used four times, every stream's four accumulators built in the same
     * order as {@link #rowBlock}'s, so each output equals its single-stream product bit for bit.
     */
    private void tile4(int k, float[] a, int a0, int lda, float[] c, int c0, int ldc) {
        int c4 = cols & ~3, i = k * cols * L, p = 0;
        int b0 = a0, b1 = a0 + lda, b2 = b1 + lda, b3 = b2 + lda;
        FloatVector z = FloatVector.zero(S);
        FloatVector s00 = z, s01 = z, s02 = z, s03 = z, s10 = z, s11 = z, s12 = z, s13 = z,
                s20 = z, s21 = z, s22 = z, s23 = z, s30 = z, s31 = z, s32 = z, s33 = z;
        for (; p < c4; p += 4, i += 4 * L) {
            FloatVector w0 = widen(i), w1 = widen(i + L), w2 = widen(i + 2 * L), w3 = widen(i + 3 * L);
            s00 = w0.fma(FloatVector.broadcast(S, a[b0 + p]), s00); s01 = w1.fma(FloatVector.broadcast(S, a[b0 + p + 1]), s01);
            s02 = w2.fma(FloatVector.broadcast(S, a[b0 + p + 2]), s02); s03 = w3.fma(FloatVector.broadcast(S, a[b0 + p + 3]), s03);
            s10 = w0.fma(FloatVector.broadcast(S, a[b1 + p]), s10); s11 = w1.fma(FloatVector.broadcast(S, a[b1 + p + 1]), s11);
            s12 = w2.fma(FloatVector.broadcast(S, a[b1 + p + 2]), s12); s13 = w3.fma(FloatVector.broadcast(S, a[b1 + p + 3]), s13);
            s20 = w0.fma(FloatVector.broadcast(S, a[b2 + p]), s20); s21 = w1.fma(FloatVector.broadcast(S, a[b2 + p + 1]), s21);
            s22 = w2.fma(FloatVector.broadcast(S, a[b2 + p + 2]), s22); s23 = w3.fma(FloatVector.broadcast(S, a[b2 + p + 3]), s23);
            s30 = w0.fma(FloatVector.broadcast(S, a[b3 + p]), s30); s31 = w1.fma(FloatVector.broadcast(S, a[b3 + p + 1]), s31);
            s32 = w2.fma(FloatVector.broadcast(S, a[b3 + p + 2]), s32); s33 = w3.fma(FloatVector.broadcast(S, a[b3 + p + 3]), s33);
        }
        for (; p < cols; p++, i += L) {
            FloatVector w = widen(i);
            s00 = w.fma(FloatVector.broadcast(S, a[b0 + p]), s00);
            s10 = w.fma(FloatVector.broadcast(S, a[b1 + p]), s10);
            s20 = w.fma(FloatVector.broadcast(S, a[b2 + p]), s20);
            s30 = w.fma(FloatVector.broadcast(S, a[b3 + p]), s30);
        }
        FloatVector sc = FloatVector.fromArray(S, scale, k * L);
        FloatVector v0 = s00.add(s01).add(s02.add(s03)).mul(sc), v1 = s10.add(s11).add(s12.add(s13)).mul(sc);
        FloatVector v2 = s20.add(s21).add(s22.add(s23)).mul(sc), v3 = s30.add(s31).add(s32.add(s33)).mul(sc);
        if (bias != null) {
            FloatVector bv = FloatVector.fromArray(S, bias, k * L);
            v0 = v0.add(bv); v1 = v1.add(bv); v2 = v2.add(bv); v3 = v3.add(bv);
        }
        if (k < blocks - 1 || lastLanes == L) {
            v0.intoArray(c, c0); v1.intoArray(c, c0 + ldc); v2.intoArray(c, c0 + 2 * ldc); v3.intoArray(c, c0 + 3 * ldc);
        } else {
            var mask = S.indexInRange(0, lastLanes);
            v0.intoArray(c, c0, mask); v1.intoArray(c, c0 + ldc, mask); v2.intoArray(c, c0 + 2 * ldc, mask); v3.intoArray(c, c0 + 3 * ldc, mask);
        }
    }

    /**
     * The plain twin of {@link #multiply} on the unpacked matrix W = w[off + r·ld + p]: the same
     * per-row quantization, then y_r = s_r · Σ q[r, p] · x_p + b_r in double.
     */
    public static void reference(float[] w, int off, int ld, int rows, int cols, float[] bias, int bOff, float[] x, int xOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            float max = 0;
            for (int p = 0; p < cols; p++) max = Math.max(max, Math.abs(w[off + r * ld + p]));
            float s = scaleOf(max);
            double sum = 0;
            for (int p = 0; p < cols; p++) sum += (double) quantize(w[off + r * ld + p], s) * x[xOff + p];
            y[yOff + r] = (float) (s * sum + (bias == null ? 0 : bias[bOff + r]));
        }
    }
}
