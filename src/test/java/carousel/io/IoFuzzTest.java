package carousel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the .npy and safetensors readers: valid files mutated thousands of times
 * (bytes changed in and near the header, truncation at every offset, size fields rewritten,
 * digits of shapes and offsets changed, bytes inserted and deleted). Every read must either
 * succeed with self-consistent content or throw {@link FormatException}; any other exception or
 * error (index out of bounds, out of memory, number format) fails the test with the seed, case
 * number and mutation, so that it can be replayed.
 */
class IoFuzzTest {

    private static final long SEED = 1997;
    private static final int CASES_PER_FILE = 3000;

    /** Reads bytes and checks the result is consistent; throws FormatException for bad input. */
    private interface Reader {
        void read(byte[] bytes) throws FormatException;
    }

    private static final class Tally {
        int accepted;
        int refused;
    }

    @Test
    void npyReadersOnlyEverThrowFormatException() {
        List<byte[]> bases = List.of(
                Npy.toBytes(new NpyArray(new int[] {3, 4}, floats(12))),
                Npy.toBytes(new NpyArray(new int[0], new float[] {2.5f})),
                Npy.toBytes(new NpyIntArray(new int[] {5}, new int[] {1, -2, 3, 4, 5})),
                NpyTest.npy(2, NpyTest.dict("<i8", false, "(2, 2)"), new LittleEndianBytes().i64(1, 2, 3, 4).toArray()),
                NpyTest.npy(3, NpyTest.dict(">f4", false, "(2,)"), new LittleEndianBytes().f32BigEndian(1, 2).toArray()),
                NpyTest.npy(1, NpyTest.dict("<f8", false, "(1, 2)"), new LittleEndianBytes().f64(1, 2).toArray()));
        Reader reader = bytes -> {
            FormatException floatError = null;
            try {
                NpyArray a = Npy.readFloat(bytes, "fuzz.npy");
                assertEquals(Shapes.checkedLength(a.shape()), a.data().length);
            } catch (FormatException e) {
                floatError = e;
            }
            try {
                NpyIntArray a = Npy.readInt(bytes, "fuzz.npy");
                assertEquals(Shapes.checkedLength(a.shape()), a.data().length);
            } catch (FormatException e) {
                if (floatError != null) {
                    throw floatError;
                }
            }
        };
        fuzz(bases, reader, IoFuzzTest::npyHeaderEnd, IoFuzzTest::rewriteNpySize);
    }

    @Test
    void safeTensorsReaderOnlyEverThrowsFormatException() {
        Map<String, SafeTensor> tensors = new LinkedHashMap<>();
        tensors.put("lstm.weight_ih_l0", SafeTensor.f32(new int[] {8, 3}, floats(24)));
        tensors.put("lstm.bias_ih_l0", SafeTensor.f32(new int[] {8}, floats(8)));
        tensors.put("empty", SafeTensor.f32(new int[] {0, 2}, new float[0]));
        tensors.put("step", new SafeTensor(SafeTensorDType.I64, new int[0], new float[] {3}));
        String mixed = "{" + SafeTensorsTest.entry("h", "F16", "[2]", 0, 4) + ","
                + SafeTensorsTest.entry("d", "F64", "[1]", 4, 12) + "," + SafeTensorsTest.entry("u", "U8", "[2]", 12, 14)
                + ",\"__metadata__\":{\"k\":\"v\"}}";
        List<byte[]> bases = List.of(
                SafeTensors.toBytes(tensors, Map.of("format", "pt", "seed", "1")),
                SafeTensors.toBytes(Map.of("x", SafeTensor.f32(new int[] {2}, new float[] {1, 2})), Map.of()),
                SafeTensorsTest.st(mixed, new LittleEndianBytes().u16(0x3C00).u16(0x4000).f64(0.5).bytes(1, 2).toArray()));
        Reader reader = bytes -> {
            SafeTensorsFile f = SafeTensors.read(bytes, "fuzz.safetensors");
            for (SafeTensor t : f.tensors().values()) {
                assertEquals(Shapes.checkedLength(t.shape()), t.data().length);
            }
        };
        fuzz(bases, reader, IoFuzzTest::safeTensorsHeaderEnd, IoFuzzTest::rewriteSafeTensorsSize);
    }

    private static void fuzz(List<byte[]> bases, Reader reader, ToIntFunction<byte[]> headerEnd,
            SizeRewriter sizeRewriter) {
        Random random = new Random(SEED);
        Tally tally = new Tally();
        for (int b = 0; b < bases.size(); b++) {
            byte[] base = bases.get(b);
            check(reader, base, "base " + b + " unmutated", tally);
            for (int cut = 0; cut < base.length; cut++) {
                check(reader, Arrays.copyOf(base, cut), "base " + b + " truncated to " + cut + " bytes", tally);
            }
            int end = headerEnd.applyAsInt(base);
            for (int i = 0; i < CASES_PER_FILE; i++) {
                int kind = random.nextInt(6);
                List<String> what = new ArrayList<>();
                byte[] mutated = mutate(base, end, kind, random, sizeRewriter, what);
                check(reader, mutated, "seed " + SEED + " base " + b + " case " + i + ": " + what, tally);
            }
        }
        assertTrue(tally.accepted > 50, "some mutations still read (" + tally.accepted + ")");
        assertTrue(tally.refused > 1000, "most mutations refused (" + tally.refused + ")");
    }

    private static byte[] mutate(byte[] base, int headerEnd, int kind, Random r, SizeRewriter sizes, List<String> what) {
        byte[] m = base.clone();
        switch (kind) {
            case 0 -> { // change 1 to 4 bytes, mostly in the header
                int n = 1 + r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    int at = r.nextInt(Math.min(m.length, headerEnd + 16));
                    m[at] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) (m[at] ^ (1 << r.nextInt(8)));
                    what.add("byte " + at + " := " + (m[at] & 0xff));
                }
            }
            case 1 -> { // rewrite the size field
                long value = switch (r.nextInt(4)) {
                    case 0 -> r.nextLong();
                    case 1 -> r.nextInt(1 << 16);
                    case 2 -> headerEnd + r.nextInt(33) - 16;
                    default -> m.length + r.nextInt(9) - 4;
                };
                sizes.rewrite(m, value);
                what.add("size field := " + value);
            }
            case 2 -> { // change digits in the header (shapes, offsets)
                List<Integer> digits = new ArrayList<>();
                for (int i = 0; i < headerEnd; i++) {
                    if (m[i] >= '0' && m[i] <= '9') {
                        digits.add(i);
                    }
                }
                if (!digits.isEmpty()) {
                    int at = digits.get(r.nextInt(digits.size()));
                    m[at] = (byte) ('0' + r.nextInt(10));
                    what.add("digit at " + at + " := " + (char) m[at]);
                    if (r.nextBoolean()) {
                        m = insert(m, at, "9".repeat(1 + r.nextInt(20)));
                        what.add("nines inserted at " + at);
                    }
                }
            }
            case 3 -> { // insert a byte in the header
                int at = r.nextInt(headerEnd + 1);
                m = insert(m, at, String.valueOf((char) (32 + r.nextInt(95))));
                what.add("insert at " + at);
            }
            case 4 -> { // delete a byte in the header
                int at = r.nextInt(Math.max(1, headerEnd));
                byte[] shorter = new byte[m.length - 1];
                System.arraycopy(m, 0, shorter, 0, at);
                System.arraycopy(m, at + 1, shorter, at, m.length - at - 1);
                m = shorter;
                what.add("delete at " + at);
            }
            default -> { // append or drop data bytes
                int delta = r.nextInt(17) - 8;
                m = Arrays.copyOf(m, Math.max(0, m.length + delta));
                what.add("length " + delta);
            }
        }
        return m;
    }

    private static void check(Reader reader, byte[] bytes, String what, Tally tally) {
        try {
            reader.read(bytes);
            tally.accepted++;
        } catch (FormatException expected) {
            tally.refused++;
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
    }

    private static byte[] insert(byte[] bytes, int at, String text) {
        byte[] extra = text.getBytes(StandardCharsets.ISO_8859_1);
        byte[] result = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, result, 0, at);
        System.arraycopy(extra, 0, result, at, extra.length);
        System.arraycopy(bytes, at, result, at + extra.length, bytes.length - at);
        return result;
    }

    private interface SizeRewriter {
        void rewrite(byte[] file, long value);
    }

    private static int npyHeaderEnd(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        return file[6] == 1 ? 10 + Short.toUnsignedInt(b.getShort(8)) : 12 + b.getInt(8);
    }

    private static void rewriteNpySize(byte[] file, long value) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file[6] == 1) {
            b.putShort(8, (short) value);
        } else {
            b.putInt(8, (int) value);
        }
    }

    private static int safeTensorsHeaderEnd(byte[] file) {
        return 8 + (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    private static void rewriteSafeTensorsSize(byte[] file, long value) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value);
    }

    private static float[] floats(int n) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = i * 0.25f - 1;
        }
        return data;
    }
}
