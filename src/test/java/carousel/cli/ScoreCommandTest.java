package carousel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carousel score} on small files, on the demo corpus as reference, and its errors. */
class ScoreCommandTest {

    @TempDir
    Path tmp;

    Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void perSpeakerTable() throws IOException {
        Path ref = write("ref.txt", "A_1 h# b ae q d h#\nA_2 h# s iy h#\nB_1 h# pau ix h#\n");
        Path hyp = write("hyp.txt", "A_1 sil b ae d sil\nA_2 sil s iy sil\nB_1 sil ih sil\n");
        CliRun r = CliRun.of("score", "--ref", ref.toString(), "--hyp", hyp.toString());
        assertEquals(0, r.exit(), r.toString());
        // B_1: ref sil sil ih sil vs hyp sil ih sil: one deletion of 4
        assertTrue(r.out().lines().anyMatch(l -> l.matches("A\\s+2\\s+9\\s+100\\.00\\s+0\\.00\\s+0\\.00\\s+0\\.00\\s+0\\.00")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("B\\s+1\\s+4\\s+75\\.00\\s+0\\.00\\s+25\\.00\\s+0\\.00\\s+25\\.00")), r.out());
        assertTrue(r.out().contains("%PER 7.69 [ 1 / 13, 0 ins, 1 del, 0 sub ] on 3 utterances"), r.out());

        Path u2s = write("utt2spk", "A_1 x\nA_2 y\nB_1 y\n");
        r = CliRun.of("score", "--ref", ref.toString(), "--hyp", hyp.toString(), "--utt2spk", u2s.toString(), "--print-alignments");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("y\\s+2\\s+8\\s.*")), r.out());
        assertTrue(r.out().contains("B_1 sil->* sil ih sil"), r.out());
    }

    @Test
    void mapNoneScoresSymbolsAsTheyAre() throws IOException {
        Path ref = write("ref.txt", "A_1 h# b h#\n");
        Path hyp = write("hyp.txt", "A_1 sil b sil\n");
        CliRun r = CliRun.of("score", "--ref", ref.toString(), "--hyp", hyp.toString(), "--map", "none");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("%PER 66.67 [ 2 / 3, 0 ins, 0 del, 2 sub ]"), r.out());
    }

    @Test
    void corpusAsReference() throws IOException {
        // the first and last segments of MBLS0_SX128 are h#: "sil ... sil"; an empty hypothesis deletes them all
        Path hyp = write("hyp.txt", "MBLS0_SX128\n");
        CliRun r = CliRun.of("score", "--ref", "data/demo-corpus", "--hyp", hyp.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("MBLS0\\s+1\\s+\\d+\\s+0\\.00\\s+0\\.00\\s+100\\.00\\s+0\\.00\\s+100\\.00")), r.out());
    }

    @Test
    void helpHasAnExample() {
        CliRun r = CliRun.of("score", "--help");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Example: carousel score --ref data/demo-corpus --hyp hyp.txt --map 61-39"), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 80), r.out());
    }

    @Test
    void errorsAreOneLine() throws IOException {
        Path ref = write("ref.txt", "A_1 h# b h#\nA_2 h#\n");
        Path hyp = write("hyp.txt", "A_1 sil zz sil\n");
        CliRun r = CliRun.of("score", "--ref", ref.toString(), "--hyp", hyp.toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals("carousel score: " + hyp + ":1: unknown phone 'zz' for map 61-39\n", r.err());

        r = CliRun.of("score", "--ref", ref.toString(), "--hyp", tmp.resolve("nope.txt").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("nope.txt: --hyp file not found"), r.err());

        r = CliRun.of("score", "--ref", ref.toString(), "--hyp", hyp.toString(), "--map", "61-48");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("unknown phone map '61-48'"), r.err());

        Files.writeString(hyp, "A_1 sil b sil\n");
        r = CliRun.of("score", "--ref", ref.toString(), "--hyp", hyp.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("warning: 1 of 2 reference utterances have no hypothesis"), r.err());
    }
}
