package carousel.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes safetensors files, the weight format of Hugging Face's safetensors library
 * (https://github.com/huggingface/safetensors): an unsigned 64-bit little-endian header size N,
 * N bytes of UTF-8 JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets":
 * [begin, end]}} (offsets relative to the data buffer) plus an optional {@code "__metadata__"}
 * object of strings, then the data buffer, elements little-endian and row-major.
 *
 * <p>Reading validates the whole header first (see {@link SafeTensorsHeaderReader}), so a
 * malformed file ends in a {@link FormatException} naming the file and the tensor, never in an
 * out-of-memory or index error; then F32, F64, F16, BF16, I32 and I64 tensors are converted to
 * floats (doubles past the float range and integers a float cannot hold exactly are refused).
 * Files are memory-mapped and F32 data is copied in bulk.
 *
 * <p>Writing is deterministic: tensors sorted by name and stored in that order, metadata sorted
 * by key and placed first, compact JSON padded with spaces to a multiple of 8 bytes so that the
 * data buffer starts 8-aligned.
 *
 * <p>This is not a lazy or zero-copy loader: every tensor is copied into a Java array.
 */
public final class SafeTensors {

    /** Largest header accepted, the same limit as the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA_KEY = "__metadata__";

    private SafeTensors() {
    }

    // ---------------------------------------------------------------- reading

    /** Reads every tensor and the metadata of a file. */
    public static SafeTensorsFile read(Path file) throws IOException {
        try (MappedFile mapped = MappedFile.open(file)) {
            return read(mapped.segment(), file.toString());
        }
    }

    /** Reads safetensors bytes held in memory; {@code source} names them in errors. */
    public static SafeTensorsFile read(byte[] bytes, String source) throws FormatException {
        return read(MemorySegment.ofArray(bytes), source);
    }

    /** Reads and validates only the header: names, types, shapes, offsets and metadata. */
    public static SafeTensorsHeader readHeader(Path file) throws IOException {
        try (MappedFile mapped = MappedFile.open(file)) {
            return SafeTensorsHeaderReader.read(mapped.segment(), file.toString());
        }
    }

    static SafeTensorsFile read(MemorySegment file, String source) throws FormatException {
        SafeTensorsHeader header = SafeTensorsHeaderReader.read(file, source);
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, SafeTensorInfo> e : header.tensors().entrySet()) {
            tensors.put(e.getKey(), readTensor(file, header.bufferStart(), e.getKey(), e.getValue(), source));
        }
        return new SafeTensorsFile(source, tensors, header.metadata());
    }

    private static SafeTensor readTensor(MemorySegment file, long bufferStart, String name, SafeTensorInfo info,
            String source) throws FormatException {
        String tensor = "tensor " + Json.quote(name);
        if (!info.dtype().readable()) {
            throw new FormatException(source, tensor + " has dtype " + info.dtype()
                    + ", which Carousel does not read (it reads F32, F64, F16, BF16, I32, I64)");
        }
        long count = info.elementCount();
        if (count > Shapes.MAX_ARRAY_LENGTH) {
            throw new FormatException(source, tensor + " of " + count + " elements is too large for a Java array");
        }
        float[] data = new float[(int) count];
        long offset = bufferStart + info.begin();
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        switch (info.dtype()) {
            case F32 -> Decode.f32(file, offset, le, data);
            case F64 -> Decode.f64ToFloat(file, offset, le, data, source, tensor);
            case F16 -> Decode.f16ToFloat(file, offset, data);
            case BF16 -> Decode.bf16ToFloat(file, offset, data);
            case I32 -> Decode.i32ToFloat(file, offset, le, data, source, tensor);
            case I64 -> Decode.i64ToFloat(file, offset, le, data, source, tensor);
            default -> throw new IllegalStateException("readable() and this switch disagree on " + info.dtype());
        }
        return new SafeTensor(info.dtype(), info.shape(), data);
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes tensors (each stored as its {@link SafeTensor#dtype()}, F32 or I64) and metadata.
     *
     * @param tensors  name → tensor; names must not be {@code "__metadata__"}
     * @param metadata free-form strings (may be empty)
     * @throws IllegalArgumentException for a reserved name, an unwritable dtype, or an I64 tensor
     *                                  holding a value that is not an integer
     */
    public static void write(Path file, Map<String, SafeTensor> tensors, Map<String, String> metadata)
            throws IOException {
        byte[] header = headerBytes(tensors, metadata);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeTo(out, header, tensors);
        }
    }

    /** The bytes {@link #write} would write (for files under 2 GiB). */
    public static byte[] toBytes(Map<String, SafeTensor> tensors, Map<String, String> metadata) {
        byte[] header = headerBytes(tensors, metadata);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            writeTo(Channels.newChannel(bytes), header, tensors);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static void writeTo(WritableByteChannel out, byte[] header, Map<String, SafeTensor> tensors)
            throws IOException {
        ByteBuffer size = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
        Encode.writeFully(out, size);
        Encode.bytes(out, header);
        for (String name : sortedNames(tensors)) {
            SafeTensor t = tensors.get(name);
            if (t.dtype() == SafeTensorDType.F32) {
                Encode.f32(out, t.data());
            } else {
                Encode.floatsAsI64(out, t.data());
            }
        }
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes; checks the tensors first. */
    static byte[] headerBytes(Map<String, SafeTensor> tensors, Map<String, String> metadata) {
        for (Map.Entry<String, SafeTensor> e : tensors.entrySet()) {
            checkWritable(e.getKey(), e.getValue());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            root.put(METADATA_KEY, new TreeMap<>(metadata));
        }
        long offset = 0;
        for (String name : sortedNames(tensors)) {
            SafeTensor t = tensors.get(name);
            long end = offset + (long) t.data().length * t.dtype().byteSize();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", t.dtype().name());
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, end});
            root.put(name, entry);
            offset = end;
        }
        byte[] json = Json.writeCompact(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = new byte[padded];
        System.arraycopy(json, 0, header, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            header[i] = ' ';
        }
        return header;
    }

    private static List<String> sortedNames(Map<String, SafeTensor> tensors) {
        List<String> names = new ArrayList<>(tensors.keySet());
        names.sort(null);
        return names;
    }

    private static void checkWritable(String name, SafeTensor t) {
        if (name == null || name.equals(METADATA_KEY)) {
            throw new IllegalArgumentException("invalid tensor name " + name + " (reserved or null)");
        }
        if (!t.dtype().writable()) {
            throw new IllegalArgumentException("tensor " + Json.quote(name) + ": writing dtype " + t.dtype()
                    + " is not supported (use F32 or I64)");
        }
        if (t.dtype() == SafeTensorDType.I64) {
            float[] data = t.data();
            for (int i = 0; i < data.length; i++) {
                float v = data[i];
                if (v != Math.rint(v) || Math.abs(v) >= 0x1p63f) {
                    throw new IllegalArgumentException("tensor " + Json.quote(name) + " is I64 but holds " + v
                            + " at index " + i + ", which is not an int64 value");
                }
            }
        }
    }
}
