package carousel.speech.kaldi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** Write then read back, sequentially and through the scp index in shuffled order: values come back bit-identical. */
class ArkRoundTripTest {

    @TempDir
    Path dir;

    static final float[] SPECIAL = {0f, -0f, 1f, -1f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
            Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, 1e-20f, 123456.79f, 0.1f, (float) Math.PI};

    static Map<String, FloatMatrix> randomMatrices(Random rnd, int count) {
        Map<String, FloatMatrix> m = new LinkedHashMap<>();
        m.put("empty", FloatMatrix.zeros(0, 0));
        m.put("special", new FloatMatrix(1, SPECIAL.length, SPECIAL.clone()));
        for (int i = 0; i < count; i++) {
            int rows = 1 + rnd.nextInt(300);
            int cols = 1 + rnd.nextInt(40);
            float[] d = new float[rows * cols];
            for (int j = 0; j < d.length; j++) {
                d[j] = rnd.nextInt(10) == 0 ? Float.intBitsToFloat(rnd.nextInt()) : (float) rnd.nextGaussian() * 10;
            }
            m.put("spk" + i + "_utt-" + rnd.nextInt(1000), new FloatMatrix(rows, cols, d));
        }
        return m;
    }

    static Map<String, int[]> randomVectors(Random rnd, int count) {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put("empty", new int[0]);
        m.put("extremes", new int[] {Integer.MIN_VALUE, -1, 0, 1, Integer.MAX_VALUE});
        for (int i = 0; i < count; i++) {
            int[] v = new int[rnd.nextInt(2000)];
            for (int j = 0; j < v.length; j++) {
                v[j] = rnd.nextInt(5) == 0 ? rnd.nextInt() : rnd.nextInt(144);
            }
            m.put("u" + i, v);
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(ArkFormat.class)
    void matricesRoundTrip(ArkFormat format) throws IOException {
        Map<String, FloatMatrix> m = randomMatrices(new Random(7), 25);
        Path ark = dir.resolve("feats.ark");
        Path scp = dir.resolve("feats.scp");
        try (ArkWriter<FloatMatrix> w = ArkWriter.matrices(ark, scp, format)) {
            for (Map.Entry<String, FloatMatrix> e : m.entrySet()) {
                w.write(e.getKey(), e.getValue());
            }
        }
        Map<String, FloatMatrix> back = ArkReader.readMatrices(ark);
        assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()));
        assertEquals(m, back);
        List<ScpEntry> entries = new ArrayList<>(KaldiScp.read(scp));
        assertEquals(m.size(), entries.size());
        Collections.shuffle(entries, new Random(3));
        for (ScpEntry e : entries) {
            assertEquals(m.get(e.key()), KaldiScp.readMatrix(e), e.key());
        }
    }

    @ParameterizedTest
    @EnumSource(ArkFormat.class)
    void intVectorsRoundTrip(ArkFormat format) throws IOException {
        Map<String, int[]> m = randomVectors(new Random(11), 30);
        Path ark = dir.resolve("ali.ark");
        Path scp = dir.resolve("ali.scp");
        try (ArkWriter<int[]> w = ArkWriter.intVectors(ark, scp, format)) {
            for (Map.Entry<String, int[]> e : m.entrySet()) {
                w.write(e.getKey(), e.getValue());
            }
        }
        Map<String, int[]> back = ArkReader.readIntVectors(ark);
        assertEquals(List.copyOf(m.keySet()), List.copyOf(back.keySet()));
        for (String k : m.keySet()) {
            assertArrayEquals(m.get(k), back.get(k), k);
        }
        List<ScpEntry> entries = new ArrayList<>(KaldiScp.read(scp));
        Collections.shuffle(entries, new Random(5));
        for (ScpEntry e : entries) {
            assertArrayEquals(m.get(e.key()), KaldiScp.readIntVector(e), e.key());
        }
    }
}
