package carousel.speech.kaldi;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a Kaldi archive entry by entry, like Kaldi's {@code SequentialTableReader} on {@code ark:FILE}.
 * Each entry is a key (up to the first whitespace), one space, tab or newline, and a value in binary
 * ({@code \0B...}) or text form; the form is detected per entry. Use {@link #matrices} for feature
 * archives, {@link #intVectors} for alignments.
 *
 * <pre>{@code
 * try (ArkReader<FloatMatrix> r = ArkReader.matrices(Path.of("feats.ark"))) {
 *     for (ArkEntry<FloatMatrix> e; (e = r.next()) != null; ) { ... }
 * }
 * }</pre>
 *
 * @param <T> the value type
 */
public final class ArkReader<T> implements Closeable {

    /** Longest key accepted: longer runs without whitespace are taken as a sign of a non-archive file. */
    static final int MAX_KEY_BYTES = 1 << 16;

    private final ArkInput in;
    private final ValueCodec<T> codec;

    private ArkReader(Path ark, ValueCodec<T> codec) throws IOException {
        this.in = new ArkInput(Objects.requireNonNull(ark, "ark"), 0);
        this.codec = codec;
    }

    /** A reader of float (or double, rounded to float) matrices. */
    public static ArkReader<FloatMatrix> matrices(Path ark) throws IOException {
        return new ArkReader<>(ark, MatrixCodec.INSTANCE);
    }

    /** A reader of int32 vectors (alignments). */
    public static ArkReader<int[]> intVectors(Path ark) throws IOException {
        return new ArkReader<>(ark, IntVectorCodec.INSTANCE);
    }

    /** All entries of a matrix archive, in file order; a repeated key is an error. */
    public static Map<String, FloatMatrix> readMatrices(Path ark) throws IOException {
        try (ArkReader<FloatMatrix> r = matrices(ark)) {
            return r.readAll();
        }
    }

    /** All entries of an int32-vector archive, in file order; a repeated key is an error. */
    public static Map<String, int[]> readIntVectors(Path ark) throws IOException {
        try (ArkReader<int[]> r = intVectors(ark)) {
            return r.readAll();
        }
    }

    /** The remaining entries, in file order. */
    public Map<String, T> readAll() throws IOException {
        Map<String, T> all = new LinkedHashMap<>();
        for (ArkEntry<T> e; (e = next()) != null; ) {
            if (all.put(e.key(), e.value()) != null) {
                throw KaldiFormatException.at(in.file(), e.key(), in.position(), "key appears twice in the archive");
            }
        }
        return all;
    }

    /**
     * The next entry, or {@code null} at the end of the archive.
     *
     * @throws KaldiFormatException when the entry is malformed; the reader cannot go on after that
     */
    public ArkEntry<T> next() throws IOException {
        in.key(null);
        in.skipSpace();
        if (in.peek() < 0) {
            return null;
        }
        String key = readKey();
        in.key(key);
        int sep = in.peek();
        if (sep < 0) {
            throw in.error("truncated: file ends right after the key");
        }
        if (sep == ' ' || sep == '\t') {
            in.read();
        } else if (sep != '\n') {
            throw in.error("expected a space after the key, found " + ArkInput.describe(sep));
        }
        return new ArkEntry<>(key, codec.readValue(in));
    }

    private String readKey() throws IOException {
        long start = in.position();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.peek()) >= 0 && !ArkInput.isSpace(c)) {
            if (c < 0x20 || c == 0x7f) {
                throw KaldiFormatException.at(in.file(), null, in.position(), "bad key: control byte "
                        + ArkInput.describe(c) + " after '" + printable(b) + "' (is this a Kaldi archive?)");
            }
            if (b.size() >= MAX_KEY_BYTES) {
                throw KaldiFormatException.at(in.file(), null, start, "bad key: more than " + MAX_KEY_BYTES
                        + " bytes without whitespace (is this a Kaldi archive?)");
            }
            b.write(in.read());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw KaldiFormatException.at(in.file(), null, start, "bad key: not UTF-8: '" + printable(b) + "'");
        }
    }

    private static String printable(ByteArrayOutputStream b) {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        if (s.length() > 40) {
            s = s.substring(0, 40) + "...";
        }
        return s.replaceAll("[^\\x21-\\x7e]", "?");
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads the single value at byte {@code offset} of {@code file} (an scp target). */
    static <T> T readAt(Path file, long offset, String key, ValueCodec<T> codec) throws IOException {
        try (ArkInput in = new ArkInput(file, offset)) {
            in.key(key);
            if (in.peek() < 0) {
                throw in.error("offset is at the end of the file: no " + codec.typeName() + " there");
            }
            return codec.readValue(in);
        }
    }
}
