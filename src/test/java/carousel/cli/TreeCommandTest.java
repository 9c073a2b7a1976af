package carousel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code carousel tree build|info|map} on the demo corpus, and their bad inputs. */
class TreeCommandTest {
    @TempDir Path tmp;

    @Test
    void buildInfoMap() throws Exception {
        Path tree = tmp.resolve("tree.txt");
        CliRun b = CliRun.of("tree", "build", "--corpus", "data/demo-corpus", "--num-states", "160", "--min-count", "30", "--broad-classes", "--jobs", "1", "--out", tree.toString());
        assertEquals(0, b.exit(), b.toString());
        assertTrue(b.out().contains("160 tied states"), b.out());
        assertTrue(Files.readString(tree).startsWith("carousel-context-tree 1\n"));
        CliRun i = CliRun.of("tree", "info", tree.toString());
        assertEquals(0, i.exit(), i.toString());
        assertTrue(i.out().contains("tied states: 160"), i.out());
        CliRun m = CliRun.of("tree", "map", "--tree", tree.toString(), "sil-ae+t", "#-sil+dh");
        assertEquals(0, m.exit(), m.toString());
        String[] lines = m.out().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].matches("sil-ae\\+t \\d+ \\d+ \\d+"), lines[0]);
    }

    @Test
    void badInputIsOneLine() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.txt"), "carousel-context-tree 1\nphones 2 a b\n");
        CliRun r = CliRun.of("tree", "info", bad.toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals("carousel tree info: " + bad + ": the file ends before its 'states-per-phone' line\n", r.err().replaceAll("(?m)^WARNING.*\\n", ""));
        r = CliRun.of("train-am", "--corpus", "data/demo-corpus", "--out", tmp.resolve("run").toString(), "--targets", "cd");
        assertEquals(2, r.exit(), r.toString());
        assertEquals("carousel train-am: --targets cd needs --tree FILE (from carousel tree build)\n", r.err().replaceAll("(?m)^WARNING.*\\n", ""));
    }
}
