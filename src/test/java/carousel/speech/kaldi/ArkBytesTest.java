package carousel.speech.kaldi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kaldi's byte layout, checked against fixtures spelled out byte by byte (not only round trips):
 * {@code key SP \0 B "FM " \4 rows \4 cols data} for float matrices, {@code \4 size (\4 int)*} for int
 * vectors, and the text forms Kaldi prints.
 */
class ArkBytesTest {

    @TempDir
    Path dir;

    /** [[1, 2, 0.5], [-1, 0, 4]] as a binary float matrix entry with key "utt1". */
    static final byte[] FLOAT_MATRIX_ENTRY = Bytes.of()
            .s("utt1 ").b(0x00).s("BFM ")
            .b(0x04, 0x02, 0x00, 0x00, 0x00) // rows = 2
            .b(0x04, 0x03, 0x00, 0x00, 0x00) // cols = 3
            .b(0x00, 0x00, 0x80, 0x3f)       // 1.0f  = 0x3f800000
            .b(0x00, 0x00, 0x00, 0x40)       // 2.0f  = 0x40000000
            .b(0x00, 0x00, 0x00, 0x3f)       // 0.5f  = 0x3f000000
            .b(0x00, 0x00, 0x80, 0xbf)       // -1.0f = 0xbf800000
            .b(0x00, 0x00, 0x00, 0x00)       // 0.0f
            .b(0x00, 0x00, 0x80, 0x40)       // 4.0f  = 0x40800000
            .bytes();

    static final FloatMatrix M = FloatMatrix.ofRows(new float[] {1, 2, 0.5f}, new float[] {-1, 0, 4});

    /** [7, -1, 256] as a binary int32 vector entry with key "ali1". */
    static final byte[] INT_VECTOR_ENTRY = Bytes.of()
            .s("ali1 ").b(0x00).s("B")
            .b(0x04, 0x03, 0x00, 0x00, 0x00) // size 3
            .b(0x04, 0x07, 0x00, 0x00, 0x00) // 7
            .b(0x04, 0xff, 0xff, 0xff, 0xff) // -1
            .b(0x04, 0x00, 0x01, 0x00, 0x00) // 256
            .bytes();

    private Path file(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return f;
    }

    @Test
    void binaryFloatMatrixIsWrittenByteForByte() throws IOException {
        Path ark = dir.resolve("m.ark");
        ArkWriter.writeMatrices(ark, ArkFormat.BINARY, Map.of("utt1", M));
        assertArrayEquals(FLOAT_MATRIX_ENTRY, Files.readAllBytes(ark));
    }

    @Test
    void binaryFloatMatrixIsRead() throws IOException {
        Path ark = file("m.ark", FLOAT_MATRIX_ENTRY);
        try (ArkReader<FloatMatrix> r = ArkReader.matrices(ark)) {
            ArkEntry<FloatMatrix> e = r.next();
            assertEquals("utt1", e.key());
            assertEquals(M, e.value());
            assertEquals(-1f, e.value().get(1, 0));
            assertNull(r.next());
            assertNull(r.next());
        }
    }

    @Test
    void binaryDoubleMatrixIsReadAsFloat() throws IOException {
        byte[] entry = Bytes.of().s("u ").b(0x00).s("BDM ")
                .b(0x04, 0x01, 0x00, 0x00, 0x00)
                .b(0x04, 0x02, 0x00, 0x00, 0x00)
                .b(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf8, 0x3f)  // 1.5   = 0x3ff8000000000000
                .b(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xc0)  // -2.25 = 0xc002000000000000
                .bytes();
        assertEquals(Map.of("u", FloatMatrix.ofRows(new float[] {1.5f, -2.25f})), ArkReader.readMatrices(file("d.ark", entry)));
    }

    @Test
    void binaryIntVectorIsWrittenAndReadByteForByte() throws IOException {
        Path ark = dir.resolve("a.ark");
        ArkWriter.writeIntVectors(ark, ArkFormat.BINARY, Map.of("ali1", new int[] {7, -1, 256}));
        assertArrayEquals(INT_VECTOR_ENTRY, Files.readAllBytes(ark));
        Map<String, int[]> read = ArkReader.readIntVectors(file("b.ark", INT_VECTOR_ENTRY));
        assertEquals(List.of("ali1"), List.copyOf(read.keySet()));
        assertArrayEquals(new int[] {7, -1, 256}, read.get("ali1"));
    }

    @Test
    void textFormsAreKaldis() throws IOException {
        Path m = dir.resolve("m.txt.ark");
        Map<String, FloatMatrix> ms = new LinkedHashMap<>();
        ms.put("utt1", M);
        ms.put("empty", FloatMatrix.zeros(0, 0));
        ArkWriter.writeMatrices(m, ArkFormat.TEXT, ms);
        assertEquals("utt1  [\n  1 2 0.5 \n  -1 0 4 ]\nempty  [ ]\n", Files.readString(m));
        assertEquals(ms, ArkReader.readMatrices(m));

        Path v = dir.resolve("v.txt.ark");
        Map<String, int[]> vs = new LinkedHashMap<>();
        vs.put("ali1", new int[] {7, -1, 256});
        vs.put("ali2", new int[0]);
        ArkWriter.writeIntVectors(v, ArkFormat.TEXT, vs);
        assertEquals("ali1 7 -1 256 \nali2 \n", Files.readString(v));
        Map<String, int[]> back = ArkReader.readIntVectors(v);
        assertArrayEquals(new int[] {7, -1, 256}, back.get("ali1"));
        assertArrayEquals(new int[0], back.get("ali2"));
    }

    @Test
    void textMatrixVariantsKaldiAccepts() throws IOException {
        String text = "a [ 1 2 ; 3 4 ]\r\n"
                + "b\n[\n 1e-3 -2.5E+2 .5\n +7 inf -Infinity ]\n"
                + "c []\n"
                + "d [ nan 1 ]";
        Map<String, FloatMatrix> m = ArkReader.readMatrices(file("v.ark", text.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(FloatMatrix.ofRows(new float[] {1, 2}, new float[] {3, 4}), m.get("a"));
        assertEquals(FloatMatrix.ofRows(new float[] {1e-3f, -250f, 0.5f},
                new float[] {7, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}), m.get("b"));
        assertEquals(FloatMatrix.zeros(0, 0), m.get("c"));
        assertEquals(FloatMatrix.ofRows(new float[] {Float.NaN, 1}), m.get("d"));
    }

    @Test
    void binaryAndTextEntriesMayBeMixed() throws IOException {
        byte[] mixed = Bytes.of().s("t  [\n  5 ]\n").raw(FLOAT_MATRIX_ENTRY).bytes();
        Map<String, FloatMatrix> m = ArkReader.readMatrices(file("mix.ark", mixed));
        assertEquals(List.of("t", "utt1"), List.copyOf(m.keySet()));
        assertEquals(FloatMatrix.ofRows(new float[] {5}), m.get("t"));
        assertEquals(M, m.get("utt1"));
    }

    @Test
    void scpOffsetsPointAtTheValue() throws IOException {
        Path ark = dir.resolve("f.ark");
        Path scp = dir.resolve("f.scp");
        try (ArkWriter<FloatMatrix> w = ArkWriter.matrices(ark, scp, ArkFormat.BINARY)) {
            w.write("utt1", M);
            w.write("utt2", FloatMatrix.zeros(1, 1));
        }
        int second = FLOAT_MATRIX_ENTRY.length + "utt2 ".length();
        assertEquals("utt1 " + ark + ":5\nutt2 " + ark + ":" + second + "\n", Files.readString(scp));
        byte[] all = Files.readAllBytes(ark);
        assertEquals(0, all[5]);
        assertEquals('B', all[6]);
        assertEquals(0, all[second]);
        List<ScpEntry> entries = KaldiScp.read(scp);
        assertEquals(new ScpEntry("utt2", ark, second), entries.get(1));
        assertEquals(FloatMatrix.zeros(1, 1), KaldiScp.readMatrix(entries.get(1)));
        assertEquals(M, KaldiScp.readMatrix(entries.get(0)));
    }
}
