package carousel.io;

import java.util.Arrays;

/**
 * One tensor of a safetensors file, held as floats: its shape (row-major) and elements, plus the
 * element type it is (or will be) stored as. Reading converts every readable type to float
 * (see {@link SafeTensors}); writing stores {@link SafeTensorDType#F32} as is and
 * {@link SafeTensorDType#I64} from floats that hold integers.
 *
 * <p>The shape is copied in and out; the data array is shared, not copied. Equality compares
 * type, shape and data element-wise.
 *
 * @param dtype the stored element type
 * @param shape the dimensions, each non-negative
 * @param data  the elements in row-major order; its length is the product of the shape
 */
public record SafeTensor(SafeTensorDType dtype, int[] shape, float[] data) {

    /** @throws IllegalArgumentException when the data length is not the product of the shape */
    public SafeTensor {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null");
        }
        shape = Shapes.checkMatches(shape, data.length);
    }

    /** A float32 tensor. */
    public static SafeTensor f32(int[] shape, float[] data) {
        return new SafeTensor(SafeTensorDType.F32, shape, data);
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

    /** Whether the shape equals the given dimensions. */
    public boolean hasShape(int... dims) {
        return Arrays.equals(shape, dims);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafeTensor t && dtype == t.dtype && Arrays.equals(shape, t.shape)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "SafeTensor[" + dtype + " " + Shapes.format(shape) + "]";
    }
}
