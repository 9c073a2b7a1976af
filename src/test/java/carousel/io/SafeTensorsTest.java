package carousel.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

    /** A safetensors file built field by field: u64 header size, the header as given, the data. */
    static byte[] st(String header, byte[] data) {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        LittleEndianBytes b = new LittleEndianBytes().u64(text.length);
        for (byte x : text) {
            b.bytes(x & 0xff);
        }
        for (byte x : data) {
            b.bytes(x & 0xff);
        }
        return b.toArray();
    }

    static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    private static String readError(byte[] bytes) {
        FormatException e = assertThrows(FormatException.class, () -> SafeTensors.read(bytes, "t.st"));
        assertTrue(e.getMessage().startsWith("t.st"), e.getMessage());
        return e.getMessage();
    }

    private static void assertError(String expectedPart, byte[] bytes) {
        String message = readError(bytes);
        assertTrue(message.contains(expectedPart), () -> "expected \"" + expectedPart + "\" in: " + message);
    }

    @Test
    void readsAHandBuiltFileInDataOrder() throws Exception {
        String header = "{" + entry("b", "F32", "[2]", 0, 8) + "," + entry("a", "F32", "[1,2]", 8, 16)
                + ",\"__metadata__\":{\"format\":\"pt\"}}   ";
        byte[] file = st(header, new LittleEndianBytes().f32(1, 2, 3, -4).toArray());
        SafeTensorsFile f = SafeTensors.read(file, "t.st");
        assertEquals(List.of("b", "a"), List.copyOf(f.tensors().keySet()));
        assertEquals(Map.of("format", "pt"), f.metadata());
        assertEquals(SafeTensor.f32(new int[] {2}, new float[] {1, 2}), f.tensor("b"));
        assertEquals(SafeTensor.f32(new int[] {1, 2}, new float[] {3, -4}), f.require("a", 1, 2));
    }

    @Test
    void writesTheLayoutTheSpecDescribes() {
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        tensors.put("w", SafeTensor.f32(new int[] {2, 2}, new float[] {1, 2, 3, 4}));
        tensors.put("b", SafeTensor.f32(new int[] {2}, new float[] {-1, 0.5f}));
        tensors.put("step", new SafeTensor(SafeTensorDType.I64, new int[0], new float[] {42}));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("by", "carousel");
        String json = "{\"__metadata__\":{\"by\":\"carousel\",\"format\":\"pt\"},"
                + entry("b", "F32", "[2]", 0, 8) + "," + entry("step", "I64", "[]", 8, 16) + ","
                + entry("w", "F32", "[2,2]", 16, 32) + "}";
        String padded = json + " ".repeat((8 - json.length() % 8) % 8);
        byte[] expected = st(padded, new LittleEndianBytes().f32(-1, 0.5f).i64(42).f32(1, 2, 3, 4).toArray());
        assertEquals(0, padded.length() % 8);
        assertArrayEquals(expected, SafeTensors.toBytes(tensors, metadata));
    }

    @Test
    void emptyMetadataIsLeftOut() {
        byte[] bytes = SafeTensors.toBytes(Map.of("x", SafeTensor.f32(new int[] {1}, new float[] {1})), Map.of());
        String header = new String(bytes, 8, bytes.length - 12, StandardCharsets.UTF_8);
        assertEquals("{" + entry("x", "F32", "[1]", 0, 4) + "}", header.strip());
    }

    @Test
    void roundTripsThroughFiles(@TempDir Path dir) throws Exception {
        Random random = new Random(5);
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        int[][] shapes = {{28, 5}, {28}, {}, {0, 3}, {3, 7, 2}, {40_000}};
        for (int i = 0; i < shapes.length; i++) {
            float[] data = new float[Shapes.checkedLength(shapes[i])];
            for (int j = 0; j < data.length; j++) {
                data[j] = (float) random.nextGaussian();
            }
            tensors.put("t" + (shapes.length - i), SafeTensor.f32(shapes[i], data));
        }
        tensors.put("counts", new SafeTensor(SafeTensorDType.I64, new int[] {3}, new float[] {-5, 0, 1 << 24}));
        Path file = dir.resolve("m.safetensors");
        SafeTensors.write(file, tensors, Map.of("seed", "5"));
        SafeTensorsFile f = SafeTensors.read(file);
        assertEquals(tensors, f.tensors());
        assertEquals(Map.of("seed", "5"), f.metadata());
        assertEquals(file.toString(), f.source());
        SafeTensorsHeader header = SafeTensors.readHeader(file);
        assertEquals(0, header.bufferStart() % 8);
        assertEquals(List.of("counts", "t1", "t2", "t3", "t4", "t5", "t6"), List.copyOf(header.tensors().keySet()),
                "stored sorted by name");
        assertEquals(new SafeTensorInfo(SafeTensorDType.I64, new int[] {3}, 0, 24), header.tensors().get("counts"));
        assertArrayEquals(Files.readAllBytes(file), SafeTensors.toBytes(f.tensors(), f.metadata()), "deterministic");
    }

    @Test
    void convertsOtherDtypesToFloat() throws Exception {
        String header = "{" + entry("d", "F64", "[2]", 0, 16) + "," + entry("h", "F16", "[3]", 16, 22) + ","
                + entry("bf", "BF16", "[2]", 22, 26) + "," + entry("i", "I32", "[2]", 26, 34) + ","
                + entry("l", "I64", "[1]", 34, 42) + "}";
        LittleEndianBytes data = new LittleEndianBytes().f64(0.1, -3.0)
                .u16(0x3C00).u16(0xC000).u16(0x7C00)
                .u16(0x3F80).u16(0x4049)
                .i32(-7, 1 << 20)
                .i64(-(1L << 40));
        SafeTensorsFile f = SafeTensors.read(st(header, data.toArray()), "t.st");
        assertArrayEquals(new float[] {0.1f, -3f}, f.tensor("d").data());
        assertArrayEquals(new float[] {1f, -2f, Float.POSITIVE_INFINITY}, f.tensor("h").data());
        assertArrayEquals(new float[] {1f, 3.140625f}, f.tensor("bf").data());
        assertArrayEquals(new float[] {-7f, 1 << 20}, f.tensor("i").data());
        assertArrayEquals(new float[] {-(1L << 40)}, f.tensor("l").data());
        assertEquals(SafeTensorDType.BF16, f.tensor("bf").dtype());
    }

    @Test
    void refusesBadSizeFields() {
        assertError("file of 5 bytes is too short", new byte[5]);
        assertError("header size 1099511627776 exceeds the limit of 100000000 bytes",
                new LittleEndianBytes().u64(1L << 40).bytes('{', '}').toArray());
        assertError("header size 18446744073709551615 exceeds the limit",
                new LittleEndianBytes().u64(-1L).bytes('{', '}').toArray());
        assertEquals("t.st: header size 100 runs past the end of the 10-byte file (truncated?)",
                readError(new LittleEndianBytes().u64(100).bytes('{', '}').toArray()));
        assertError("does not start with '{'", st(" {}", new byte[0]));
        assertError("does not start with '{'", st("[]", new byte[0]));
        assertError("does not start with '{'", st("", new byte[0]));
    }

    @Test
    void refusesBadHeaders() {
        byte[] eight = new byte[8];
        assertEquals("t.st header:1:2: expected a string key in object, got 'x'", readError(st("{x}", eight)));
        assertError("duplicate key \"a\"", st("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[1]", 4, 8) + "}", eight));
        assertError("tensor \"a\": unknown dtype \"F7\" (known: BOOL, U8,", st("{" + entry("a", "F7", "[2]", 0, 8) + "}", eight));
        assertError("tensor \"a\": shape (3,) of F32 needs 12 bytes but data_offsets [0, 8] span 8",
                st("{" + entry("a", "F32", "[3]", 0, 8) + "}", eight));
        assertError("tensor \"a\": data_offsets [8, 0] end before they begin", st("{" + entry("a", "F32", "[2]", 8, 0) + "}", eight));
        assertError("tensor \"a\": unknown key \"extra\"",
                st("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", eight));
        assertError("tensor \"a\": missing key \"shape\"", st("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", eight));
        assertError("shape must hold non-negative integers, got -2 at index 0", st("{" + entry("a", "F32", "[-2]", 0, 8) + "}", eight));
        assertError("shape must hold non-negative integers, got 2.0", st("{" + entry("a", "F32", "[2.0]", 0, 8) + "}", eight));
        assertError("data_offsets must be [begin, end], got 3 numbers",
                st("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]}}", eight));
        assertError("tensor \"a\": expected an object", st("{\"a\":[1]}", eight));
        assertError("__metadata__ values must be strings, got 1 for key \"n\"", st("{\"__metadata__\":{\"n\":1}}", new byte[0]));
        assertError("__metadata__ must be an object of strings", st("{\"__metadata__\":\"x\"}", new byte[0]));
        assertError("too many elements", st("{" + entry("a", "F32", "[4294967296,4294967296,4294967296]", 0, 8) + "}", eight));
        byte[] badUtf8 = st("{\"\u00e9\":1}", new byte[0]);
        badUtf8[10] = (byte) 0xff;
        assertError("header is not valid UTF-8", badUtf8);
    }

    @Test
    void requiresTheTensorsToTileTheBufferExactly() {
        byte[] twelve = new byte[12];
        assertEquals("t.st: tensor \"b\" (bytes [4, 12)) overlaps tensor \"a\" (bytes [0, 8))",
                readError(st("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", twelve)));
        assertEquals("t.st: hole in the data buffer: bytes [4, 8) before tensor \"b\" belong to no tensor",
                readError(st("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", twelve)));
        assertEquals("t.st: trailing data: 4 bytes after the last tensor belong to no tensor",
                readError(st("{" + entry("a", "F32", "[2]", 0, 8) + "}", twelve)));
        assertEquals("t.st: tensor \"a\": data_offsets [8, 16] run past the end of the 12-byte data buffer (truncated file?)",
                readError(st("{" + entry("a", "F32", "[2]", 8, 16) + "," + entry("b", "F32", "[2]", 0, 8) + "}", twelve)));
        assertError("hole in the data buffer: bytes [0, 4)", st("{" + entry("a", "F32", "[2]", 4, 12) + "}", twelve));
        assertError("run past the end", st("{" + entry("a", "F32", "[2147483647,1000]", 0, 8589934588000L) + "}", twelve));
    }

    @Test
    void emptyTensorsMayShareAnOffset() throws Exception {
        String header = "{" + entry("e1", "F32", "[0]", 4, 4) + "," + entry("a", "F32", "[1]", 0, 4) + ","
                + entry("e2", "F32", "[0,5]", 4, 4) + "}";
        SafeTensorsFile f = SafeTensors.read(st(header, new LittleEndianBytes().f32(9).toArray()), "t.st");
        assertEquals(List.of("a", "e1", "e2"), List.copyOf(f.tensors().keySet()));
        assertArrayEquals(new int[] {0, 5}, f.tensor("e2").shape());
        assertEquals(0, SafeTensors.read(st("{}", new byte[0]), "t").tensors().size());
    }

    @Test
    void refusesTypesItCannotReadAfterValidatingThem() {
        assertEquals("t.st: tensor \"m\" has dtype U8, which Carousel does not read (it reads F32, F64, F16, BF16, I32, I64)",
                readError(st("{" + entry("m", "U8", "[3]", 0, 3) + "}", new byte[3])));
        assertError("tensor \"d\": value 1.0E300 at index 0 is outside the float range",
                st("{" + entry("d", "F64", "[1]", 0, 8) + "}", new LittleEndianBytes().f64(1e300).toArray()));
        assertError("tensor \"l\": integer 9007199254740993 at index 0 cannot be represented exactly as a float",
                st("{" + entry("l", "I64", "[1]", 0, 8) + "}", new LittleEndianBytes().i64(9007199254740993L).toArray()));
    }

    @Test
    void lookupsNameTheFileAndTheTensor() throws Exception {
        SafeTensorsFile f = SafeTensors.read(st("{" + entry("w", "F32", "[2]", 0, 8) + "}", new byte[8]), "model.safetensors");
        assertEquals("model.safetensors: missing tensor \"lstm.weight_hr_l0\" (the file has: w)",
                assertThrows(FormatException.class, () -> f.tensor("lstm.weight_hr_l0")).getMessage());
        assertEquals("model.safetensors: tensor \"w\" has shape (2,), expected (28, 5)",
                assertThrows(FormatException.class, () -> f.require("w", 28, 5)).getMessage());
        assertThrows(UnsupportedOperationException.class, () -> f.tensors().clear());
    }

    @Test
    void writerRefusesWhatItCannotStore() {
        float[] one = {1};
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of("__metadata__", SafeTensor.f32(new int[] {1}, one)), Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.toBytes(Map.of("h", new SafeTensor(SafeTensorDType.F16, new int[] {1}, one)), Map.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.toBytes(
                Map.of("n", new SafeTensor(SafeTensorDType.I64, new int[] {2}, new float[] {1, 0.5f})), Map.of()));
        assertEquals("tensor \"n\" is I64 but holds 0.5 at index 1, which is not an int64 value", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SafeTensor.f32(new int[] {2, 2}, one));
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.safetensors");
        Files.write(file, st("{" + entry("a", "F32", "[2]", 0, 8) + "}", new byte[4]));
        FormatException e = assertThrows(FormatException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": tensor \"a\": data_offsets [0, 8] run past"), e.getMessage());
        Files.write(file, new byte[0]);
        assertThrows(FormatException.class, () -> SafeTensors.readHeader(file));
    }
}
