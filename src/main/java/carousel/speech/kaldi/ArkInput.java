package carousel.speech.kaldi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A buffered little-endian byte reader over a file that knows its position and the file size, so that
 * every size read from the file can be checked against the bytes actually left before anything is
 * allocated. All errors go through {@link #error}, which names the file, the current entry and the
 * offset.
 */
final class ArkInput implements Closeable {

    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    /** File offset of {@code buf[0]}. */
    private long bufStart;
    /** The entry being read, for messages. */
    private String key;

    ArkInput(Path file, long offset) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            this.size = channel.size();
            if (offset < 0 || offset > size) {
                throw KaldiFormatException.at(file, null, offset, "offset is outside the file (" + size + " bytes)");
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        this.bufStart = offset;
        buf.limit(0);
    }

    Path file() {
        return file;
    }

    void key(String k) {
        this.key = k;
    }

    String key() {
        return key;
    }

    long position() {
        return bufStart + buf.position();
    }

    /** Bytes between the current position and the end of the file. */
    long remaining() {
        return size - position();
    }

    /** An exception at the current position. */
    KaldiFormatException error(String problem) {
        return KaldiFormatException.at(file, key, position(), problem);
    }

    /** An exception about something that started at byte {@code offset}. */
    KaldiFormatException errorAt(long offset, String problem) {
        return KaldiFormatException.at(file, key, offset, problem);
    }

    /** Reads more bytes, keeping the unread ones; false at end of file. */
    private boolean fill() throws IOException {
        long start = bufStart + buf.position();
        buf.compact();
        bufStart = start;
        // called only with fewer than 8 unread bytes, so there is room: a file channel then reads >= 1 byte or hits the end
        int n = channel.read(buf, bufStart + buf.position());
        buf.flip();
        return n > 0;
    }

    /** The next byte (0..255) without consuming it, or -1 at end of file. */
    int peek() throws IOException {
        if (!buf.hasRemaining() && !fill()) {
            return -1;
        }
        return buf.get(buf.position()) & 0xff;
    }

    /** The next byte (0..255), or -1 at end of file. */
    int read() throws IOException {
        if (!buf.hasRemaining() && !fill()) {
            return -1;
        }
        return buf.get() & 0xff;
    }

    /** The next byte; {@code what} says what was expected if the file ends here. */
    int readRequired(String what) throws IOException {
        int c = read();
        if (c < 0) {
            throw error("truncated: file ends before " + what);
        }
        return c;
    }

    private void need(int bytes, String what) throws IOException {
        while (buf.remaining() < bytes) {
            if (!fill()) {
                throw error("truncated: file ends inside " + what + " (" + bytes + " bytes needed, "
                        + buf.remaining() + " left)");
            }
        }
    }

    int readInt32(String what) throws IOException {
        need(4, what);
        return buf.getInt();
    }

    /** Reads {@code n} little-endian float32 values into {@code dst}. The caller has checked {@code n} against {@link #remaining()}. */
    void readFloats(float[] dst, int n, String what) throws IOException {
        int i = 0;
        while (i < n) {
            if (buf.remaining() < 4) {
                need(4, what);
            }
            int k = Math.min(n - i, buf.remaining() / 4);
            for (int j = 0; j < k; j++) {
                dst[i++] = buf.getFloat();
            }
        }
    }

    /** Reads {@code n} little-endian float64 values, rounding each to float, into {@code dst}. */
    void readDoublesAsFloats(float[] dst, int n, String what) throws IOException {
        int i = 0;
        while (i < n) {
            if (buf.remaining() < 8) {
                need(8, what);
            }
            int k = Math.min(n - i, buf.remaining() / 8);
            for (int j = 0; j < k; j++) {
                dst[i++] = (float) buf.getDouble();
            }
        }
    }

    /**
     * Reads Kaldi's binary int32 ({@code WriteBasicType}): the size byte {@code \4}, then 4 bytes.
     * A different size byte (e.g. {@code \8} for int64 or {@code -4} for uint32) is an error.
     */
    int readBasicInt32(String what) throws IOException {
        int marker = read();
        if (marker < 0) {
            throw error("truncated: file ends before " + what);
        }
        if (marker != 4) {
            throw KaldiFormatException.at(file, key, position() - 1, "expected the int32 marker \\4 before " + what
                    + ", found " + describe(marker));
        }
        return readInt32(what);
    }

    static String describe(int b) {
        return b >= 0x21 && b < 0x7f ? String.format("0x%02x ('%c')", b, (char) b) : String.format("0x%02x", b);
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    /** Skips Kaldi whitespace (space, tab, newline, CR, VT, FF). */
    void skipSpace() throws IOException {
        while (isSpace(peek())) {
            read();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
