package carousel.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one reader of Carousel's line-based text files, two ways: decoded lines for the small formats
 * (transcripts, TIMIT {@code .PHN} alignments, Kaldi {@code scp}/{@code text}/{@code utt2spk} tables:
 * {@link #next()}), and raw bytes for the large ones (ARPA language models, pronouncing dictionaries,
 * training text: {@link #advance()}, then {@link #bytes()} {@code [start() .. end())}), which parse
 * fields straight from the bytes and decode to strings only what they keep. Lines end at LF; a CR
 * before it is dropped. Input is read in blocks into one growing buffer; a line longer than
 * {@link #MAX_LINE_BYTES} is refused before it is held in memory.
 *
 * <p>{@link #next()} decodes each line on its own with a {@link CharsetDecoder} that REPORTs malformed
 * and unmappable input (the charset is the format's: UTF-8, or ISO-8859-1 where a format says so), so
 * that a bad byte is reported with its file, line and byte column, e.g. {@code hyp.txt:3: byte 0xe9 at
 * column 7 is not valid UTF-8}, and never as a bare {@code MalformedInputException}. Control
 * characters other than tab (and form feed, which some tools write) are refused the same way, since
 * no format here has them. The byte-level readers decode with {@link #text()} or {@link #decode},
 * which return null for malformed bytes, so that the caller reports {@code file:line} in its own
 * exception type.
 *
 * <p>Every error is a {@link FormatException} naming the file and the line.
 */
public final class TextLines implements Closeable {

    /** Longest line accepted, in bytes (16 MiB): a longer one means a binary or corrupt file. */
    public static final int MAX_LINE_BYTES = 16 << 20;

    private final InputStream in;
    private final Path file;
    private final String source;
    private final CharsetDecoder decoder;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private int start;
    private int end;
    private int lineNumber;

    private TextLines(InputStream in, Path file, String source, Charset charset) {
        this.in = in;
        this.file = file;
        this.source = source;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /**
     * Opens a file; a missing file or a directory is refused with its name ({@link InputFiles}).
     *
     * @param what what the file is for, used in the message for a missing file (e.g. "--hyp file")
     */
    public static TextLines open(Path file, Charset charset, String what) throws IOException {
        InputFiles.requireRegularFile(file, what);
        return new TextLines(Files.newInputStream(file), file, file.toString(), charset);
    }

    /** Opens a UTF-8 file to be read line by line as bytes ({@link #advance()}). */
    public static TextLines open(Path file) throws IOException {
        return new TextLines(Files.newInputStream(file), file, file.toString(), StandardCharsets.UTF_8);
    }

    /** Reads text from a stream (closed by {@link #close()}); {@code source} names it in errors. */
    public static TextLines of(InputStream in, String source, Charset charset) {
        return new TextLines(in, null, source, charset);
    }

    /** Every line of a file, decoded strictly. */
    public static List<String> readAll(Path file, Charset charset, String what) throws IOException {
        try (TextLines lines = open(file, charset, what)) {
            List<String> out = new ArrayList<>();
            for (String l = lines.next(); l != null; l = lines.next()) out.add(l);
            return out;
        }
    }

    /** The next line decoded strictly, without its terminator, or null at the end of the input. */
    public String next() throws IOException {
        return advance() ? decodeStrict() : null;
    }

    /**
     * Advances to the next line, to be read as bytes.
     *
     * @return false at the end of the input
     * @throws FormatException when a line is longer than {@link #MAX_LINE_BYTES}
     */
    public boolean advance() throws IOException {
        while (true) {
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    return lineAt(i, i + 1);
                }
            }
            if (eof) {
                return pos < limit && lineAt(limit, limit);
            }
            fill();
        }
    }

    /** The current line is {@code [pos, lineEnd)} (a CR before lineEnd dropped); reading goes on at next. */
    private boolean lineAt(int lineEnd, int next) {
        start = pos;
        end = lineEnd > pos && buf[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
        pos = next;
        lineNumber++;
        return true;
    }

    /** Keeps the unread tail at the front of the buffer (growing it for a long line) and reads more. */
    private void fill() throws IOException {
        int tail = limit - pos;
        if (pos == 0 && limit == buf.length) {
            if (buf.length >= MAX_LINE_BYTES) {
                throw new FormatException(source, lineNumber + 1, "line longer than " + MAX_LINE_BYTES
                        + " bytes (not a text file?)");
            }
            buf = Arrays.copyOf(buf, Math.min(2 * buf.length, MAX_LINE_BYTES));
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

    private String decodeStrict() throws FormatException {
        ByteBuffer bytes = ByteBuffer.wrap(buf, start, end - start);
        CharBuffer chars = CharBuffer.allocate((int) Math.ceil((end - start) * (double) decoder.maxCharsPerByte()) + 1);
        decoder.reset();
        CoderResult r = decoder.decode(bytes, chars, true);
        if (r.isError()) {
            throw new FormatException(source, lineNumber, String.format("byte 0x%02x at column %d is not valid %s",
                    buf[bytes.position()] & 0xff, bytes.position() - start + 1, decoder.charset().name()));
        }
        r = decoder.flush(chars);
        if (r.isError()) throw new FormatException(source, lineNumber, "line ends inside a " + decoder.charset().name() + " character");
        chars.flip();
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\f') || c == 0x7f) {
                throw new FormatException(source, lineNumber, String.format("control character U+%04X at column %d", (int) c, i + 1));
            }
        }
        return chars.toString();
    }

    /** The buffer holding the current line (shared; valid until the next {@link #advance()}). */
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

    /** The current line decoded in the file's charset, or null when its bytes are malformed. */
    public String text() {
        return decode(start, end);
    }

    /** Bytes {@code [from, to)} of the current line decoded in the file's charset, or null when malformed. */
    public String decode(int from, int to) {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = buf[i] >= 0;
        }
        if (ascii) {
            return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            return decoder.reset().decode(ByteBuffer.wrap(buf, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The current line decoded leniently (malformed bytes replaced), for error messages only. */
    public String lenientText() {
        return new String(buf, start, end - start, decoder.charset());
    }

    /** The 1-based number of the current line (the one last returned; 0 before the first). */
    public int lineNumber() {
        return lineNumber;
    }

    /** The file name (or caller-chosen name) used in errors. */
    public String source() {
        return source;
    }

    /** The file being read, or null for a stream. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
