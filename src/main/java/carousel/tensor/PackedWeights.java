package carousel.tensor;

/**
 * A weight matrix W (rows, cols) with an optional bias b (rows), packed once for streaming
 * inference: {@code y = W x + b} for one stream ({@link #multiply}) and for several streams at once
 * ({@link #multiplyRows}), which reads the weights once for all of them. In {@link #multiplyRows}
 * each stream's row is computed with the same operations in the same order whatever the number of
 * streams and whatever the other rows hold, so a stream's result never depends on who else is in
 * the batch.
 *
 * <p>Implementations: {@link PackedMatrix} (float32; its {@link #multiplyRows} sums in another
 * order than its {@link #multiply}, so the two agree within float32 rounding), {@link Bf16Matrix}
 * (bfloat16, {@link PackedMatrix#toBf16}) and {@link Int8Matrix} (int8 with a float32 scale per row,
 * {@link PackedMatrix#toInt8}), whose {@link #multiplyRows} rows equal {@link #multiply} bit for bit.
 */
public sealed interface PackedWeights permits PackedMatrix, Bf16Matrix, Int8Matrix {
    int rows();

    int cols();

    /** Bytes each product reads: the stored weights (padding included), scales and bias. */
    long bytes();

    /** y[yOff, yOff + rows) = W · x[xOff, xOff + cols) + b. */
    void multiply(float[] x, int xOff, float[] y, int yOff);

    /**
     * For each of m streams i: C[i, 0:rows) = W · A[i, 0:cols) + b, with A and C row-major at row
     * strides lda and ldc; each row the same whatever m and the other rows (class comment). The
     * weights are read once for all m rows; large products are split between threads
     * ({@link Backend#configuredThreads}) by blocks of output rows.
     */
    void multiplyRows(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc);

    /** Bounds of a {@link #multiply} call, one clear message when they do not fit. */
    static void checkVector(PackedWeights w, float[] x, int xOff, float[] y, int yOff) {
        if (xOff < 0 || xOff + w.cols() > x.length) throw new IndexOutOfBoundsException("x needs " + w.cols() + " values from " + xOff + ", has " + x.length);
        if (yOff < 0 || yOff + w.rows() > y.length) throw new IndexOutOfBoundsException("y needs " + w.rows() + " values from " + yOff + ", has " + y.length);
    }

    /** Bounds of a {@link #multiplyRows} call, one clear message when they do not fit. */
    static void checkRows(PackedWeights w, int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        if (m < 0 || lda < w.cols() || ldc < w.rows())
            throw new IllegalArgumentException("multiplyRows: m " + m + ", lda " + lda + " (cols " + w.cols() + "), ldc " + ldc + " (rows " + w.rows() + ")");
        if (m == 0) return;
        if (aOff < 0 || (long) aOff + (long) (m - 1) * lda + w.cols() > a.length) throw new IndexOutOfBoundsException("A (" + m + "x" + w.cols() + ", ld " + lda + ") from " + aOff + " does not fit " + a.length);
        if (cOff < 0 || (long) cOff + (long) (m - 1) * ldc + w.rows() > c.length) throw new IndexOutOfBoundsException("C (" + m + "x" + w.rows() + ", ld " + ldc + ") from " + cOff + " does not fit " + c.length);
    }

    /**
     * Threads for a {@link #multiplyRows} reading {@code bytes} of weights for {@code m} streams in
     * {@code units} separable pieces: one unless the product is large enough to pay for a hand-off
     * (about a millisecond of work: m ≥ 2 and m × bytes ≥ 2 MiB), then up to {@link Backend#configuredThreads}.
     */
    static int parts(int units, long bytes, int m) {
        return m < 2 || bytes * m < (1L << 21) ? 1 : Math.max(1, Math.min(Backend.configuredThreads(), units));
    }

    /** One piece of a {@link #multiplyRows}: output block k for the stream(s) from row i of A on. */
    @FunctionalInterface
    interface BlockStreams {
        void run(int k, int i);
    }

    /**
     * The schedule of the bf16 and int8 {@link #multiplyRows}: the blocks split between threads
     * ({@link #parts}), and in each block the
     * streams {@code tileStreams} at a time through {@code tile}, the rest one by one through {@code row}.
     */
    static void eachBlock(int blocks, long bytes, int m, int tileStreams, BlockStreams tile, BlockStreams row) {
        int parts = parts(blocks, bytes, m);
        int mTiles = m / tileStreams * tileStreams;
        Parallel.run(parts, part -> {
            int k0 = (int) ((long) blocks * part / parts), k1 = (int) ((long) blocks * (part + 1) / parts);
            for (int k = k0; k < k1; k++) {
                for (int i = 0; i < mTiles; i += tileStreams) tile.run(k, i);
                for (int i = mTiles; i < m; i++) row.run(k, i);
            }
        });
    }
}
