package carousel.speech.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the fixtures made by {@code tools/make-feature-fixtures.py} from the test classpath
 * ({@code src/test/resources/fixtures/features/}). A missing fixture fails the test; nothing is skipped.
 */
final class FeatureFixtures {
    static final String DIR = "/fixtures/features/";

    /** One line of cases.txt. */
    record Case(String name, String kind, String input, int numFrames, int dim, List<String> options) {
        @Override
        public String toString() {
            return name;
        }
    }

    private FeatureFixtures() {
    }

    static byte[] bytes(String fileName) {
        try (InputStream in = FeatureFixtures.class.getResourceAsStream(DIR + fileName)) {
            assertNotNull(in, "fixture " + DIR + fileName + " is missing; run tools/make-feature-fixtures.py");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String line : new String(bytes("cases.txt"), StandardCharsets.UTF_8).split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+");
            out.add(new Case(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                    List.of(Arrays.copyOfRange(f, 5, f.length))));
        }
        return out;
    }

    static List<Case> cases(String kind) {
        return cases().stream().filter(c -> c.kind().equals(kind)).toList();
    }

    /** A (numFrames, dim) row-major little-endian float32 matrix. */
    static FeatureMatrix matrix(String fileName, int numFrames, int dim) {
        byte[] b = bytes(fileName);
        assertEquals((long) numFrames * dim * 4, b.length, fileName + " has the wrong size");
        float[] data = new float[numFrames * dim];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new FeatureMatrix(numFrames, dim, data);
    }
}
