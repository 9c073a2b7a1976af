package carousel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carousel score --words}: sclite's counts (see WordScoringTest for the hand computation). */
class ScoreWordsCommandTest {

    static final String REF = "src/test/resources/fixtures/score/ref.trn";
    static final String HYP = "src/test/resources/fixtures/score/hyp.trn";

    @TempDir
    Path tmp;

    @Test
    void trnFilesScoredAndWritten() throws IOException {
        Path vocab = tmp.resolve("vocab.txt");
        Files.writeString(vocab, "the\ncat\nsat\non\nmat\na\nb\nOK\nhello\ngood\nyes\n");
        String prefix = tmp.resolve("out").toString();
        CliRun r = CliRun.of("score", "--words", "--ignore-case", "--format", "trn", "--ref", REF, "--hyp", HYP,
                "--vocab", vocab.toString(), "--write-trn", prefix);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("word error rate, case-insensitive, sclite costs 4/3/3\n"), r.out());
        assertTrue(r.out().contains("%WER 57.14 [ 8 / 14, 3 ins, 4 del, 1 sub ]\n%SER 83.33 [ 5 / 6 ]\n"), r.out());
        assertTrue(r.out().contains("OOV 14.29% [ 2 / 14 reference words, 2 distinct ]: morning world"), r.out());
        assertEquals(Files.readString(Path.of(REF)).lines().toList(), Files.readAllLines(Path.of(prefix + ".ref.trn")).stream()
                .map(String::strip).toList());
        CliRun again = CliRun.of("score", "--words", "--ignore-case", "--format", "trn", "--ref", prefix + ".ref.trn",
                "--hyp", prefix + ".hyp.trn");
        assertTrue(again.out().contains("%WER 57.14 [ 8 / 14, 3 ins, 4 del, 1 sub ]"), again.toString());
    }

    @Test
    void corpusWordAlignmentsAreReferences() throws IOException {
        Path hyp = tmp.resolve("hyp.txt");
        Files.writeString(hyp, "FHIV0_SX101 oak is strong and gives shade\n");
        CliRun r = CliRun.of("score", "--words", "--ref", "data/demo-corpus", "--hyp", hyp.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("%WER 14.29 [ 1 / 7, 0 ins, 1 del, 0 sub ]"), r.out());
    }

    @Test
    void badTrnLineNamesFileAndLine() throws IOException {
        Path bad = tmp.resolve("bad.trn");
        Files.writeString(bad, "a b (x-1)\nc d\n");
        CliRun r = CliRun.of("score", "--words", "--format", "trn", "--ref", bad.toString(), "--hyp", HYP);
        assertTrue(r.err().contains(bad + ":2: expected 'word ... (speaker-utterance)', got 'c d'"), r.toString());
        CliRun w = CliRun.of("score", "--ignore-case", "--ref", REF, "--hyp", HYP);
        assertEquals(2, w.exit(), w.toString());
    }
}
