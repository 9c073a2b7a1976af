package carousel.speech.kaldi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads and writes one kind of archive value in Kaldi's binary and text forms. An archive entry is
 * {@code key + ' '} followed by the value; a binary value starts with {@code \0B}.
 *
 * @param <T> the value type
 */
sealed interface ValueCodec<T> permits MatrixCodec, IntVectorCodec {

    /** What the value is, for messages ("float matrix"). */
    String typeName();

    /** Reads a binary value; {@code in} is just after the {@code \0B} header. */
    T readBinary(ArkInput in) throws IOException;

    /** Reads a text value; {@code in} is just after the space that follows the key. */
    T readText(ArkInput in) throws IOException;

    /** Writes the value in binary form, {@code \0B} header included. */
    void writeBinary(OutputStream out, T value) throws IOException;

    /** Writes the value in text form, up to and including its final newline. */
    void writeText(OutputStream out, T value) throws IOException;

    /** Reads one value at the position of {@code in}, binary or text as the first bytes say. */
    default T readValue(ArkInput in) throws IOException {
        if (in.peek() < 0) {
            throw in.error("truncated: file ends before the " + typeName());
        }
        if (in.peek() == 0) {
            in.read();
            int b = in.read();
            if (b < 0) {
                throw in.error("truncated: file ends inside the binary header \\0B");
            }
            if (b != 'B') {
                throw in.errorAt(in.position() - 1, "bad binary header: \\0 followed by " + ArkInput.describe(b) + ", expected 'B'");
            }
            return readBinary(in);
        }
        return readText(in);
    }
}
