package carousel.speech.kaldi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kaldi matrices ({@code src/matrix/kaldi-matrix.cc}, {@code Matrix::Write} and {@code Matrix::Read}).
 *
 * <p>Binary: token {@code FM} (float) or {@code DM} (double) and a space, then rows and columns each as
 * {@code \4} + int32, then {@code rows * cols} little-endian values row by row. Double matrices are read
 * and rounded to float. Compressed matrices ({@code CM}, {@code CM2}, {@code CM3}) are rejected with a
 * message saying how to convert them.
 *
 * <p>Text: {@code " ["}, then for each row {@code "\n  "} and the values each followed by a space, then
 * {@code "]\n"}; an empty matrix is {@code " [ ]\n"}. On reading, rows end at a newline or {@code ;},
 * numbers may be {@code inf}, {@code -inf}, {@code nan} (Kaldi's spelling), and all rows must have the
 * same length. Values are written in Java's shortest round-trip form (so text archives are exact).
 */
final class MatrixCodec implements ValueCodec<FloatMatrix> {

    static final MatrixCodec INSTANCE = new MatrixCodec();

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int MAX_TOKEN = 8;
    private static final int MAX_NUMBER = 64;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private MatrixCodec() {
    }

    @Override
    public String typeName() {
        return "float matrix";
    }

    @Override
    public FloatMatrix readBinary(ArkInput in) throws IOException {
        long tokenStart = in.position();
        String token = readToken(in);
        int bytesPer = switch (token) {
            case "FM" -> 4;
            case "DM" -> 8;
            case "CM", "CM2", "CM3" -> throw in.errorAt(tokenStart, "compressed matrix (token " + token + ") is not supported;"
                    + " write it uncompressed, e.g. copy-feats --compress=false");
            case "FV", "DV" -> throw in.errorAt(tokenStart, "wrong type: found a vector (token " + token
                    + "), expected a matrix (FM or DM)");
            default -> throw in.errorAt(tokenStart, "bad token '" + token + "', expected FM or DM (a float or double matrix)");
        };
        int rows = in.readBasicInt32("the number of rows");
        int cols = in.readBasicInt32("the number of columns");
        if (rows < 0 || cols < 0) {
            throw in.error("negative matrix size " + rows + " x " + cols);
        }
        long count = (long) rows * cols;
        long bytes = count * bytesPer;
        if (bytes > in.remaining()) {
            throw in.error("truncated or absurd size: a " + rows + " x " + cols + " " + token + " matrix needs "
                    + bytes + " bytes, only " + in.remaining() + " are left in the file");
        }
        if (count > MAX_ELEMENTS) {
            throw in.error("matrix too large for one Java array: " + rows + " x " + cols);
        }
        float[] data = new float[(int) count];
        if (bytesPer == 4) {
            in.readFloats(data, data.length, "the matrix data");
        } else {
            in.readDoublesAsFloats(data, data.length, "the matrix data");
        }
        return new FloatMatrix(rows, cols, data);
    }

    /** Kaldi's {@code ReadToken}: non-space bytes, then one whitespace byte that is consumed. */
    private static String readToken(ArkInput in) throws IOException {
        long start = in.position();
        StringBuilder t = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw in.error("truncated: file ends inside the type token");
            }
            if (ArkInput.isSpace(c) && !t.isEmpty()) {
                return t.toString();
            }
            if (c < 0x21 || c >= 0x7f || t.length() >= MAX_TOKEN) {
                throw in.errorAt(start, (t.isEmpty() ? "expected a type token (FM or DM) after \\0B, found "
                        : "bad type token starting '" + t + "' followed by ") + ArkInput.describe(c)
                        + (t.isEmpty() && c == 4 ? " (an int32 vector?)" : ""));
            }
            t.append((char) c);
        }
    }

    @Override
    public FloatMatrix readText(ArkInput in) throws IOException {
        in.skipSpace();
        long start = in.position();
        int open = in.read();
        if (open != '[') {
            throw in.errorAt(start, "expected '[' to start a text matrix, found "
                    + (open < 0 ? "end of file" : ArkInput.describe(open)) + " (wrong type or not a matrix)");
        }
        float[] data = new float[64];
        int n = 0;
        int rows = 0;
        int cols = -1;
        int rowLength = 0;
        while (true) {
            int c = in.peek();
            if (c < 0) {
                throw in.error("truncated: file ends inside a text matrix (no closing ']')");
            }
            if (c == ']' || c == '\n' || c == ';') {
                long rowEnd = in.position();
                in.read();
                if (rowLength > 0) {
                    if (cols < 0) {
                        cols = rowLength;
                    } else if (rowLength != cols) {
                        throw in.errorAt(rowEnd, "row " + rows + " of the text matrix has " + rowLength
                                + " values, the rows before it have " + cols);
                    }
                    rows++;
                    rowLength = 0;
                }
                if (c == ']') {
                    if (in.peek() == '\r') {
                        in.read();
                    }
                    if (in.peek() == '\n') {
                        in.read();
                    }
                    break;
                }
            } else if (ArkInput.isSpace(c)) {
                in.read();
            } else {
                float v = parseNumber(in);
                if (n == MAX_ELEMENTS) {
                    throw in.error("text matrix too large for one Java array (" + n + " values)");
                }
                if (n == data.length) {
                    data = Arrays.copyOf(data, Math.toIntExact(Math.min(MAX_ELEMENTS, 2L * n)));
                }
                data[n++] = v;
                rowLength++;
            }
        }
        return new FloatMatrix(rows, Math.max(cols, 0), rows == 0 ? new float[0] : Arrays.copyOf(data, n));
    }

    private static float parseNumber(ArkInput in) throws IOException {
        long start = in.position();
        StringBuilder t = new StringBuilder();
        int c;
        while ((c = in.peek()) >= 0 && !ArkInput.isSpace(c) && c != ']' && c != ';') {
            if (t.length() >= MAX_NUMBER) {
                throw in.errorAt(start, "expected a number in the text matrix, found a run of more than " + MAX_NUMBER
                        + " characters starting '" + t.substring(0, 16) + "'");
            }
            t.append((char) in.read());
        }
        String s = t.toString();
        if (NUMBER.matcher(s).matches()) {
            return Float.parseFloat(s);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("-") || lower.startsWith("+") ? lower.substring(1) : lower;
        boolean negative = lower.startsWith("-");
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return negative ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Float.NaN;
        }
        throw in.errorAt(start, "expected a number in the text matrix, found '" + printable(s) + "'");
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x21-\\x7e]", "?");
    }

    @Override
    public void writeBinary(OutputStream out, FloatMatrix m) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(15).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0).put((byte) 'B').put((byte) 'F').put((byte) 'M').put((byte) ' ');
        head.put((byte) 4).putInt(m.rows()).put((byte) 4).putInt(m.cols());
        out.write(head.array());
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        float[] d = m.data();
        for (float v : d) {
            if (chunk.remaining() < 4) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            chunk.putFloat(v);
        }
        out.write(chunk.array(), 0, chunk.position());
    }

    @Override
    public void writeText(OutputStream out, FloatMatrix m) throws IOException {
        StringBuilder s = new StringBuilder();
        if (m.rows() == 0 || m.cols() == 0) {
            s.append(" [ ]\n");
        } else {
            s.append(" [");
            for (int r = 0; r < m.rows(); r++) {
                s.append("\n  ");
                for (int c = 0; c < m.cols(); c++) {
                    s.append(format(m.data()[r * m.cols() + c])).append(' ');
                }
                if (s.length() > 1 << 15) {
                    out.write(s.toString().getBytes(StandardCharsets.US_ASCII));
                    s.setLength(0);
                }
            }
            s.append("]\n");
        }
        out.write(s.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Shortest decimal that reads back to the same float; Kaldi's spellings for infinities and NaN. */
    static String format(float v) {
        if (Float.isNaN(v)) {
            return "nan";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = Float.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }
}
