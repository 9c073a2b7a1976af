package carousel.speech.kaldi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense matrix of 32-bit floats in row-major order, the value type of Kaldi feature archives
 * (one row per frame, one column per feature dimension). The array is used as given, not copied.
 *
 * @param rows number of rows (frames), {@code >= 0}
 * @param cols number of columns (dimensions), {@code >= 0}
 * @param data the values, {@code data[r * cols + c]}, length {@code rows * cols}
 */
public record FloatMatrix(int rows, int cols, float[] data) {

    public FloatMatrix {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix size must be >= 0, got " + rows + " x " + cols);
        }
        Objects.requireNonNull(data, "data");
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
    }

    /** A matrix of zeros. */
    public static FloatMatrix zeros(int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad matrix size " + rows + " x " + cols);
        }
        return new FloatMatrix(rows, cols, new float[rows * cols]);
    }

    /** A matrix from rows of equal length (copied). */
    public static FloatMatrix ofRows(float[]... rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, d, r * cols, cols);
        }
        return new FloatMatrix(rows.length, cols, d);
    }

    /** The value at row {@code r}, column {@code c}. */
    public float get(int r, int c) {
        Objects.checkIndex(r, rows);
        Objects.checkIndex(c, cols);
        return data[r * cols + c];
    }

    /** A copy of row {@code r}. */
    public float[] row(int r) {
        Objects.checkIndex(r, rows);
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    /** Equal shape and bit-identical values (as {@link Arrays#equals(float[], float[])}: NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        return o instanceof FloatMatrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatMatrix " + rows + " x " + cols;
    }
}
