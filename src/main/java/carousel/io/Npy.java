package carousel.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Reads and writes NumPy {@code .npy} files, following NumPy's "format.rst" (the NPY format,
 * versions 1.0, 2.0 and 3.0; numpy/lib/format.py).
 *
 * <p>Layout: the magic {@code \x93NUMPY}, a major and a minor version byte, the header length
 * (little-endian uint16 in version 1.0, uint32 in 2.0 and 3.0), the header (a Python dict literal
 * with keys {@code descr}, {@code fortran_order}, {@code shape}; Latin-1 text before 3.0, UTF-8 in
 * 3.0) padded with spaces and a newline, then the raw elements.
 *
 * <p>Reading accepts the dtypes of {@link NpyDType} (float32, float64, int32, int64, either byte
 * order) and converts them as asked: {@link #readFloat} gives floats (refusing doubles past the
 * float range and integers a float cannot hold exactly), {@link #readInt} gives ints from integer
 * dtypes (refusing values past the int range). Only C (row-major) order is supported; an array of
 * rank 0 or 1 flagged {@code fortran_order: True} is read, since both orders lay it out alike.
 * Before anything is allocated, the header length is checked against the file, and the shape's
 * element count times the item size must equal the bytes after the header exactly. Files are
 * memory-mapped and copied in bulk.
 *
 * <p>Writing produces the same bytes {@code numpy.save} (NumPy 1.24) does: float32 as {@code <f4},
 * int32 as {@code <i4}, version 1.0 unless the header needs 2.0, data aligned to 64 bytes.
 */
public final class Npy {

    /** Largest header accepted; NumPy's own reader stops at 10,000 bytes by default. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** NumPy leaves room for the first axis to grow to this many digits when rewriting in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private Npy() {
    }

    // ---------------------------------------------------------------- reading

    /** Reads only the header (for inspection); does not check the data size. */
    public static NpyHeader readHeader(Path file) throws IOException {
        try (MappedFile mapped = MappedFile.open(file)) {
            return header(mapped.segment(), file.toString());
        }
    }

    /** Reads a float32, float64, int32 or int64 array as floats. */
    public static NpyArray readFloat(Path file) throws IOException {
        try (MappedFile mapped = MappedFile.open(file)) {
            return readFloat(mapped.segment(), file.toString());
        }
    }

    /** Reads {@code .npy} bytes held in memory as floats; {@code source} names them in errors. */
    public static NpyArray readFloat(byte[] bytes, String source) throws FormatException {
        return readFloat(MemorySegment.ofArray(bytes), source);
    }

    /** Reads an int32 or int64 array as ints (labels, lengths). */
    public static NpyIntArray readInt(Path file) throws IOException {
        try (MappedFile mapped = MappedFile.open(file)) {
            return readInt(mapped.segment(), file.toString());
        }
    }

    /** Reads {@code .npy} bytes held in memory as ints; {@code source} names them in errors. */
    public static NpyIntArray readInt(byte[] bytes, String source) throws FormatException {
        return readInt(MemorySegment.ofArray(bytes), source);
    }

    static NpyArray readFloat(MemorySegment file, String source) throws FormatException {
        NpyHeader header = header(file, source);
        NpyDType type = NpyDType.parse(header.descr(), source);
        float[] data = new float[checkedCount(header, type, file.byteSize(), source)];
        long offset = header.dataOffset();
        if (type.isFloat() && type.itemSize() == 4) {
            Decode.f32(file, offset, type.order(), data);
        } else if (type.isFloat()) {
            Decode.f64ToFloat(file, offset, type.order(), data, source, "array");
        } else if (type.itemSize() == 4) {
            Decode.i32ToFloat(file, offset, type.order(), data, source, "array");
        } else {
            Decode.i64ToFloat(file, offset, type.order(), data, source, "array");
        }
        return new NpyArray(header.shape(), data);
    }

    static NpyIntArray readInt(MemorySegment file, String source) throws FormatException {
        NpyHeader header = header(file, source);
        NpyDType type = NpyDType.parse(header.descr(), source);
        if (type.isFloat()) {
            throw new FormatException(source, "expected an integer dtype ('<i4' or '<i8'), got "
                    + Json.quote(header.descr()));
        }
        int[] data = new int[checkedCount(header, type, file.byteSize(), source)];
        if (type.itemSize() == 4) {
            Decode.i32(file, header.dataOffset(), type.order(), data);
        } else {
            Decode.i64ToInt(file, header.dataOffset(), type.order(), data, source, "array");
        }
        return new NpyIntArray(header.shape(), data);
    }

    /** Parses and checks the preamble and header dict (not yet the dtype or the data size). */
    static NpyHeader header(MemorySegment file, String source) throws FormatException {
        long size = file.byteSize();
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= size || file.get(ValueLayout.JAVA_BYTE, i) != MAGIC[i]) {
                throw new FormatException(source, size == 0 ? "empty file, not a .npy file"
                        : "not a .npy file (it does not start with \\x93NUMPY)");
            }
        }
        if (size < 10) {
            throw new FormatException(source, "truncated .npy file of " + size + " bytes (the preamble alone is 10)");
        }
        int major = Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, 6));
        int minor = Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, 7));
        if (major < 1 || major > 3 || minor != 0) {
            throw new FormatException(source, "unsupported .npy format version " + major + "." + minor
                    + " (supported: 1.0, 2.0, 3.0)");
        }
        int prefix = major == 1 ? 10 : 12;
        if (size < prefix) {
            throw new FormatException(source, "truncated .npy file of " + size + " bytes (the version "
                    + major + ".0 preamble is " + prefix + ")");
        }
        long headerLength = major == 1
                ? Short.toUnsignedInt(file.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8))
                : Integer.toUnsignedLong(file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8));
        if (prefix + headerLength > size) {
            throw new FormatException(source, "header length " + headerLength + " runs past the end of the "
                    + size + "-byte file (truncated?)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FormatException(source, "header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        byte[] headerBytes = file.asSlice(prefix, headerLength).toArray(ValueLayout.JAVA_BYTE);
        String text = major == 3 ? Json.decodeUtf8(headerBytes, source)
                : new String(headerBytes, StandardCharsets.ISO_8859_1);
        Map<String, Object> dict = NpyHeaderParser.parse(text, source);
        for (String key : dict.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new FormatException(source, "header has the unexpected key " + Json.quote(key)
                        + " (a .npy header has exactly descr, fortran_order and shape)");
            }
        }
        if (!(headerValue(dict, "descr", source) instanceof String descr)) {
            throw new FormatException(source, "header: descr must be a string such as '<f4'");
        }
        if (!(headerValue(dict, "fortran_order", source) instanceof Boolean fortranOrder)) {
            throw new FormatException(source, "header: fortran_order must be True or False");
        }
        if (!(headerValue(dict, "shape", source) instanceof long[] shape)) {
            throw new FormatException(source, "header: shape must be a tuple of integers such as (7, 3)");
        }
        Shapes.elementCount(shape, source, "array");
        for (long n : shape) {
            if (n > Integer.MAX_VALUE) {
                throw new FormatException(source, "dimension " + n + " of shape " + Shapes.format(shape)
                        + " is too large for a Java array");
            }
        }
        return new NpyHeader(major, minor, descr, fortranOrder, Shapes.toInts(shape), prefix + headerLength);
    }

    private static Object headerValue(Map<String, Object> dict, String key, String source) throws FormatException {
        Object value = dict.get(key);
        if (value == null) {
            throw new FormatException(source, "header lacks the key " + Json.quote(key));
        }
        return value;
    }

    /** Checks order and size against the file; returns the element count. */
    private static int checkedCount(NpyHeader header, NpyDType type, long fileSize, String source)
            throws FormatException {
        int[] shape = header.shape();
        if (header.fortranOrder() && shape.length > 1) {
            throw new FormatException(source, "Fortran order not supported (fortran_order is True for shape "
                    + Shapes.format(shape) + "); save it in C order, e.g. numpy.save(f, numpy.ascontiguousarray(a))");
        }
        long count = Shapes.elementCount(Shapes.toLongs(shape), source, "array");
        long needed;
        try {
            needed = Math.multiplyExact(count, (long) type.itemSize());
        } catch (ArithmeticException e) {
            throw new FormatException(source, "shape " + Shapes.format(shape) + " has too many elements");
        }
        long present = fileSize - header.dataOffset();
        String what = "shape " + Shapes.format(shape) + " of " + Json.quote(type.descr()) + " needs " + needed
                + " data bytes but " + present + " follow the header";
        if (needed > present) {
            throw new FormatException(source, "truncated data: " + what);
        }
        if (needed < present) {
            throw new FormatException(source, "trailing data after the array: " + what);
        }
        if (count > Shapes.MAX_ARRAY_LENGTH) {
            throw new FormatException(source, "array of " + count + " elements is too large for a Java array");
        }
        return (int) count;
    }

    // ---------------------------------------------------------------- writing

    /** Writes a float array as {@code <f4}. */
    public static void write(Path file, NpyArray array) throws IOException {
        try (FileChannel out = openForWrite(file)) {
            writeTo(out, array);
        }
    }

    /** Writes an int array as {@code <i4}. */
    public static void write(Path file, NpyIntArray array) throws IOException {
        try (FileChannel out = openForWrite(file)) {
            writeTo(out, array);
        }
    }

    /**
     * Starts a {@code <f4} file of a known shape whose data is written piece by piece, in row-major order
     * (for arrays too large to hold): the header now, then each {@link FloatWriter#write} appends; closing
     * checks that exactly the shape's element count was written.
     */
    public static FloatWriter startFloat(Path file, int[] shape) throws IOException {
        FileChannel out = openForWrite(file);
        try {
            Encode.bytes(out, headerBytes("<f4", shape));
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        long n = 1;
        for (int d : shape) n *= d;
        return new FloatWriter(out, n, file.toString());
    }

    /** The data part of a {@code <f4} file started by {@link #startFloat}. */
    public static final class FloatWriter implements java.io.Closeable {
        private final FileChannel out;
        private final long expected;
        private final String source;
        private long written;

        private FloatWriter(FileChannel out, long expected, String source) {
            this.out = out;
            this.expected = expected;
            this.source = source;
        }

        /** Appends {@code data[0, n)}. */
        public void write(float[] data, int n) throws IOException {
            if (written + n > expected) throw new IllegalStateException(source + ": more than the " + expected + " elements of its shape");
            Encode.f32(out, n == data.length ? data : java.util.Arrays.copyOf(data, n));
            written += n;
        }

        @Override
        public void close() throws IOException {
            out.close();
            if (written != expected) throw new IllegalStateException(source + ": " + written + " of its " + expected + " elements were written");
        }
    }

    /** The {@code .npy} bytes of a float array (for arrays under 2 GiB). */
    public static byte[] toBytes(NpyArray array) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(Channels.newChannel(bytes), array);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** The {@code .npy} bytes of an int array (for arrays under 2 GiB). */
    public static byte[] toBytes(NpyIntArray array) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(Channels.newChannel(bytes), array);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void writeTo(WritableByteChannel out, NpyArray array) throws IOException {
        Encode.bytes(out, headerBytes("<f4", array.shape()));
        Encode.f32(out, array.data());
    }

    private static void writeTo(WritableByteChannel out, NpyIntArray array) throws IOException {
        Encode.bytes(out, headerBytes("<i4", array.shape()));
        Encode.i32(out, array.data());
    }

    private static FileChannel openForWrite(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
    }

    /** Preamble and padded header, as NumPy 1.24's {@code _write_array_header} lays them out. */
    static byte[] headerBytes(String descr, int[] shape) {
        StringBuilder dict = new StringBuilder()
                .append("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': ")
                .append(Shapes.format(shape)).append(", }");
        if (shape.length > 0) {
            dict.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length());
        }
        int major = 1;
        int prefix = 10;
        int padding = ALIGN - (prefix + dict.length() + 1) % ALIGN;
        if (dict.length() + 1 + padding > 0xFFFF) { // too long for version 1.0's uint16 length
            major = 2;
            prefix = 12;
            padding = ALIGN - (prefix + dict.length() + 1) % ALIGN;
        }
        dict.repeat(' ', padding).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] result = new byte[prefix + text.length];
        System.arraycopy(MAGIC, 0, result, 0, MAGIC.length);
        result[6] = (byte) major;
        result[7] = 0;
        int length = text.length;
        result[8] = (byte) length;
        result[9] = (byte) (length >>> 8);
        if (major == 2) {
            result[10] = (byte) (length >>> 16);
            result[11] = (byte) (length >>> 24);
        }
        System.arraycopy(text, 0, result, prefix, text.length);
        return result;
    }
}
