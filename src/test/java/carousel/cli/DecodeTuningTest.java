package carousel.cli;

import carousel.io.Json;
import carousel.train.Provenance;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code decode --split dev} decodes the training speakers the model held out (its provenance.json), and
 * {@code decode --tune} chooses the acoustic scales there, never on TEST, then decodes TEST with them.
 * The shipped Harvard model (trained on another corpus) on the demo corpus, given made-up provenance.
 */
class DecodeTuningTest {
    static final Path SHIPPED = Path.of("models/harvard-lstmp");
    @TempDir static Path dir;
    static Path listed, counted, none;

    @BeforeAll
    static void models() throws IOException {
        listed = copy("listed", Map.of("command", List.of("carousel", "train-am"), "corpus", Map.of(Provenance.DEV_SPEAKERS, List.of("MGOI0"))));
        // trained before provenance.json listed the speakers: train-am's rule with the command line's --dev-speakers
        counted = copy("counted", Map.of("command", List.of("carousel", "train-am", "--corpus", "c", "--dev-speakers", "2")));
        none = copy("none", null);
    }

    private static Path copy(String name, Map<String, Object> provenance) throws IOException {
        Path m = dir.resolve(name);
        Files.createDirectories(m);
        for (String f : List.of("am.json", "config.json", "model.safetensors")) Files.copy(SHIPPED.resolve(f), m.resolve(f));
        if (provenance != null) Json.write(m.resolve(Provenance.FILE), new LinkedHashMap<>(provenance));
        return m;
    }

    /** The speakers of the utterances in a hyp.txt (ids SPEAKER-SENTENCE or SPEAKER_SENTENCE). */
    private static Set<String> speakers(Path hyp) throws IOException {
        Set<String> s = new TreeSet<>();
        for (String line : Files.readAllLines(hyp)) if (!line.isBlank()) s.add(line.split("[\\s_-]", 2)[0]);
        return s;
    }

    @Test
    void devDecodesTheListedHeldOutSpeakersOnly(@TempDir Path out) throws IOException {
        CliRun r = CliRun.of("decode", "--model", listed.toString(), "--corpus", "data/demo-corpus", "--split", "dev", "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("PER ") && r.out().contains("on 8 utterances"), r.toString());
        assertEquals(Set.of("MGOI0"), speakers(out.resolve("hyp.txt")));
    }

    @Test
    void withoutAListTheRuleOfTrainAmPicksTheSameSpeakers(@TempDir Path out) throws IOException {
        CliRun r = CliRun.of("decode", "--model", counted.toString(), "--corpus", "data/demo-corpus", "--split", "dev", "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        // every 6th of the 12 sorted TRAIN speakers (AmTrainer.devSpeakers, as AcousticModelTest checks train-am records it)
        assertEquals(Set.of("FEAA0", "MGBP0"), speakers(out.resolve("hyp.txt")));
    }

    @Test
    void aModelWithoutProvenanceIsOneLine() {
        CliRun r = CliRun.of("decode", "--model", none.toString(), "--corpus", "data/demo-corpus", "--split", "dev");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("provenance.json") && r.err().strip().lines().count() == 1, r.err());
        CliRun t = CliRun.of("decode", "--model", listed.toString(), "--corpus", "data/demo-corpus", "--split", "dev", "--tune");
        assertEquals(2, t.exit(), t.toString());
        assertTrue(t.err().contains("--tune") && t.err().strip().lines().count() == 1, t.err());
    }

    /** The chosen scales are the grid's best dev rows, and TEST decoded with them is what decoding TEST at them gives. */
    @Test
    void tuneChoosesOnTheHeldOutSpeakersAndDecodesTestWithTheChoice(@TempDir Path out) throws IOException {
        String lexicon = SHIPPED.resolve("lexicon.dict").toString(), lm = SHIPPED.resolve("lm.arpa").toString();
        CliRun r = CliRun.of("decode", "--model", listed.toString(), "--corpus", "data/demo-corpus", "--out", out.toString(), "--tune",
                "--acoustic-scales", "0.1,1.0", "--words", "--lexicon", lexicon, "--word-lm", lm, "--word-acoustic-scales", "0.05,0.5");
        assertEquals(0, r.exit(), r.toString());
        String tuning = Files.readString(out.resolve("tuning.txt"));
        assertTrue(tuning.startsWith("tuning on the 1 held-out TRAIN speakers of the model (8 utterances"), tuning);
        double phones = chosen(tuning, "phones", "0.1", "1.0"), words = chosen(tuning, "words", "0.05", "0.5");

        CliRun fixed = CliRun.of("decode", "--model", listed.toString(), "--corpus", "data/demo-corpus", "--acoustic-scale", Double.toString(phones),
                "--words", "--lexicon", lexicon, "--word-lm", lm, "--word-acoustic-scale", Double.toString(words));
        assertEquals(0, fixed.exit(), fixed.toString());
        assertEquals(line(fixed.out(), "%PER"), line(r.out(), "%PER"), "TEST at the chosen phone scale");
        assertEquals(line(fixed.out(), "%WER"), line(r.out(), "%WER"), "TEST at the chosen word scale");
        assertTrue(line(r.out(), "%PER").contains("on 32 utterances"), "TEST, not the held-out speakers: " + r.out());
    }

    /** The scale of the line "chosen for the KIND: acoustic scale X (dev ER Y%)", checked to be the grid's first lowest error. */
    private static double chosen(String tuning, String kind, String... grid) {
        Matcher m = Pattern.compile("chosen for the " + kind + ": acoustic scale ([0-9.]+) \\(dev [PW]ER ([0-9.]+)%\\)").matcher(tuning);
        assertTrue(m.find(), tuning);
        List<Double> errors = new ArrayList<>();
        List<String> lines = tuning.lines().toList();
        int from = lines.indexOf(lines.stream().filter(l -> l.startsWith(kind.equals("phones") ? "acoustic scale" : "word ac. scale")).findFirst().orElseThrow());
        for (int i = 0; i < grid.length; i++) {
            String[] f = lines.get(from + 1 + i).trim().split("\\s+");
            assertEquals(Double.parseDouble(grid[i]), Double.parseDouble(f[0]), tuning);
            errors.add(Double.parseDouble(f[1]));
        }
        double best = errors.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(Double.parseDouble(grid[errors.indexOf(best)]), Double.parseDouble(m.group(1)), tuning);
        assertEquals(best, Double.parseDouble(m.group(2)), 1e-9, tuning);
        return Double.parseDouble(m.group(1));
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("(no " + prefix + " line)");
    }
}
