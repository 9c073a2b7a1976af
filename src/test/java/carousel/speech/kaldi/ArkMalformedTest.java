package carousel.speech.kaldi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed archive gives a KaldiFormatException naming file, key, offset and problem. */
class ArkMalformedTest {

    @TempDir
    Path dir;

    private Path file(byte[] content) throws IOException {
        Path f = dir.resolve("bad.ark");
        Files.write(f, content);
        return f;
    }

    private String matrixError(byte[] content) throws IOException {
        Path f = file(content);
        KaldiFormatException e = assertThrows(KaldiFormatException.class, () -> ArkReader.readMatrices(f));
        assertEquals(f, e.file());
        return e.getMessage();
    }

    private String vectorError(byte[] content) throws IOException {
        Path f = file(content);
        return assertThrows(KaldiFormatException.class, () -> ArkReader.readIntVectors(f)).getMessage();
    }

    private String prefix(String key, long offset) {
        return dir.resolve("bad.ark") + ": " + (key == null ? "" : "entry '" + key + "' ") + "at byte " + offset + ": ";
    }

    private static byte[] header(String key, String token, int rows, int cols) {
        return Bytes.of().s(key + " ").b(0).s("B" + token + " ")
                .b(4, rows & 0xff, (rows >>> 8) & 0xff, (rows >>> 16) & 0xff, rows >>> 24)
                .b(4, cols & 0xff, (cols >>> 8) & 0xff, (cols >>> 16) & 0xff, cols >>> 24).bytes();
    }

    @Test
    void everyTruncationOfABinaryMatrixIsReported() throws IOException {
        byte[] full = ArkBytesTest.FLOAT_MATRIX_ENTRY;
        for (int n = 1; n < full.length; n++) {
            String m = matrixError(Arrays.copyOf(full, n));
            assertTrue(m.startsWith(dir.resolve("bad.ark") + ": "), m);
            assertTrue(m.contains("truncated"), n + ": " + m);
            if (n > 5) {
                assertTrue(m.contains("entry 'utt1'"), n + ": " + m);
            }
        }
    }

    @Test
    void everyTruncationOfABinaryIntVectorIsReported() throws IOException {
        byte[] full = ArkBytesTest.INT_VECTOR_ENTRY;
        for (int n = 1; n < full.length; n++) {
            String m = vectorError(Arrays.copyOf(full, n));
            assertTrue(m.contains("truncated"), n + ": " + m);
        }
    }

    @Test
    void absurdSizesAreCaughtBeforeAllocating() throws IOException {
        assertEquals(prefix("big", 19) + "truncated or absurd size: a 1000000000 x 1000000000 FM matrix needs"
                + " 4000000000000000000 bytes, only 0 are left in the file",
                matrixError(header("big", "FM", 1_000_000_000, 1_000_000_000)));
        assertEquals(prefix("neg", 19) + "negative matrix size -5 x 3", matrixError(header("neg", "FM", -5, 3)));
        byte[] vec = Bytes.of().s("v ").b(0).s("B").b(4, 0xff, 0xff, 0xff, 0x7f).bytes();
        assertEquals(prefix("v", 9) + "truncated or absurd size: an int32 vector of 2147483647 elements needs"
                + " 10737418235 bytes, only 0 are left in the file", vectorError(vec));
    }

    @Test
    void badTokensAndWrongTypes() throws IOException {
        assertEquals(prefix("k", 4) + "bad token 'XM', expected FM or DM (a float or double matrix)",
                matrixError(header("k", "XM", 1, 1)));
        assertEquals(prefix("k", 4) + "wrong type: found a vector (token FV), expected a matrix (FM or DM)",
                matrixError(Bytes.of().s("k ").b(0).s("BFV ").b(4, 1, 0, 0, 0, 0, 0, 0, 0).bytes()));
        assertTrue(matrixError(Bytes.of().s("k ").b(0).s("BCM ").b(1, 2, 3).bytes())
                .endsWith("compressed matrix (token CM) is not supported; write it uncompressed, e.g. copy-feats --compress=false"));
        assertEquals(prefix("utt1", 7) + "wrong type: found token 'FM' (a matrix), expected an int32 vector",
                vectorError(ArkBytesTest.FLOAT_MATRIX_ENTRY));
        assertEquals(prefix("ali1", 7) + "expected a type token (FM or DM) after \\0B, found 0x04 (an int32 vector?)",
                matrixError(ArkBytesTest.INT_VECTOR_ENTRY));
        assertEquals(prefix("k", 3) + "bad binary header: \\0 followed by 0x58 ('X'), expected 'B'",
                matrixError(Bytes.of().s("k ").b(0).s("XFM ").bytes()));
        assertEquals(prefix("k", 7) + "expected the int32 marker \\4 before the number of rows, found 0x08",
                matrixError(Bytes.of().s("k ").b(0).s("BFM ").b(8, 1, 0, 0, 0, 0, 0, 0, 0).bytes()));
        assertEquals(prefix("u", 3) + "element 0 of the text int32 vector is not an int32: '[' (wrong type: a matrix?)",
                vectorError("u  [ 1 2 ]\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(prefix("u", 2) + "expected '[' to start a text matrix, found 0x31 ('1') (wrong type or not a matrix)",
                matrixError("u 1 2 3\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void malformedTextMatrices() throws IOException {
        assertEquals(prefix("r", 11) + "row 1 of the text matrix has 1 values, the rows before it have 2",
                matrixError("r [ 1 2\n 3 ]\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(prefix("r", 8) + "expected a number in the text matrix, found 'x'",
                matrixError("r [ 1 2 x ]\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(prefix("r", 8) + "truncated: file ends inside a text matrix (no closing ']')",
                matrixError("r [ 1 2 ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(prefix("r", 3) + "expected a number in the text matrix, found '0x10'",
                matrixError("r [0x10]".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void badKeys() throws IOException {
        assertEquals(prefix(null, 2) + "bad key: control byte 0x00 after 'ab' (is this a Kaldi archive?)",
                matrixError(Bytes.of().s("ab").b(0).s("BFM ").bytes()));
        assertEquals(prefix("k", 1) + "truncated: file ends right after the key", matrixError("k".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(prefix(null, 0) + "bad key: not UTF-8: '?'", matrixError(Bytes.of().b(0xff).s(" [ ]").bytes()));
        assertTrue(matrixError(new byte[ArkReader.MAX_KEY_BYTES + 10]).contains("bad key: control byte 0x00"));
        byte[] longKey = new byte[ArkReader.MAX_KEY_BYTES + 10];
        Arrays.fill(longKey, (byte) 'a');
        assertEquals(prefix(null, 0) + "bad key: more than 65536 bytes without whitespace (is this a Kaldi archive?)",
                matrixError(longKey));
    }

    @Test
    void repeatedKeysAreErrors() throws IOException {
        assertTrue(matrixError("a [ 1 ]\na [ 2 ]\n".getBytes(StandardCharsets.US_ASCII))
                .endsWith("entry 'a' at byte 16: key appears twice in the archive"));
    }

    @Test
    void scpTargetsOutsideTheFile() throws IOException {
        Path f = file(ArkBytesTest.FLOAT_MATRIX_ENTRY);
        KaldiFormatException e = assertThrows(KaldiFormatException.class,
                () -> KaldiScp.readMatrix(new ScpEntry("utt1", f, 1000)));
        assertEquals(f + ": at byte 1000: offset is outside the file (" + ArkBytesTest.FLOAT_MATRIX_ENTRY.length + " bytes)",
                e.getMessage());
        KaldiFormatException end = assertThrows(KaldiFormatException.class,
                () -> KaldiScp.readMatrix(new ScpEntry("utt1", f, ArkBytesTest.FLOAT_MATRIX_ENTRY.length)));
        assertTrue(end.getMessage().endsWith("offset is at the end of the file: no float matrix there"), end.getMessage());
        KaldiFormatException mid = assertThrows(KaldiFormatException.class, () -> KaldiScp.readMatrix(new ScpEntry("utt1", f, 2)));
        assertTrue(mid.getMessage().startsWith(f + ": entry 'utt1' at byte 2: expected '[' to start a text matrix"),
                mid.getMessage());
    }
}
