package carousel.cli;

import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.recognize.UntrainedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code decode} takes the HMM self-loops from the model's am.json ({@code hmm_self_loops}) and reads
 * TRAIN's alignments only for an older model that lacks them (or for the phone bigram without --lm).
 */
class DecodeSelfLoopsTest {
    @TempDir static Path dir;
    static Path withLoops, withoutLoops, testOnly, bigram;

    @BeforeAll
    static void setUp() throws IOException {
        AcousticModel am = UntrainedModels.lstmStates();
        AmConfig c = am.config();
        float[] loops = new float[c.targets().numClasses()];
        for (int i = 0; i < loops.length; i++) loops[i] = 0.55f + 0.3f * (i % 7) / 7;   // unlike anything TRAIN would give
        withLoops = save(new AcousticModel(am.network(), new AmConfig(c.features(), c.targets(), c.delay(), c.logPriors(), loops)), "loops");
        withoutLoops = save(am, "plain");
        // the demo corpus's TEST split alone: no TRAIN to estimate anything from
        testOnly = dir.resolve("test-only");
        Path src = Path.of("data/demo-corpus");
        try (Stream<Path> files = Files.walk(src.resolve("TEST"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path to = testOnly.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to); else Files.copy(p, to);
            }
        }
        CliRun r = CliRun.of("decode", "--model", withLoops.toString(), "--corpus", "data/demo-corpus", "--out", dir.resolve("first").toString());
        assertEquals(0, r.exit(), r.toString());
        bigram = dir.resolve("first/phone-bigram.arpa");
    }

    static Path save(AcousticModel am, String name) throws IOException {
        Path m = dir.resolve(name);
        Files.createDirectories(m);
        am.save(m, Map.of());
        return m;
    }

    @Test
    void theModelsSelfLoopsAreUsedAndTrainIsNotNeeded() {
        CliRun full = CliRun.of("decode", "--model", withLoops.toString(), "--corpus", "data/demo-corpus", "--lm", bigram.toString());
        CliRun alone = CliRun.of("decode", "--model", withLoops.toString(), "--corpus", testOnly.toString(), "--lm", bigram.toString());
        assertEquals(0, full.exit(), full.toString());
        assertEquals(0, alone.exit(), alone.toString());
        // with TRAIN present or absent the same HMMs, so the same hypotheses and PER
        assertEquals(perLine(full.out()), perLine(alone.out()));
    }

    @Test
    void anOlderModelWithoutSelfLoopsEstimatesThemFromTrainOrSaysWhy() {
        CliRun full = CliRun.of("decode", "--model", withoutLoops.toString(), "--corpus", "data/demo-corpus", "--lm", bigram.toString());
        assertEquals(0, full.exit(), full.toString());
        assertTrue(perLine(full.out()).startsWith("PER "), full.toString());
        CliRun alone = CliRun.of("decode", "--model", withoutLoops.toString(), "--corpus", testOnly.toString(), "--lm", bigram.toString());
        assertEquals(2, alone.exit(), alone.toString());
        assertTrue(alone.err().contains("records no HMM self-loops"), alone.toString());
        assertTrue(!alone.err().contains("\tat ") && !alone.err().contains("Exception"), "one line, no stack trace: " + alone);
    }

    private static String perLine(String out) {
        return out.lines().filter(l -> l.startsWith("PER ")).findFirst().orElse("(no PER line)").replaceAll("real-time factor [0-9.]+", "");
    }
}
