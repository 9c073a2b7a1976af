package carousel.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * A float32 matrix W (rows, cols), with an optional bias b (rows), packed once for many products
 * with it on the right, transposed: {@code y = W x + b} for one vector (batch-1 streaming) and
 * {@code C = A Wᵀ} for a small batch of rows (the per-step recurrent products of training, batch
 * 32), with the Vector API.
 *
 * <p>Layout: rows of W in blocks of L (the vector length, 16 floats with AVX-512); block k stores,
 * for each column p in turn, the L values W[kL .. kL+L−1, p], zeros past the last row. Each block
 * is one output vector of L columns of C (or L entries of y), built by broadcasting A[i, p] (or
 * x[p]) against column p of the block: the weights are read front to back as one sequential stream,
 * nothing is reduced horizontally and nothing is read with a stride.
 *
 * <p>Matrix-vector product: four columns at a time into four accumulators per block; at batch 1 it
 * runs at the speed the weights stream from memory. Batch product: register tiles of 8 rows of A by
 * 2 blocks (32 columns of C), 16 vector accumulators, each weight vector used 8 times from a
 * register. On the project's machine (AMD EPYC
 * Zen 4, AVX-512) these measured about twice OpenBLAS 0.3.21's sgemm on the batch-32 recurrent
 * shapes of B1 and B2, whose weights OpenBLAS repacks on every call
 * (docs/results/performance.md). {@link #reference} is the plain twin on the unpacked matrix.
 *
 * <p>Several streams at once ({@link #multiplyRows}, streaming): the batch product's 8 × 2 tiles,
 * one accumulator per output, so a stream's result does not depend on which other streams share
 * the call; it differs from {@link #multiply}'s by float32 rounding (another summation order). On
 * B4's shapes (32 streams, one core, time on the thread's CPU clock, under load from other
 * processes) the 8 × 2 tiles ran 87 GFLOP/s against 61 for 4-stream tiles that kept
 * {@link #multiply}'s four accumulators per output (bit-equal to it), and 47 for OpenBLAS 0.3.31's
 * sgemm, which repacks the weights on every call. A one-stream product with one accumulator per
 * output, four blocks at a time (bit-equal to the tiles), ran B3 at about half {@link #multiply}'s
 * speed, so batch 1 keeps its own order.
 * Reduced precision for streaming: {@link #toBf16} ({@link Bf16Matrix}), {@link #toInt8}
 * ({@link Int8Matrix}).
 */
public final class PackedMatrix implements PackedWeights {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int TILE_ROWS = 8;

    private final int rows, cols, blocks;
    private final float[] data;   // (blocks, cols, L): data[(k·cols + p)·L + l] = W[k·L + l, p], zeros past rows
    private final float[] bias;   // (blocks·L), zeros past rows; null when the matrix has none
    private final int lastLanes;                // rows in the last block (L when it is full)

    /**
     * One call's scratch of {@link #multiplyRows}, grown to the largest call seen and reused
     * ({@link Reuse}): the last group of streams padded to 8 rows (8, cols) and the outputs in whole
     * blocks (8·groups, blocks·L).
     */
    private static final class RowsScratch {
        float[] pad = new float[0], out = new float[0];
    }

    private static final Reuse<RowsScratch> ROWS_SCRATCH = new Reuse<>(RowsScratch::new);

    private PackedMatrix(int rows, int cols, boolean withBias) {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException("packed matrix must be at least 1x1, got " + rows + "x" + cols);
        this.rows = rows;
        this.cols = cols;
        this.blocks = (rows + L - 1) / L;
        long n = (long) blocks * cols * L;
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("matrix too large to pack: " + rows + "x" + cols);
        this.data = new float[(int) n];
        this.bias = withBias ? new float[blocks * L] : null;
        this.lastLanes = rows - (blocks - 1) * L;
    }

    /**
     * Packs a copy of W = w[off + r·ld + p] (r &lt; rows, p &lt; cols) and b = bias[bOff + r]
     * (no bias when {@code bias} is null).
     */
    public static PackedMatrix pack(float[] w, int off, int ld, int rows, int cols, float[] bias, int bOff) {
        PackedMatrix m = new PackedMatrix(rows, cols, bias != null);
        m.setColumns(0, w, off, ld, cols);
        if (bias != null) System.arraycopy(bias, bOff, m.bias, 0, rows);
        return m;
    }

    /**
     * Packs W (rows, cols) without bias from w as stored, row-major with row stride ld: W = w when
     * {@code transposed} is false, W = wᵀ (w stored (cols, rows)) when true. Reuses {@code reuse}'s
     * storage when it is a bias-free matrix of the same shape (the training loop repacks the same
     * weights after every update), else allocates.
     */
    public static PackedMatrix pack(float[] w, int off, int ld, int rows, int cols, boolean transposed, PackedMatrix reuse) {
        PackedMatrix m = reuse != null && reuse.rows == rows && reuse.cols == cols && reuse.bias == null ? reuse : new PackedMatrix(rows, cols, false);
        if (!transposed) {
            m.setColumns(0, w, off, ld, cols);
        } else {
            if (ld < rows || off < 0 || (long) off + (long) (cols - 1) * ld + rows > w.length)
                throw new IndexOutOfBoundsException("pack: " + cols + "x" + rows + " matrix with ld " + ld + " from " + off + " does not fit " + w.length);
            // row p of w is column p of W: its entries go to consecutive lanes, L at a time
            float[] d = m.data;
            for (int p = 0; p < cols; p++) {
                int src = off + p * ld;
                for (int k = 0; k < m.blocks; k++) {
                    int n = Math.min(L, rows - k * L);
                    System.arraycopy(w, src + k * L, d, (k * cols + p) * L, n);
                }
            }
        }
        return m;
    }

    /**
     * Packs W = [A | B] side by side: A (rows, aCols) from {@code a}, B (rows, bCols) from
     * {@code b}, both row-major with row strides aCols and bCols; b = biasA + biasB (either may be
     * null). This is the stacked gate matrix [W_ih | W_hh] of an LSTM with its two biases summed.
     */
    public static PackedMatrix packSideBySide(float[] a, int aCols, float[] b, int bCols, int rows, float[] biasA, float[] biasB) {
        PackedMatrix m = new PackedMatrix(rows, aCols + bCols, true);
        m.setColumns(0, a, 0, aCols, aCols);
        m.setColumns(aCols, b, 0, bCols, bCols);
        for (int r = 0; r < rows; r++) m.bias[r] = (biasA == null ? 0f : biasA[r]) + (biasB == null ? 0f : biasB[r]);
        return m;
    }

    private void setColumns(int col0, float[] w, int off, int ld, int n) {
        if (ld < n || off < 0 || (long) off + (long) (rows - 1) * ld + n > w.length)
            throw new IndexOutOfBoundsException("pack: " + rows + "x" + n + " matrix with ld " + ld + " from " + off + " does not fit " + w.length);
        // row by row: each row is read front to back and written at a stride of L into its block's
        // panel (cols·L floats: 16 KiB for 256 columns, so the panel stays in L1 while its L rows fill it)
        for (int r = 0; r < rows; r++) {
            int src = off + r * ld, dst = ((r / L) * cols + col0) * L + r % L;
            for (int p = 0; p < n; p++) data[dst + p * L] = w[src + p];
        }
    }

    /**
     * A copy of this matrix with bfloat16 weights (each rounded to nearest even, {@link Bf16#fromFloat})
     * and the same float32 bias ({@link Bf16Matrix}): half the bytes per product, about 3
     * significant digits per weight. For streaming inference only.
     */
    public Bf16Matrix toBf16() {
        return new Bf16Matrix(rows, cols, data, bias);
    }

    /**
     * A copy of this matrix with int8 weights and a float32 scale per row ({@link Int8Matrix}), the
     * same float32 bias: a quarter of the bytes per product. For streaming inference only.
     */
    public Int8Matrix toInt8() {
        return new Int8Matrix(rows, cols, data, bias);
    }

    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    /** Bytes of the packed weights (zero padding of the last block included) and bias. */
    @Override
    public long bytes() { return 4L * data.length + 4L * (bias == null ? 0 : bias.length); }

    /** y[yOff, yOff + rows) = W · x[xOff, xOff + cols) + b. */
    @Override
    public void multiply(float[] x, int xOff, float[] y, int yOff) {
        PackedWeights.checkVector(this, x, xOff, y, yOff);
        for (int k = 0; k < blocks; k++) rowBlock(k, x, xOff, bias, y, yOff + k * L, false);
    }

    /**
     * out[outOff, +L) (+)= block k of W · x[xOff, xOff + cols) (+ its bias when non-null); only the
     * rows that exist in a partial last block are written. Four accumulators over the columns.
     *
     * <p>Every vector loop of this class sits in a method that takes and returns no vectors: whether
     * the JIT inlines it into a large caller or not, no vector is boxed at a call. (Returning the
     * block's vector instead made streaming run at half speed after a training run in the same
     * process: the larger inlining tree then passed the JIT's node limit and boxed the accumulators.)
     */
    private void rowBlock(int k, float[] x, int xOff, float[] b, float[] out, int outOff, boolean accumulate) {
        int c4 = cols & ~3, i = k * cols * L;
        FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
        int p = 0;
        for (; p < c4; p += 4, i += 4 * L) {
            a0 = FloatVector.fromArray(S, data, i).fma(FloatVector.broadcast(S, x[xOff + p]), a0);
            a1 = FloatVector.fromArray(S, data, i + L).fma(FloatVector.broadcast(S, x[xOff + p + 1]), a1);
            a2 = FloatVector.fromArray(S, data, i + 2 * L).fma(FloatVector.broadcast(S, x[xOff + p + 2]), a2);
            a3 = FloatVector.fromArray(S, data, i + 3 * L).fma(FloatVector.broadcast(S, x[xOff + p + 3]), a3);
        }
        for (; p < cols; p++, i += L) a0 = FloatVector.fromArray(S, data, i).fma(FloatVector.broadcast(S, x[xOff + p]), a0);
        FloatVector v = a0.add(a1).add(a2.add(a3));
        if (b != null) v = v.add(FloatVector.fromArray(S, b, k * L));
        if (k < blocks - 1 || lastLanes == L) {
            if (accumulate) v = v.add(FloatVector.fromArray(S, out, outOff));
            v.intoArray(out, outOff);
        } else {
            VectorMask<Float> mask = S.indexInRange(0, lastLanes);
            if (accumulate) v = v.add(FloatVector.fromArray(S, out, outOff, mask));
            v.intoArray(out, outOff, mask);
        }
    }

    /**
     * Several streams: C[i, 0:rows) = W · A[i, 0:cols) + b for i &lt; m, every row computed with the
     * same operations whatever m and the other rows are: one accumulator per output over the columns
     * in turn, then the bias. That is not {@link #multiply}'s order (four accumulators, the fastest
     * for one stream), so the two agree within float32 rounding, not bit for bit. The streams go
     * 8 at a time through {@link #tile8x2} (and
     * {@link #tile8x1} for an odd last block), the last group padded to 8 rows with copies of its
     * last stream, into a scratch of whole blocks; then the bias is added on the way out. Large
     * products are split between threads by block pairs. Threads may call it at once (each call
     * takes a scratch of its own).
     */
    @Override
    public void multiplyRows(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        PackedWeights.checkRows(this, m, a, aOff, lda, c, cOff, ldc);
        if (m == 0) return;
        RowsScratch w = ROWS_SCRATCH.take();
        try {
            multiplyRows(w, m, a, aOff, lda, c, cOff, ldc);
        } finally {
            ROWS_SCRATCH.give(w);
        }
    }

    private void multiplyRows(RowsScratch w, int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc) {
        int groups = (m + TILE_ROWS - 1) / TILE_ROWS, full = m / TILE_ROWS, ldo = blocks * L;
        if (w.out.length < groups * TILE_ROWS * ldo) w.out = new float[groups * TILE_ROWS * ldo];
        if (full < groups) {
            if (w.pad.length < TILE_ROWS * cols) w.pad = new float[TILE_ROWS * cols];
            for (int j = 0; j < TILE_ROWS; j++) System.arraycopy(a, aOff + Math.min(full * TILE_ROWS + j, m - 1) * lda, w.pad, j * cols, cols);
        }
        float[] out = w.out, pad = w.pad;
        int blockPairs = blocks / 2, parts = PackedWeights.parts(blockPairs + blocks % 2, bytes(), m);
        Parallel.run(parts, part -> {
            int q0 = blockPairs * part / parts, q1 = blockPairs * (part + 1) / parts;
            boolean odd = part == parts - 1 && blocks % 2 == 1;   // the odd last block goes with the last part
            for (int g = 0; g < groups; g++) {
                boolean padded = g == full;
                float[] ag = padded ? pad : a;
                int a0 = padded ? 0 : aOff + g * TILE_ROWS * lda, ld = padded ? cols : lda, o0 = g * TILE_ROWS * ldo;
                for (int q = q0; q < q1; q++) tile8x2(2 * q, a0, ld, ag, out, o0 + 2 * q * L, ldo, false);
                if (odd) tile8x1(blocks - 1, a0, ld, ag, out, o0 + (blocks - 1) * L, ldo, false);
            }
            int k1 = odd ? blocks : 2 * q1;
            for (int i = 0; i < m; i++) biasOut(2 * q0, k1, out, i * ldo, c, cOff + i * ldc);
        });
    }

    /** c[cOff + kL ..] = out[oOff + kL ..] + b for blocks [k0, k1) (the rows that exist in a partial last block). */
    private void biasOut(int k0, int k1, float[] out, int oOff, float[] c, int cOff) {
        for (int k = k0; k < k1; k++) {
            FloatVector v = FloatVector.fromArray(S, out, oOff + k * L);
            if (bias != null) v = v.add(FloatVector.fromArray(S, bias, k * L));
            if (k < blocks - 1 || lastLanes == L) v.intoArray(c, cOff + k * L);
            else v.intoArray(c, cOff + k * L, S.indexInRange(0, lastLanes));
        }
    }

    /**
     * C[i, 0:rows) = A[i, 0:cols) · Wᵀ (+ C when {@code accumulate}) for i &lt; m, with C and A
     * row-major at row strides ldc and lda; the bias is not used. One thread: callers split the
     * rows of A between threads (a layer's batch rows are independent).
     */
    public void multiplyBatch(int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m < 0 || lda < cols || ldc < rows) throw new IllegalArgumentException("multiplyBatch: m " + m + ", lda " + lda + " (cols " + cols + "), ldc " + ldc + " (rows " + rows + ")");
        if (m == 0) return;
        if (aOff < 0 || (long) aOff + (long) (m - 1) * lda + cols > a.length) throw new IndexOutOfBoundsException("A (" + m + "x" + cols + ", ld " + lda + ") from " + aOff + " does not fit " + a.length);
        if (cOff < 0 || (long) cOff + (long) (m - 1) * ldc + rows > c.length) throw new IndexOutOfBoundsException("C (" + m + "x" + rows + ", ld " + ldc + ") from " + cOff + " does not fit " + c.length);
        blocks(0, blocks, m, a, aOff, lda, c, cOff, ldc, accumulate);
    }

    /**
     * Column blocks [k0, k1) of C: 8-row by 2-block tiles over the full blocks, then an odd full
     * block, then what is left (the rows after the last tile, a partial last block) row by row.
     */
    private void blocks(int k0, int k1, int m, float[] a, int aOff, int lda, float[] c, int cOff, int ldc, boolean accumulate) {
        int mTiles = m / TILE_ROWS * TILE_ROWS;
        int kFull = lastLanes == L ? k1 : Math.min(k1, blocks - 1);   // blocks whose L outputs all exist
        int k = k0;
        for (; k + 2 <= kFull; k += 2)
            for (int i = 0; i < mTiles; i += TILE_ROWS) tile8x2(k, aOff + i * lda, lda, a, c, cOff + i * ldc + k * L, ldc, accumulate);
        if (k < kFull)
            for (int i = 0; i < mTiles; i += TILE_ROWS) tile8x1(k, aOff + i * lda, lda, a, c, cOff + i * ldc + k * L, ldc, accumulate);
        for (int i = 0; i < m; i++) {
            int first = i < mTiles ? kFull : k0;    // tiled rows only miss the partial block, the others miss all
            for (int kk = first; kk < k1; kk++) rowBlock(kk, a, aOff + i * lda, null, c, cOff + i * ldc + kk * L, accumulate);
        }
    }

    /**
     * C[8 rows, 2 full blocks] (+)= A[8 rows] · the blocks. Everything stays in this method (the
     * stores too): a call taking vectors would box them, which the JIT does when a method this
     * large calls out.
     */
    private void tile8x2(int k, int a0, int lda, float[] a, float[] c, int c0, int ldc, boolean accumulate) {
        int w0 = k * cols * L, w1 = w0 + cols * L;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00,
                c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < cols; p++) {
            FloatVector b0 = FloatVector.fromArray(S, data, w0 + p * L), b1 = FloatVector.fromArray(S, data, w1 + p * L);
            int ap = a0 + p;
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap]); c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[ap + lda]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[ap + 2 * lda]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[ap + 3 * lda]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[ap + 4 * lda]); c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ap + 5 * lda]); c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a[ap + 6 * lda]); c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a[ap + 7 * lda]); c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        int o0 = c0, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, c, o0)); c01 = c01.add(FloatVector.fromArray(S, c, o0 + L));
            c10 = c10.add(FloatVector.fromArray(S, c, o1)); c11 = c11.add(FloatVector.fromArray(S, c, o1 + L));
            c20 = c20.add(FloatVector.fromArray(S, c, o2)); c21 = c21.add(FloatVector.fromArray(S, c, o2 + L));
            c30 = c30.add(FloatVector.fromArray(S, c, o3)); c31 = c31.add(FloatVector.fromArray(S, c, o3 + L));
            c40 = c40.add(FloatVector.fromArray(S, c, o4)); c41 = c41.add(FloatVector.fromArray(S, c, o4 + L));
            c50 = c50.add(FloatVector.fromArray(S, c, o5)); c51 = c51.add(FloatVector.fromArray(S, c, o5 + L));
            c60 = c60.add(FloatVector.fromArray(S, c, o6)); c61 = c61.add(FloatVector.fromArray(S, c, o6 + L));
            c70 = c70.add(FloatVector.fromArray(S, c, o7)); c71 = c71.add(FloatVector.fromArray(S, c, o7 + L));
        }
        c00.intoArray(c, o0); c01.intoArray(c, o0 + L);
        c10.intoArray(c, o1); c11.intoArray(c, o1 + L);
        c20.intoArray(c, o2); c21.intoArray(c, o2 + L);
        c30.intoArray(c, o3); c31.intoArray(c, o3 + L);
        c40.intoArray(c, o4); c41.intoArray(c, o4 + L);
        c50.intoArray(c, o5); c51.intoArray(c, o5 + L);
        c60.intoArray(c, o6); c61.intoArray(c, o6 + L);
        c70.intoArray(c, o7); c71.intoArray(c, o7 + L);
    }

    /** C[8 rows, 1 full block] (+)= A[8 rows] · the block; stores inline as in {@link #tile8x2}. */
    private void tile8x1(int k, int a0, int lda, float[] a, float[] c, int c0, int ldc, boolean accumulate) {
        int w0 = k * cols * L;
        FloatVector c0v = FloatVector.zero(S), c1v = c0v, c2v = c0v, c3v = c0v, c4v = c0v, c5v = c0v, c6v = c0v, c7v = c0v;
        for (int p = 0; p < cols; p++) {
            FloatVector b0 = FloatVector.fromArray(S, data, w0 + p * L);
            int ap = a0 + p;
            c0v = b0.fma(FloatVector.broadcast(S, a[ap]), c0v);
            c1v = b0.fma(FloatVector.broadcast(S, a[ap + lda]), c1v);
            c2v = b0.fma(FloatVector.broadcast(S, a[ap + 2 * lda]), c2v);
            c3v = b0.fma(FloatVector.broadcast(S, a[ap + 3 * lda]), c3v);
            c4v = b0.fma(FloatVector.broadcast(S, a[ap + 4 * lda]), c4v);
            c5v = b0.fma(FloatVector.broadcast(S, a[ap + 5 * lda]), c5v);
            c6v = b0.fma(FloatVector.broadcast(S, a[ap + 6 * lda]), c6v);
            c7v = b0.fma(FloatVector.broadcast(S, a[ap + 7 * lda]), c7v);
        }
        int o0 = c0, o1 = o0 + ldc, o2 = o1 + ldc, o3 = o2 + ldc, o4 = o3 + ldc, o5 = o4 + ldc, o6 = o5 + ldc, o7 = o6 + ldc;
        if (accumulate) {
            c0v = c0v.add(FloatVector.fromArray(S, c, o0)); c1v = c1v.add(FloatVector.fromArray(S, c, o1));
            c2v = c2v.add(FloatVector.fromArray(S, c, o2)); c3v = c3v.add(FloatVector.fromArray(S, c, o3));
            c4v = c4v.add(FloatVector.fromArray(S, c, o4)); c5v = c5v.add(FloatVector.fromArray(S, c, o5));
            c6v = c6v.add(FloatVector.fromArray(S, c, o6)); c7v = c7v.add(FloatVector.fromArray(S, c, o7));
        }
        c0v.intoArray(c, o0); c1v.intoArray(c, o1); c2v.intoArray(c, o2); c3v.intoArray(c, o3);
        c4v.intoArray(c, o4); c5v.intoArray(c, o5); c6v.intoArray(c, o6); c7v.intoArray(c, o7);
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
