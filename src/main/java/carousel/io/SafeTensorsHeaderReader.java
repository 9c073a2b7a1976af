package carousel.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses and validates the header of a safetensors file (format of Hugging Face's safetensors
 * library, https://github.com/huggingface/safetensors): an unsigned 64-bit little-endian header
 * size N, N bytes of UTF-8 JSON, then the data buffer.
 *
 * <p>Checks, in order: the 8-byte size field is there; N is within {@link SafeTensors#MAX_HEADER_BYTES}
 * and within the file; the header starts with '{', is UTF-8 and strict JSON (so names are unique);
 * {@code __metadata__} maps strings to strings; every tensor entry has exactly dtype, shape and
 * data_offsets, a known dtype, non-negative dimensions, {@code begin <= end}, and
 * {@code product(shape) * dtype size == end - begin}; every range lies inside the buffer; and the
 * ranges, sorted by offset, cover the buffer exactly once (no overlap, no hole, no trailing bytes),
 * as the reference implementation requires.
 */
final class SafeTensorsHeaderReader {

    private static final String METADATA_KEY = "__metadata__";

    private SafeTensorsHeaderReader() {
    }

    /** One tensor entry while checking the layout. */
    private record Entry(String name, SafeTensorInfo info) {
    }

    static SafeTensorsHeader read(MemorySegment file, String source) throws FormatException {
        long size = file.byteSize();
        if (size < 8) {
            throw new FormatException(source, "file of " + size + " bytes is too short for a safetensors file"
                    + " (it starts with an 8-byte header size)");
        }
        long headerSize = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerSize < 0 || headerSize > SafeTensors.MAX_HEADER_BYTES) {
            throw new FormatException(source, "header size " + Long.toUnsignedString(headerSize)
                    + " exceeds the limit of " + SafeTensors.MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
        }
        if (8 + headerSize > size) {
            throw new FormatException(source, "header size " + headerSize + " runs past the end of the "
                    + size + "-byte file (truncated?)");
        }
        byte[] headerBytes = file.asSlice(8, headerSize).toArray(ValueLayout.JAVA_BYTE);
        if (headerSize < 2 || headerBytes[0] != '{') {
            throw new FormatException(source, "header does not start with '{' (not a safetensors file?)");
        }
        String text;
        try {
            text = Json.decodeUtf8(headerBytes, source);
        } catch (FormatException e) {
            throw new FormatException(source, "header is not valid UTF-8");
        }
        Map<String, Object> json = Json.parseObject(text, source + " header");

        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> e : json.entrySet()) {
            if (e.getKey().equals(METADATA_KEY)) {
                metadata = metadata(e.getValue(), source);
            } else {
                entries.add(new Entry(e.getKey(), tensorInfo(e.getKey(), e.getValue(), source)));
            }
        }
        long bufferSize = size - 8 - headerSize;
        checkLayout(entries, bufferSize, source);
        Map<String, SafeTensorInfo> tensors = new LinkedHashMap<>();
        for (Entry entry : entries) {
            tensors.put(entry.name(), entry.info());
        }
        return new SafeTensorsHeader(tensors, metadata, 8 + headerSize);
    }

    private static Map<String, String> metadata(Object value, String source) throws FormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new FormatException(source, METADATA_KEY + " must be an object of strings, got " + Json.describe(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new FormatException(source, METADATA_KEY + " values must be strings, got "
                        + Json.describe(e.getValue()) + " for key " + Json.quote((String) e.getKey()));
            }
            metadata.put((String) e.getKey(), s);
        }
        return metadata;
    }

    private static SafeTensorInfo tensorInfo(String name, Object value, String source) throws FormatException {
        String tensor = "tensor " + Json.quote(name);
        if (!(value instanceof Map<?, ?>)) {
            throw new FormatException(source, tensor + ": expected an object with dtype, shape and data_offsets, got "
                    + Json.describe(value));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) value;
        String where = source + ": " + tensor;
        Json.requireOnlyKeys(entry, where, "dtype", "shape", "data_offsets");
        SafeTensorDType dtype = SafeTensorDType.parse(Json.getString(entry, "dtype", where), source, tensor);
        long[] shape = nonNegativeLongs(Json.getList(entry, "shape", where), "shape", where);
        long[] offsets = nonNegativeLongs(Json.getList(entry, "data_offsets", where), "data_offsets", where);
        if (offsets.length != 2) {
            throw new FormatException(source, tensor + ": data_offsets must be [begin, end], got "
                    + offsets.length + " numbers");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new FormatException(source, tensor + ": data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        long count = Shapes.elementCount(shape, source, tensor);
        long bytes;
        try {
            bytes = Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new FormatException(source, tensor + ": shape " + Shapes.format(shape) + " has too many elements");
        }
        if (bytes != end - begin) {
            throw new FormatException(source, tensor + ": shape " + Shapes.format(shape) + " of " + dtype + " needs "
                    + bytes + " bytes but data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        for (long n : shape) {
            if (n > Integer.MAX_VALUE) {
                throw new FormatException(source, tensor + ": dimension " + n + " is too large for a Java array");
            }
        }
        return new SafeTensorInfo(dtype, Shapes.toInts(shape), begin, end);
    }

    private static long[] nonNegativeLongs(List<Object> list, String key, String where) throws FormatException {
        long[] result = new long[list.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < 0) {
                throw new FormatException(where, key + " must hold non-negative integers, got "
                        + Json.describe(list.get(i)) + " at index " + i);
            }
            result[i] = l;
        }
        return result;
    }

    /** Sorts entries by offset and checks that they tile the buffer exactly. */
    private static void checkLayout(List<Entry> entries, long bufferSize, String source) throws FormatException {
        for (Entry e : entries) {
            if (e.info().end() > bufferSize) {
                throw new FormatException(source, "tensor " + Json.quote(e.name()) + ": data_offsets ["
                        + e.info().begin() + ", " + e.info().end() + "] run past the end of the " + bufferSize
                        + "-byte data buffer (truncated file?)");
            }
        }
        entries.sort(Comparator.comparingLong((Entry e) -> e.info().begin()).thenComparingLong(e -> e.info().end()));
        long covered = 0;
        Entry previous = null;
        for (Entry e : entries) {
            long begin = e.info().begin();
            if (begin < covered) {
                throw new FormatException(source, "tensor " + Json.quote(e.name()) + " (bytes [" + begin + ", "
                        + e.info().end() + ")) overlaps tensor " + Json.quote(previous.name()) + " (bytes ["
                        + previous.info().begin() + ", " + previous.info().end() + "))");
            }
            if (begin > covered) {
                throw new FormatException(source, "hole in the data buffer: bytes [" + covered + ", " + begin
                        + ") before tensor " + Json.quote(e.name()) + " belong to no tensor");
            }
            covered = e.info().end();
            previous = e;
        }
        if (covered != bufferSize) {
            throw new FormatException(source, "trailing data: " + (bufferSize - covered)
                    + " bytes after the last tensor belong to no tensor");
        }
    }
}
