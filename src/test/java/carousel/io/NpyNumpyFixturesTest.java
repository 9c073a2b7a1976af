package carousel.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the .npy reader and writer against files written by real NumPy (1.24, by
 * tools/make-io-fixtures.py), described in fixtures/io/manifest.json.
 */
class NpyNumpyFixturesTest {

    private static final String DIR = "fixtures/io/";

    private static Map<String, Object> manifestFiles() throws Exception {
        Map<String, Object> manifest = Json.readObject(Fixtures.path(DIR + "manifest.json"));
        return Json.getObject(manifest, "files", "manifest.json");
    }

    @Test
    void readsEveryNumpyFileAsNumpyDescribesIt() throws Exception {
        Map<String, Object> files = manifestFiles();
        assertTrue(files.size() >= 10, "manifest lists the fixtures");
        int read = 0;
        for (String name : files.keySet()) {
            Map<String, Object> entry = Json.getObject(files, name, "manifest.json");
            Path file = Fixtures.path(DIR + name);
            int[] shape = Json.getIntArray(entry, "shape", name);
            NpyHeader header = Npy.readHeader(file);
            assertEquals(Json.getString(entry, "descr", name), header.descr(), name);
            assertArrayEquals(shape, header.shape(), name);
            assertEquals(Json.getIntArray(entry, "version", name)[0], header.majorVersion(), name);
            if (Json.getBoolean(entry, "fortran_order", name)) {
                FormatException e = assertThrows(FormatException.class, () -> Npy.readFloat(file), name);
                assertTrue(e.getMessage().contains("Fortran order not supported"), e.getMessage());
                continue;
            }
            List<Object> values = Json.getList(entry, "values", name);
            if (header.descr().contains("i")) {
                NpyIntArray ints = Npy.readInt(file);
                assertArrayEquals(shape, ints.shape(), name);
                for (int i = 0; i < values.size(); i++) {
                    assertEquals(((Number) values.get(i)).longValue(), ints.data()[i], name);
                }
                if (!values.stream().allMatch(v -> (long) (float) (Long) v == (Long) v)) {
                    FormatException e = assertThrows(FormatException.class, () -> Npy.readFloat(file), name);
                    assertTrue(e.getMessage().contains("cannot be represented exactly as a float"), e.getMessage());
                    read++;
                    continue;
                }
            }
            NpyArray a = Npy.readFloat(file);
            assertArrayEquals(shape, a.shape(), name);
            assertEquals(values.size(), a.data().length, name);
            for (int i = 0; i < values.size(); i++) {
                float expected = ((Number) values.get(i)).floatValue();
                assertEquals(expected, a.data()[i], () -> name + " element");
            }
            read++;
        }
        assertEquals(files.size() - 1, read, "all but the Fortran-order file read");
    }

    @Test
    void writesTheSameBytesAsNumpySave() throws Exception {
        for (String name : List.of("f4_2x3.npy", "scalar_f4.npy", "empty_0x3.npy", "f4_2x3x4.npy")) {
            Path file = Fixtures.path(DIR + name);
            assertArrayEquals(Files.readAllBytes(file), Npy.toBytes(Npy.readFloat(file)), name);
        }
        Path ints = Fixtures.path(DIR + "i4_2x2.npy");
        assertArrayEquals(Files.readAllBytes(ints), Npy.toBytes(Npy.readInt(ints)));
    }

    @Test
    void convertsNumpyFloat64AndInt64() throws Exception {
        assertArrayEquals(new float[] {0.1f, -2.5f, 1e10f, 3f}, Npy.readFloat(Fixtures.path(DIR + "f8_4.npy")).data());
        assertArrayEquals(new int[] {0, -1, 1 << 24, 7, -123456}, Npy.readInt(Fixtures.path(DIR + "i8_5.npy")).data());
        assertArrayEquals(new int[0], Npy.readFloat(Fixtures.path(DIR + "scalar_f4.npy")).shape());
        assertEquals(3, Npy.readHeader(Fixtures.path(DIR + "v3_f4_3.npy")).majorVersion());
    }
}
