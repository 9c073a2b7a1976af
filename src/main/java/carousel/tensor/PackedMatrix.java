package carousel.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A float32 matrix W (rows, cols) with a bias b (rows), packed for the matrix-vector product
 * {@code y = W x + b} of batch-1 (streaming) inference, with the Vector API.
 *
 * <p>Layout: rows in blocks of L (the vector length, 16 floats with AVX-512); block k stores, for
 * each column p in turn, the L values W[kL .. kL+L−1, p] (rows past the end are zeros). The
 * product then reads the whole matrix once, front to back, as one sequential stream, and keeps its
 * L outputs in vector accumulators: y_block += x[p] · column p of the block, four columns at a time
 * into four accumulators. No horizontal reduction, no strided access.
 *
 * <p>Why this layout: at batch 1 every weight is used for two FLOPs per call, so the product runs
 * at the speed the weights stream from memory (L3 or DRAM), not at the FMA rate. On the project's
 * machine (AMD EPYC, AVX-512) this column-block stream measured about 2.4× a row-wise dot-product
 * kernel and 1.5× an interleaved four-row layout on the B3 shapes (docs/results/performance.md).
 * {@link #reference} is the plain twin on the unpacked matrix, the control in tests.
 */
public final class PackedMatrix {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final int rows, cols, blocks;
    private final float[] data;   // (blocks, cols, L): data[(k·cols + p)·L + l] = W[k·L + l, p]
    private final float[] bias;   // (blocks·L), zeros past rows

    private PackedMatrix(int rows, int cols) {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("packed matrix must be at least 1x1, got " + rows + "x" + cols);
        this.rows = rows;
        this.cols = cols;
        this.blocks = (rows + L - 1) / L;
        long n = (long) blocks * cols * L;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("matrix too large to pack: " + rows + "x" + cols);
        this.data = new float[(int) n];
        this.bias = new float[blocks * L];
    }

    /**
     * Packs a copy of W = w[off + r·ld + p] (r &lt; rows, p &lt; cols) and b = bias[bOff + r]
     * (no bias when {@code bias} is null).
     */
    public static PackedMatrix pack(float[] w, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        PackedMatrix m = new PackedMatrix(rows, cols);
        m.setColumns(0, w, off, ld, cols);
        if (bias != null) System.arraycopy(bias, bOff, m.bias, 0, rows);
        return m;
    }

    /**
     * Packs W = [A | B] side by side: A (rows, aCols) from {@code a}, B (rows, bCols) from
     * {@code b}, both row-major with row strides aCols and bCols; b = biasA + biasB (either may be
     * null). This is the stacked gate matrix [W_ih | W_hh] of an LSTM with its two biases summed.
     */
    public static PackedMatrix packSideBySide(float[] a, int aCols, float[] b, int bCols, int rows, float[] biasA, float[] biasB) {
        PackedMatrix m = new PackedMatrix(rows, aCols + bCols);
        m.setColumns(0, a, 0, aCols, aCols);
        m.setColumns(aCols, b, 0, bCols, bCols);
        for (int r = 0; r < rows; r++) m.bias[r] = (biasA == null ? 0f : biasA[r]) + (biasB == null ? 0f : biasB[r]);
        return m;
    }

    private void setColumns(int col0, float[] w, int off, int ld, int n) {
        for (int r = 0; r < rows; r++) {
            int k = r / L, l = r % L, src = off + r * ld;
            for (int p = 0; p < n; p++) data[(k * cols + col0 + p) * L + l] = w[src + p];
        }
    }

    public int rows() { return rows; }
    public int cols() { return cols; }

    /** Bytes of the packed weights and bias. */
    public long bytes() { return 4L * (data.length + bias.length); }

    /** y[yOff, yOff + rows) = W · x[xOff, xOff + cols) + b. */
    public void multiply(float[] x, int xOff, float[] y, int yOff) {
        if (xOff < 0 || xOff + cols > x.length) throw new IndexOutOfBoundsException("x needs " + cols + " values from " + xOff + ", has " + x.length);
        if (yOff < 0 || yOff + rows > y.length) throw new IndexOutOfBoundsException("y needs " + rows + " values from " + yOff + ", has " + y.length);
        int c4 = cols & ~3;
        for (int k = 0; k < blocks; k++) {
            int i = k * cols * L;
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            int p = 0;
            for (; p < c4; p += 4, i += 4 * L) {
                a0 = FloatVector.fromArray(S, data, i).fma(FloatVector.broadcast(S, x[xOff + p]), a0);
                a1 = FloatVector.fromArray(S, data, i + L).fma(FloatVector.broadcast(S, x[xOff + p + 1]), a1);
                a2 = FloatVector.fromArray(S, data, i + 2 * L).fma(FloatVector.broadcast(S, x[xOff + p + 2]), a2);
                a3 = FloatVector.fromArray(S, data, i + 3 * L).fma(FloatVector.broadcast(S, x[xOff + p + 3]), a3);
            }
            for (; p < cols; p++, i += L) a0 = FloatVector.fromArray(S, data, i).fma(FloatVector.broadcast(S, x[xOff + p]), a0);
            FloatVector s = a0.add(a1).add(a2.add(a3)).add(FloatVector.fromArray(S, bias, k * L));
            int r = k * L;
            if (r + L <= rows) s.intoArray(y, yOff + r);
            else s.intoArray(y, yOff + r, VectorMask.fromLong(S, (1L << (rows - r)) - 1));
        }
    }

    /** The plain twin of {@link #multiply} on the unpacked matrix, accumulating in double: the control in tests. */
    public static void reference(float[] w, int off, int ld, int rows, int cols, float[] bias, int bOff, float[] x, int xOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            double s = bias == null ? 0 : bias[bOff + r];
            for (int p = 0; p < cols; p++) s += (double) w[off + r * ld + p] * x[xOff + p];
            y[yOff + r] = (float) s;
        }
    }
}
