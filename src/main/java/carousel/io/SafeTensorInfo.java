package carousel.io;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header: its type, shape, and byte range within the data
 * buffer that follows the header ({@code begin} inclusive, {@code end} exclusive, both relative to
 * the buffer's first byte).
 *
 * @param dtype the element type
 * @param shape the dimensions (copied)
 * @param begin offset of the first byte in the data buffer
 * @param end   offset one past the last byte in the data buffer
 */
public record SafeTensorInfo(SafeTensorDType dtype, int[] shape, long begin, long end) {

    public SafeTensorInfo {
        shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements (the product of the shape). */
    public long elementCount() {
        long count = 1;
        for (int n : shape) {
            count *= n;
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SafeTensorInfo i && dtype == i.dtype && Arrays.equals(shape, i.shape)
                && begin == i.begin && end == i.end;
    }

    @Override
    public int hashCode() {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + Long.hashCode(begin);
    }

    @Override
    public String toString() {
        return dtype + " " + Shapes.format(shape) + " bytes [" + begin + ", " + end + ")";
    }
}
