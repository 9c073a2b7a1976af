package carousel.speech.kaldi;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a Kaldi archive, and optionally its {@code .scp} index, like Kaldi's
 * {@code ark,scp:FILE.ark,FILE.scp} (or {@code ark,t,scp:} for {@link ArkFormat#TEXT}). Each entry is
 * {@code key + ' ' + value}; the scp line is {@code key ARK:OFFSET}, where OFFSET is the byte at which the
 * value starts (after the space), the path written as given.
 *
 * @param <T> the value type
 */
public final class ArkWriter<T> implements Closeable {

    private final Path ark;
    private final CountingStream out;
    private final Writer scp;
    private final ValueCodec<T> codec;
    private final ArkFormat format;

    private ArkWriter(Path ark, Path scp, ArkFormat format, ValueCodec<T> codec) throws IOException {
        this.ark = Objects.requireNonNull(ark, "ark");
        this.format = Objects.requireNonNull(format, "format");
        this.codec = codec;
        this.out = new CountingStream(new BufferedOutputStream(Files.newOutputStream(ark), 1 << 16));
        Writer w = null;
        if (scp != null) {
            try {
                w = Files.newBufferedWriter(scp, StandardCharsets.UTF_8);
            } catch (IOException e) {
                out.close();
                throw e;
            }
        }
        this.scp = w;
    }

    /** An archive of float matrices, without an index. */
    public static ArkWriter<FloatMatrix> matrices(Path ark, ArkFormat format) throws IOException {
        return new ArkWriter<>(ark, null, format, MatrixCodec.INSTANCE);
    }

    /** An archive of float matrices and its scp index ({@code scp} may be null for none). */
    public static ArkWriter<FloatMatrix> matrices(Path ark, Path scp, ArkFormat format) throws IOException {
        return new ArkWriter<>(ark, scp, format, MatrixCodec.INSTANCE);
    }

    /** An archive of int32 vectors, without an index. */
    public static ArkWriter<int[]> intVectors(Path ark, ArkFormat format) throws IOException {
        return new ArkWriter<>(ark, null, format, IntVectorCodec.INSTANCE);
    }

    /** An archive of int32 vectors and its scp index ({@code scp} may be null for none). */
    public static ArkWriter<int[]> intVectors(Path ark, Path scp, ArkFormat format) throws IOException {
        return new ArkWriter<>(ark, scp, format, IntVectorCodec.INSTANCE);
    }

    /** Writes all of {@code entries} (in iteration order) into a new matrix archive. */
    public static void writeMatrices(Path ark, ArkFormat format, Map<String, FloatMatrix> entries) throws IOException {
        try (ArkWriter<FloatMatrix> w = matrices(ark, format)) {
            for (Map.Entry<String, FloatMatrix> e : entries.entrySet()) {
                w.write(e.getKey(), e.getValue());
            }
        }
    }

    /** Writes all of {@code entries} (in iteration order) into a new int32-vector archive. */
    public static void writeIntVectors(Path ark, ArkFormat format, Map<String, int[]> entries) throws IOException {
        try (ArkWriter<int[]> w = intVectors(ark, format)) {
            for (Map.Entry<String, int[]> e : entries.entrySet()) {
                w.write(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * Appends one entry.
     *
     * @throws IllegalArgumentException when {@code key} is empty or has whitespace or control characters
     */
    public void write(String key, T value) throws IOException {
        Keys.check(key);
        Objects.requireNonNull(value, "value");
        out.write((key + " ").getBytes(StandardCharsets.UTF_8));
        long offset = out.count;
        if (format == ArkFormat.BINARY) {
            codec.writeBinary(out, value);
        } else {
            codec.writeText(out, value);
        }
        if (scp != null) {
            scp.write(key + " " + ark + ":" + offset + "\n");
        }
    }

    @Override
    public void close() throws IOException {
        try (out) {
            if (scp != null) {
                scp.close();
            }
        }
    }

    /** Counts the bytes written, for scp offsets. */
    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
