package carousel.io;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one strict reader of Carousel's line-based text files (ARPA language models, transcripts,
 * TIMIT {@code .PHN} alignments, Kaldi {@code scp}/{@code text}/{@code utt2spk} tables). Lines end at
 * LF; a CR before it is dropped. Each line is decoded on its own with a {@link CharsetDecoder} that
 * REPORTs malformed and unmappable input (the charset is the format's: UTF-8, or ISO-8859-1 where a
 * format says so), so that a bad byte is reported with its file, line and byte column, e.g.
 * {@code hyp.txt:3: byte 0xe9 at column 7 is not valid UTF-8}, and never as a bare
 * {@code MalformedInputException}. Control characters other than tab (and form feed, which some
 * tools write) are refused the same way, since no format here has them; a line longer than
 * {@link #MAX_LINE_BYTES} is refused before it is held in memory.
 *
 * <p>Every error is a {@link FormatException} naming the file and the line.
 */
public final class TextLines implements Closeable {

    /** Longest line accepted, in bytes (16 MiB). */
    public static final int MAX_LINE_BYTES = 16 << 20;

    private final InputStream in;
    private final String source;
    private final CharsetDecoder decoder;
    private byte[] buf = new byte[256];
    private int lineNumber;

    private TextLines(InputStream in, String source, Charset charset) {
        this.in = in;
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
        return new TextLines(new BufferedInputStream(Files.newInputStream(file), 1 << 16), file.toString(), charset);
    }

    /** Reads text from a stream (closed by {@link #close()}); {@code source} names it in errors. */
    public static TextLines of(InputStream in, String source, Charset charset) {
        return new TextLines(in instanceof BufferedInputStream ? in : new BufferedInputStream(in), source, charset);
    }

    /** Every line of a file, decoded strictly. */
    public static List<String> readAll(Path file, Charset charset, String what) throws IOException {
        try (TextLines lines = open(file, charset, what)) {
            List<String> out = new ArrayList<>();
            for (String l = lines.next(); l != null; l = lines.next()) out.add(l);
            return out;
        }
    }

    /** The next line without its terminator, or null at the end of the input. */
    public String next() throws IOException {
        int n = 0;
        int b;
        boolean any = false;
        while ((b = in.read()) != -1) {
            any = true;
            if (b == '\n') break;
            if (n == buf.length) {
                if (n >= MAX_LINE_BYTES) throw new FormatException(source, lineNumber + 1, "line longer than " + MAX_LINE_BYTES + " bytes");
                buf = Arrays.copyOf(buf, Math.min(2 * n, MAX_LINE_BYTES));
            }
            buf[n++] = (byte) b;
        }
        if (!any) return null;
        lineNumber++;
        if (n > 0 && buf[n - 1] == '\r') n--;
        return decode(n);
    }

    private String decode(int n) throws FormatException {
        ByteBuffer bytes = ByteBuffer.wrap(buf, 0, n);
        CharBuffer chars = CharBuffer.allocate((int) Math.ceil(n * (double) decoder.maxCharsPerByte()) + 1);
        decoder.reset();
        CoderResult r = decoder.decode(bytes, chars, true);
        if (r.isError()) {
            throw new FormatException(source, lineNumber, String.format("byte 0x%02x at column %d is not valid %s",
                    buf[bytes.position()] & 0xff, bytes.position() + 1, decoder.charset().name()));
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

    /** The 1-based number of the line last returned (0 before the first). */
    public int lineNumber() {
        return lineNumber;
    }

    /** The file name (or caller-chosen name) used in errors. */
    public String source() {
        return source;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
