package carousel.speech.kaldi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Kaldi int32 vectors as stored in archives of alignments ({@code ali-to-pdf}, {@code copy-int-vector};
 * Kaldi's {@code BasicVectorHolder<int32>} in {@code src/util/kaldi-holder-inl.h}).
 *
 * <p>Binary: the size as {@code \4} + int32, then every element as {@code \4} + int32 (little-endian).
 * Text: the elements separated by spaces on one line, each followed by a space: {@code "1 2 3 \n"}.
 */
final class IntVectorCodec implements ValueCodec<int[]> {

    static final IntVectorCodec INSTANCE = new IntVectorCodec();

    /** Longest text token read as one number: an int32 has at most 11 characters with its sign. */
    private static final int MAX_NUMBER = 20;

    private IntVectorCodec() {
    }

    @Override
    public String typeName() {
        return "int32 vector";
    }

    @Override
    public int[] readBinary(ArkInput in) throws IOException {
        int first = in.peek();
        if (first >= 'A' && first <= 'Z') {
            long start = in.position();
            StringBuilder t = new StringBuilder();
            int c;
            while (t.length() < 8 && (c = in.peek()) >= 0x21 && c < 0x7f) {
                t.append((char) in.read());
            }
            throw in.errorAt(start, "wrong type: found token '" + t + "'" + (t.toString().endsWith("M") ? " (a matrix)" : "")
                    + ", expected an int32 vector");
        }
        int size = in.readBasicInt32("the vector size");
        if (size < 0) {
            throw in.error("negative vector size " + size);
        }
        long bytes = 5L * size;
        if (bytes > in.remaining()) {
            throw in.error("truncated or absurd size: an int32 vector of " + size + " elements needs " + bytes
                    + " bytes, only " + in.remaining() + " are left in the file");
        }
        int[] v = new int[size];
        for (int i = 0; i < size; i++) {
            v[i] = in.readBasicInt32("element " + i + " of " + size);
        }
        return v;
    }

    @Override
    public int[] readText(ArkInput in) throws IOException {
        int[] v = new int[16];
        int n = 0;
        while (true) {
            int c = in.peek();
            if (c < 0) {
                break;
            }
            if (c == '\n') {
                in.read();
                break;
            }
            if (ArkInput.isSpace(c)) {
                in.read();
                continue;
            }
            long start = in.position();
            StringBuilder t = new StringBuilder();
            while ((c = in.peek()) >= 0 && !ArkInput.isSpace(c) && t.length() <= MAX_NUMBER) {
                t.append((char) in.read());
            }
            String f = t.toString();
            int value;
            try {
                value = Integer.parseInt(f);
            } catch (NumberFormatException e) {
                throw in.errorAt(start, "element " + n + " of the text int32 vector is not an int32: '"
                        + f.replaceAll("[^\\x21-\\x7e]", "?") + "'" + (f.startsWith("[") ? " (wrong type: a matrix?)" : ""));
            }
            if (n == v.length) {
                v = Arrays.copyOf(v, 2 * n);
            }
            v[n++] = value;
        }
        return Arrays.copyOf(v, n);
    }

    @Override
    public void writeBinary(OutputStream out, int[] v) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2 + 5 + 5 * Math.min(v.length, 1 << 14)).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) 'B').put((byte) 4).putInt(v.length);
        for (int x : v) {
            if (b.remaining() < 5) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
            b.put((byte) 4).putInt(x);
        }
        out.write(b.array(), 0, b.position());
    }

    @Override
    public void writeText(OutputStream out, int[] v) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int x : v) {
            s.append(x).append(' ');
        }
        s.append('\n');
        out.write(s.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
