package carousel.speech.feature;

import java.util.Objects;

/**
 * A (T, D) matrix of features, T frames of D dimensions, stored row-major: element (t, d) is
 * {@code data[t * dim + d]}. The record holds the array it is given without copying; {@code equals} compares
 * the array by identity.
 *
 * @param numFrames T, at least 0
 * @param dim D, at least 1
 * @param data T·D values, row-major
 */
public record FeatureMatrix(int numFrames, int dim, float[] data) {

    public FeatureMatrix {
        Objects.requireNonNull(data, "data");
        if (numFrames < 0 || dim < 1) {
            throw new IllegalArgumentException("need numFrames >= 0 and dim >= 1, got " + numFrames + " x " + dim);
        }
        if ((long) numFrames * dim != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " values, " + numFrames + " x " + dim
                    + " needs " + (long) numFrames * dim);
        }
    }

    /** A zero matrix of T frames by D dimensions. */
    public static FeatureMatrix zeros(int numFrames, int dim) {
        if (numFrames < 0 || dim < 1 || (long) numFrames * dim > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("bad feature matrix shape " + numFrames + " x " + dim);
        }
        return new FeatureMatrix(numFrames, dim, new float[numFrames * dim]);
    }

    /** A copy of {@code rows} (T rows of equal length D). */
    public static FeatureMatrix of(float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot infer the dimension of zero rows; use zeros(0, dim)");
        }
        int dim = rows[0].length;
        FeatureMatrix m = zeros(rows.length, dim);
        for (int t = 0; t < rows.length; t++) {
            if (rows[t].length != dim) {
                throw new IllegalArgumentException("row " + t + " has " + rows[t].length + " values, row 0 has " + dim);
            }
            System.arraycopy(rows[t], 0, m.data, t * dim, dim);
        }
        return m;
    }

    /** Element (t, d). */
    public float get(int t, int d) {
        return data[index(t, d)];
    }

    /** Sets element (t, d). */
    public void set(int t, int d, float value) {
        data[index(t, d)] = value;
    }

    /** A copy of frame t. */
    public float[] row(int t) {
        float[] r = new float[dim];
        System.arraycopy(data, index(t, 0), r, 0, dim);
        return r;
    }

    /** A copy as T arrays of D values. */
    public float[][] toArrays() {
        float[][] rows = new float[numFrames][];
        for (int t = 0; t < numFrames; t++) {
            rows[t] = row(t);
        }
        return rows;
    }

    private int index(int t, int d) {
        if (t < 0 || t >= numFrames || d < 0 || d >= dim) {
            throw new IndexOutOfBoundsException("(" + t + ", " + d + ") outside " + numFrames + " x " + dim);
        }
        return t * dim + d;
    }
}
