package carousel.io;

import java.util.Arrays;

/**
 * The header of a {@code .npy} file: format version, the dtype as NumPy writes it
 * ({@code descr}, e.g. {@code '<f4'}), the memory order flag, the shape, and where the data starts.
 *
 * @param majorVersion format version, 1 to 3
 * @param minorVersion always 0 in the versions NumPy has defined
 * @param descr        the dtype string, e.g. {@code <f4} (little-endian float32)
 * @param fortranOrder whether the data is in column-major order
 * @param shape        the dimensions (copied)
 * @param dataOffset   byte offset of the first element
 */
public record NpyHeader(int majorVersion, int minorVersion, String descr, boolean fortranOrder, int[] shape,
        long dataOffset) {

    public NpyHeader {
        shape = shape.clone();
    }

    /** A copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h && majorVersion == h.majorVersion && minorVersion == h.minorVersion
                && descr.equals(h.descr) && fortranOrder == h.fortranOrder && Arrays.equals(shape, h.shape)
                && dataOffset == h.dataOffset;
    }

    @Override
    public int hashCode() {
        return descr.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "NpyHeader[v" + majorVersion + "." + minorVersion + " " + descr + " " + Shapes.format(shape)
                + (fortranOrder ? " fortran" : "") + " data@" + dataOffset + "]";
    }
}
