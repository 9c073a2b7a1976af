package carousel.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lines of a text file streamed as bytes, for readers of large line-oriented files (ARPA language
 * models, pronouncing dictionaries) that parse fields straight from the bytes and decode to strings
 * only what they keep. Lines end at {@code \n}; a {@code \r} before it is dropped. Each line is given
 * as {@code bytes()[start() .. end())} and stays valid until the next call of {@link #next()}.
 *
 * <p>Text is UTF-8 and checked strictly where it is decoded ({@link #text()} returns null for malformed
 * bytes, so that the caller can report {@code file:line} in its own exception type). A line longer than
 * {@link #MAX_LINE_BYTES} is refused rather than grown without bound.
 */
public final class ByteLines implements AutoCloseable {

    /** The longest line accepted (16 MiB): a longer one means a binary or corrupt file. */
    public static final int MAX_LINE_BYTES = 1 << 24;

    private final Path file;
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[1 << 20];
    private int pos;
    private int limit;
    private boolean eof;
    private int start;
    private int end;
    private int line;

    private ByteLines(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    /** Opens {@code file} for reading line by line. */
    public static ByteLines open(Path file) throws IOException {
        return new ByteLines(file, Files.newInputStream(file));
    }

    /** The file being read. */
    public Path file() {
        return file;
    }

    /**
     * Advances to the next line.
     *
     * @return false at the end of the file
     * @throws FormatException when a line is longer than {@link #MAX_LINE_BYTES}
     */
    public boolean next() throws IOException {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    start = pos;
                    end = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                    pos = i + 1;
                    line++;
                    return true;
                }
            }
            if (eof) {
                if (pos == limit) {
                    return false;
                }
                start = pos;
                end = limit > pos && buf[limit - 1] == '\r' ? limit - 1 : limit;
                pos = limit;
                line++;
                return true;
            }
            fill();
        }
    }

    /** Keeps the unread tail at the front of the buffer (growing it for a long line) and reads more. */
    private void fill() throws IOException {
        int tail = limit - pos;
        if (pos == 0 && limit == buf.length) {
            if (buf.length >= MAX_LINE_BYTES) {
                throw new FormatException(file.toString(), "line " + (line + 1) + " is longer than "
                        + MAX_LINE_BYTES + " bytes (not a text file?)");
            }
            byte[] bigger = new byte[buf.length * 2];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        } else if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, tail);
            pos = 0;
            limit = tail;
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    /** The 1-based number of the current line. */
    public int lineNumber() {
        return line;
    }

    /** The buffer holding the current line (shared; valid until {@link #next()}). */
    public byte[] bytes() {
        return buf;
    }

    /** Offset of the current line's first byte in {@link #bytes()}. */
    public int start() {
        return start;
    }

    /** Offset just past the current line's last byte (without {@code \r\n}). */
    public int end() {
        return end;
    }

    /** The current line decoded as strict UTF-8, or null when its bytes are not valid UTF-8. */
    public String text() {
        return decode(start, end);
    }

    /** Bytes {@code [from, to)} of the current line decoded as strict UTF-8, or null when malformed. */
    public String decode(int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = buf[i] >= 0;
        }
        if (ascii) {
            return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer c = decoder.reset().decode(ByteBuffer.wrap(buf, from, to - from));
            return c.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The current line decoded leniently (malformed bytes replaced), for error messages only. */
    public String lenientText() {
        return new String(buf, start, end - start, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
