package carousel.io;

import java.util.Arrays;

/**
 * A float array with its shape, as read from or written to a {@code .npy} file: row-major (C
 * order), so element {@code (i, j, k)} of shape {@code (A, B, C)} is {@code data[(i * B + j) * C + k]}.
 * A 0-d array has shape {@code ()} and one element.
 *
 * <p>The shape is copied in and out (it is small); the data array is shared, not copied, because
 * it can be large. Equality compares shape and data element-wise.
 *
 * @param shape the dimensions, each non-negative
 * @param data  the elements in row-major order; its length is the product of the shape
 */
public record NpyArray(int[] shape, float[] data) {

    /** @throws IllegalArgumentException when the data length is not the product of the shape */
    public NpyArray {
        shape = Shapes.checkMatches(shape, data.length);
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyArray[float32 " + Shapes.format(shape) + "]";
    }
}
