package carousel.tensor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only {@code carousel.tensor} uses the Vector API (issue 16), and nothing uses the Vector API's
 * transcendental operators or {@code reduceLanes}, whose results depend on the JIT tier (issue 15):
 * exp, σ, tanh and lane sums go through {@link FloatMath}.
 */
class VectorApiConfinementTest {
    @Test
    void vectorApiOnlyInTensorAndNoTierDependentOperators() throws IOException {
        Path main = Path.of("src", "main", "java");
        List<Path> sources;
        try (Stream<Path> s = Files.walk(main)) { sources = s.filter(p -> p.toString().endsWith(".java")).toList(); }
        assertTrue(sources.size() > 100, "found the main sources: " + sources.size());
        List<String> outside = new java.util.ArrayList<>(), tierDependent = new java.util.ArrayList<>();
        for (Path p : sources) {
            String text = Files.readString(p);
            if (text.contains("jdk.incubator.vector") && !main.relativize(p).startsWith(Path.of("carousel", "tensor"))) outside.add(p.toString());
            for (String op : new String[]{"reduceLanes(", "VectorOperators.EXP", "VectorOperators.TANH", "VectorOperators.LOG", "VectorOperators.SIN",
                    "VectorOperators.COS", "VectorOperators.POW", "VectorOperators.EXPM1", "VectorOperators.LOG1P", "VectorOperators.HYPOT"})
                if (text.contains(op)) tierDependent.add(p + ": " + op);
        }
        assertEquals(List.of(), outside, "files outside carousel.tensor importing jdk.incubator.vector");
        assertEquals(List.of(), tierDependent, "tier-dependent Vector API operations");
    }
}
