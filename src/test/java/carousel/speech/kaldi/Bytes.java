package carousel.speech.kaldi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds byte fixtures for the archive tests by hand: every byte is spelled out by the test. */
final class Bytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Bytes of() {
        return new Bytes();
    }

    /** ASCII text. */
    Bytes s(String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
        return this;
    }

    /** Raw bytes, each given as an int 0..255. */
    Bytes b(int... bytes) {
        for (int x : bytes) {
            if (x < 0 || x > 255) {
                throw new IllegalArgumentException("not a byte: " + x);
            }
            out.write(x);
        }
        return this;
    }

    /** A whole byte array. */
    Bytes raw(byte[] bytes) {
        out.write(bytes, 0, bytes.length);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    int size() {
        return out.size();
    }
}
