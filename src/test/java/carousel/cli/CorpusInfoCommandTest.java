package carousel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carousel corpus info} on the shipped demo corpus (numbers from its README) and on broken copies. */
class CorpusInfoCommandTest {

    static final Path DEMO = Path.of("data", "demo-corpus");

    @TempDir
    Path tmp;

    @Test
    void reportOfTheDemoCorpus() {
        CliRun r = CliRun.of("corpus", "info", DEMO.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("TRAIN\\s+96\\s+12\\s+0\\.075")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("TEST\\s+32\\s+4\\s+0\\.024")), r.out());
        assertTrue(r.out().contains("phones: 40 symbols, 3490 segments"), r.out());
        assertTrue(r.out().contains("problems: 0"), r.out());
        assertTrue(r.out().contains("done 128 of 128 utterances"), r.out());
    }

    @Test
    void jsonHoldsTheSameNumbers() throws IOException {
        CliRun r = CliRun.of("corpus", "info", "--json", DEMO.toString());
        assertEquals(0, r.exit(), r.toString());
        Map<String, Object> m = Json.parseObject(r.out(), "stdout");
        assertEquals(128L, m.get("utterances"));
        assertEquals(16L, m.get("speakers"));
        assertEquals(3490L, m.get("phone_segments"));
        assertEquals(0.0992, (Double) m.get("hours"), 1e-4);
        Map<String, Object> test = Json.getObject(Json.getObject(m, "splits", "stdout"), "TEST", "stdout");
        assertEquals(32L, test.get("utterances"));
        assertEquals(4L, test.get("speakers"));
        Map<String, Object> counts = Json.getObject(m, "phone_counts", "stdout");
        assertEquals(40, counts.size());
        assertEquals(3490L, counts.values().stream().mapToLong(v -> (Long) v).sum());
        assertEquals(List.of(), m.get("problems"));
    }

    @Test
    void problemsAreListedAndNoUsableUtteranceIsExitOne() throws IOException {
        Path corpus = FeaturesCorpusCommandTest.copySpeaker(tmp.resolve("c"), "SX128");
        Files.writeString(corpus.resolve("TEST/DR3/MBLS0/SX128.PHN"), "0 100 xyz\n");
        CliRun r = CliRun.of("corpus", "info", "--json", corpus.toString());
        assertEquals(1, r.exit(), r.toString());
        Map<String, Object> m = Json.parseObject(r.out(), "stdout");
        List<Object> problems = Json.getList(m, "problems", "stdout");
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().toString().contains("MBLS0_SX128"), problems.toString());

        Path missing = tmp.resolve("no-such-corpus");
        CliRun none = CliRun.of("corpus", "info", missing.toString());
        assertEquals(2, none.exit(), none.toString());
        assertTrue(none.err().contains(missing.toString()), none.err());
        assertEquals(2, CliRun.of("corpus", "info").exit());
    }
}
