package carousel.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    /** A .npy file built field by field: magic, version, header length, header text, data. */
    static byte[] npy(int major, String header, byte[] data) {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        LittleEndianBytes b = new LittleEndianBytes().bytes(0x93).ascii("NUMPY").bytes(major, 0);
        if (major == 1) {
            b.u16(text.length);
        } else {
            b.u32(text.length);
        }
        return new LittleEndianBytes().bytes(toInts(b.toArray())).bytes(toInts(text)).bytes(toInts(data)).toArray();
    }

    static String dict(String descr, boolean fortran, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    }

    private static int[] toInts(byte[] bytes) {
        int[] result = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            result[i] = bytes[i] & 0xff;
        }
        return result;
    }

    private static String readError(byte[] bytes) {
        FormatException e = assertThrows(FormatException.class, () -> Npy.readFloat(bytes, "t.npy"));
        assertTrue(e.getMessage().startsWith("t.npy: "), e.getMessage());
        return e.getMessage();
    }

    private static void assertError(String expectedPart, byte[] bytes) {
        String message = readError(bytes);
        assertTrue(message.contains(expectedPart), () -> "expected \"" + expectedPart + "\" in: " + message);
    }

    @Test
    void readsAHandBuiltVersion1File() throws Exception {
        String header = dict("<f4", false, "(2, 2)");
        header += " ".repeat(128 - 10 - header.length() - 1) + "\n";
        byte[] file = npy(1, header, new LittleEndianBytes().f32(1f, -2f, 0.25f, 1e-40f).toArray());
        assertEquals(128 + 16, file.length);
        NpyArray a = Npy.readFloat(file, "t.npy");
        assertArrayEquals(new int[] {2, 2}, a.shape());
        assertArrayEquals(new float[] {1f, -2f, 0.25f, 1e-40f}, a.data());
    }

    @Test
    void acceptsUnpaddedHeadersOldLongIntegersAndVersions2And3() throws Exception {
        byte[] data = new LittleEndianBytes().f32(1, 2, 3, 4, 5, 6).toArray();
        assertArrayEquals(new int[] {2, 3}, Npy.readFloat(npy(1, dict("<f4", false, "(2L, 3L)"), data), "t").shape());
        assertArrayEquals(new int[] {3, 2}, Npy.readFloat(npy(2, dict("<f4", false, "(3, 2)"), data), "t").shape());
        String v3 = "{\"descr\": \"<f4\", \"shape\": (6,), \"fortran_order\": False}\n";
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Npy.readFloat(npy(3, v3, data), "t").data());
    }

    @Test
    void convertsOtherDtypesAsAsked() throws Exception {
        byte[] be = npy(1, dict(">f4", false, "(3,)"), new LittleEndianBytes().f32BigEndian(1.5f, -2f, 3e-3f).toArray());
        assertArrayEquals(new float[] {1.5f, -2f, 3e-3f}, Npy.readFloat(be, "t").data());

        byte[] f8 = npy(1, dict("<f8", false, "(4,)"), new LittleEndianBytes()
                .f64(0.1, Double.NaN, Double.NEGATIVE_INFINITY, 1e-50).toArray());
        assertArrayEquals(new float[] {0.1f, Float.NaN, Float.NEGATIVE_INFINITY, 0f}, Npy.readFloat(f8, "t").data());

        byte[] i8 = npy(1, dict("<i8", false, "(3,)"), new LittleEndianBytes().i64(-7, 1L << 24, 2147483647).toArray());
        assertArrayEquals(new int[] {-7, 1 << 24, Integer.MAX_VALUE}, Npy.readInt(i8, "t").data());

        byte[] i4 = npy(1, dict("<i4", false, "(2, 1)"), new LittleEndianBytes().i32(-3, 16777216).toArray());
        assertArrayEquals(new float[] {-3f, 16777216f}, Npy.readFloat(i4, "t").data());
        assertArrayEquals(new int[] {-3, 16777216}, Npy.readInt(i4, "t").data());
    }

    @Test
    void refusesConversionsThatWouldChangeValues() {
        byte[] f8 = npy(1, dict("<f8", false, "(2,)"), new LittleEndianBytes().f64(1.0, 1e300).toArray());
        assertEquals("t.npy: array: value 1.0E300 at index 1 is outside the float range", readError(f8));

        byte[] i4 = npy(1, dict("<i4", false, "(1,)"), new LittleEndianBytes().i32(16777217).toArray());
        assertEquals("t.npy: array: integer 16777217 at index 0 cannot be represented exactly as a float", readError(i4));

        byte[] i8 = npy(1, dict("<i8", false, "(2,)"), new LittleEndianBytes().i64(1, 1L << 31).toArray());
        FormatException e = assertThrows(FormatException.class, () -> Npy.readInt(i8, "t.npy"));
        assertEquals("t.npy: array: value 2147483648 at index 1 is outside the int range", e.getMessage());

        byte[] f4 = npy(1, dict("<f4", false, "(1,)"), new LittleEndianBytes().f32(1).toArray());
        e = assertThrows(FormatException.class, () -> Npy.readInt(f4, "t.npy"));
        assertEquals("t.npy: expected an integer dtype ('<i4' or '<i8'), got \"<f4\"", e.getMessage());
    }

    @Test
    void writesTheLayoutTheSpecDescribes() {
        float[] data = {1f, 2f, 3f, 4f, 5f, -6f};
        byte[] file = Npy.toBytes(new NpyArray(new int[] {2, 3}, data));
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals((byte) 0x93, b.get(0));
        assertEquals("NUMPY", new String(file, 1, 5, StandardCharsets.ISO_8859_1));
        assertEquals(1, file[6], "version 1.0");
        assertEquals(0, file[7]);
        int headerLength = Short.toUnsignedInt(b.getShort(8));
        assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
        String header = new String(file, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 4 * data.length, file.length);
        for (int i = 0; i < data.length; i++) {
            assertEquals(data[i], b.getFloat(10 + headerLength + 4 * i));
        }
        byte[] ints = Npy.toBytes(new NpyIntArray(new int[] {2}, new int[] {-1, 7}));
        assertTrue(new String(ints, 10, 60, StandardCharsets.ISO_8859_1).startsWith("{'descr': '<i4',"));
        assertEquals(-1, ByteBuffer.wrap(ints).order(ByteOrder.LITTLE_ENDIAN).getInt(ints.length - 8));
    }

    @Test
    void roundTripsEveryShapeKind(@TempDir Path dir) throws Exception {
        Random random = new Random(11);
        int[][] shapes = {{}, {0}, {0, 3}, {5}, {2, 3, 4}, {1, 1, 1, 1, 1}, {3, 0, 2}, {100_003}};
        for (int[] shape : shapes) {
            float[] data = new float[Shapes.checkedLength(shape)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) random.nextGaussian();
            }
            if (data.length > 4) {
                data[0] = Float.NaN;
                data[1] = -0f;
                data[2] = Float.MIN_VALUE;
                data[3] = Float.POSITIVE_INFINITY;
            }
            NpyArray a = new NpyArray(shape, data);
            assertEquals(a, Npy.readFloat(Npy.toBytes(a), "mem"));
            Path file = dir.resolve("a.npy");
            Npy.write(file, a);
            assertEquals(a, Npy.readFloat(file));
            assertArrayEquals(shape, Npy.readHeader(file).shape());
        }
        NpyIntArray labels = new NpyIntArray(new int[] {2, 2}, new int[] {0, -1, Integer.MIN_VALUE, 61});
        Path file = dir.resolve("labels.npy");
        Npy.write(file, labels);
        assertEquals(labels, Npy.readInt(file));
        assertArrayEquals(new float[] {0, -1, Integer.MIN_VALUE, 61}, Npy.readFloat(file).data());
    }

    @Test
    void checksDataSizeAgainstShapeExactly() {
        byte[] short12 = npy(1, dict("<f4", false, "(2, 2)"), new byte[12]);
        assertEquals("t.npy: truncated data: shape (2, 2) of \"<f4\" needs 16 data bytes but 12 follow the header",
                readError(short12));
        byte[] long20 = npy(1, dict("<f4", false, "(2, 2)"), new byte[20]);
        assertEquals("t.npy: trailing data after the array: shape (2, 2) of \"<f4\" needs 16 data bytes but 20 follow"
                + " the header", readError(long20));
        assertError("truncated data", npy(1, dict("<f4", false, "(2147483647, 1000)"), new byte[8]));
        assertError("too many elements", npy(1, dict("<f4", false, "(2147483647, 2147483647)"), new byte[0]));
        assertError("too many elements", npy(1, dict("<f4", false, "(4294967296, 4294967296, 4294967296)"), new byte[0]));
        assertError("too large for a Java array", npy(1, dict("<f4", false, "(4294967296, 0)"), new byte[0]));
        assertError("negative dimension in shape (-1, 3)", npy(1, dict("<f4", false, "(-1, 3)"), new byte[0]));
        assertArrayEquals(new int[] {0, 3}, readShape(npy(1, dict("<f4", false, "(0, 3)"), new byte[0])));
    }

    private static int[] readShape(byte[] file) {
        try {
            return Npy.readFloat(file, "t").shape();
        } catch (FormatException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void refusesBadPreambles() {
        byte[] good = Npy.toBytes(new NpyArray(new int[] {1}, new float[] {1}));
        assertError("empty file", new byte[0]);
        assertError("not a .npy file", "hello world".getBytes(StandardCharsets.US_ASCII));
        assertError("not a .npy file", new byte[] {(byte) 0x93, 'N', 'U'});
        assertError("truncated .npy file of 8 bytes", Arrays.copyOf(good, 8));
        byte[] v4 = good.clone();
        v4[6] = 4;
        assertError("unsupported .npy format version 4.0", v4);
        byte[] v11 = good.clone();
        v11[7] = 1;
        assertError("unsupported .npy format version 1.1", v11);
        byte[] v2short = npy(2, "", new byte[0]);
        assertError("the header to start with '{'", v2short);
        byte[] tooLong = good.clone();
        tooLong[8] = (byte) 0xff;
        tooLong[9] = (byte) 0xff;
        assertEquals("t.npy: header length 65535 runs past the end of the 132-byte file (truncated?)", readError(tooLong));
        byte[] v3bad = npy(3, dict("<f4", false, "(1,)") + "\u00e9", new byte[4]);
        v3bad[v3bad.length - 5] = (byte) 0xff;
        assertError("not valid UTF-8", v3bad);
    }

    @Test
    void refusesBadHeaders() {
        byte[] four = new byte[4];
        assertError("lacks the key \"shape\"", npy(1, "{'descr': '<f4', 'fortran_order': False}", four));
        assertError("unexpected key \"extra\"", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1}", four));
        assertError("duplicate key \"descr\"", npy(1, "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", four));
        assertError("unsupported dtype \"<f2\" (supported: '<f4', '<f8', '<i4', '<i8' and their big-endian '>' forms)",
                npy(1, dict("<f2", false, "(1,)"), four));
        assertError("unsupported dtype \"|b1\"", npy(1, dict("|b1", false, "(1,)"), four));
        assertError("unsupported dtype \"=f4\"", npy(1, dict("=f4", false, "(1,)"), four));
        assertError("structured dtypes", npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}", four));
        assertError("descr must be a string", npy(1, "{'descr': 4, 'fortran_order': False, 'shape': (1,)}", four));
        assertError("fortran_order must be True or False", npy(1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", four));
        assertError("shape must be a tuple", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': 1}", four));
        assertError("one-element tuple needs a trailing comma", npy(1, dict("<f4", false, "(1)"), four));
        assertError("expected ',' or '}'", npy(1, "{'descr': '<f4' 'fortran_order': False, 'shape': (1,)}", four));
        assertError("unexpected text after the closing '}'", npy(1, dict("<f4", false, "(1,)") + " x", four));
        assertError("unterminated string", npy(1, "{'descr: ", four));
        assertError("integer 12345678901234567890 is too large", npy(1, dict("<f4", false, "(12345678901234567890,)"), four));
    }

    @Test
    void fortranOrderIsRefusedExceptWhereItMakesNoDifference() throws Exception {
        String message = readError(npy(1, dict("<f4", true, "(2, 2)"), new byte[16]));
        assertTrue(message.startsWith("t.npy: Fortran order not supported"), message);
        assertArrayEquals(new float[] {1, 2}, Npy.readFloat(npy(1, dict("<f4", true, "(2,)"),
                new LittleEndianBytes().f32(1, 2).toArray()), "t").data());
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.npy");
        Files.write(file, npy(1, dict("<f4", false, "(3,)"), new byte[8]));
        FormatException e = assertThrows(FormatException.class, () -> Npy.readFloat(file));
        assertEquals(file.toString(), e.source());
        assertTrue(e.getMessage().startsWith(file + ": truncated data"), e.getMessage());
        NpyHeader header = Npy.readHeader(file);
        assertEquals("<f4", header.descr());
        assertFalse(header.fortranOrder());
        assertEquals(1, header.majorVersion());
    }

    @Test
    void recordsCheckTheirShape() {
        assertThrows(IllegalArgumentException.class, () -> new NpyArray(new int[] {2, 2}, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> new NpyIntArray(new int[] {-1}, new int[0]));
        int[] shape = {2};
        NpyArray a = new NpyArray(shape, new float[2]);
        shape[0] = 9;
        a.shape()[0] = 9;
        assertArrayEquals(new int[] {2}, a.shape(), "shape is copied in and out");
        assertEquals(0, new NpyArray(new int[0], new float[1]).rank());
    }
}
