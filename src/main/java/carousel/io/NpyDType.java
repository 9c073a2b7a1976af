package carousel.io;

import java.nio.ByteOrder;

/**
 * The dtypes Carousel reads from {@code .npy} files: float32, float64, int32 and int64, in either
 * byte order ({@code <f4}, {@code >f4}, {@code <f8}, {@code >f8}, {@code <i4}, {@code >i4},
 * {@code <i8}, {@code >i8}). Anything else (float16, unsigned, bool, complex, strings, structured
 * records, native order {@code =}) is refused with a message that lists what is supported.
 *
 * @param descr    the dtype string as written in the header
 * @param isFloat  true for floating point, false for signed integers
 * @param itemSize bytes per element, 4 or 8
 * @param order    byte order of the elements
 */
record NpyDType(String descr, boolean isFloat, int itemSize, ByteOrder order) {

    static final String SUPPORTED = "'<f4', '<f8', '<i4', '<i8' and their big-endian '>' forms";

    static NpyDType parse(String descr, String source) throws FormatException {
        if (descr.length() == 3 && (descr.charAt(0) == '<' || descr.charAt(0) == '>')) {
            ByteOrder order = descr.charAt(0) == '<' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            char kind = descr.charAt(1);
            char size = descr.charAt(2);
            if ((kind == 'f' || kind == 'i') && (size == '4' || size == '8')) {
                return new NpyDType(descr, kind == 'f', size - '0', order);
            }
        }
        throw new FormatException(source, "unsupported dtype " + Json.quote(descr) + " (supported: " + SUPPORTED + ")");
    }
}
