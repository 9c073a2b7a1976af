package carousel.io;

import java.util.Arrays;

/**
 * An int array with its shape, for labels and lengths stored as {@code .npy} integers; row-major
 * like {@link NpyArray}. The shape is copied, the data shared.
 *
 * @param shape the dimensions, each non-negative
 * @param data  the elements in row-major order; its length is the product of the shape
 */
public record NpyIntArray(int[] shape, int[] data) {

    /** @throws IllegalArgumentException when the data length is not the product of the shape */
    public NpyIntArray {
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
        return o instanceof NpyIntArray other && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "NpyIntArray[int32 " + Shapes.format(shape) + "]";
    }
}
