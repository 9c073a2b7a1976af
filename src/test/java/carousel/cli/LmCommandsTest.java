package carousel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LmCommandsTest {

    @TempDir
    Path tmp;

    @Test
    void buildThenInfo() throws IOException {
        Path text = tmp.resolve("t.txt");
        Files.writeString(text, "a b\na\n");
        Path arpa = tmp.resolve("lm.arpa");
        CliRun b = CliRun.of("lm", "build", "--text", text.toString(), "--out", arpa.toString());
        assertEquals(0, b.exit(), b.toString());
        assertTrue(b.out().contains("3-gram LM (1-grams 4, 2-grams 4, 3-grams 3)"), b.toString());
        Path sentences = tmp.resolve("s.txt");
        Files.writeString(sentences, "a b\n");
        CliRun i = CliRun.of("lm", "info", arpa.toString(), "--score", sentences.toString(),
                "--lexicon", "src/test/resources/fixtures/lexicon/tiny.dict");
        assertEquals(0, i.exit(), i.toString());
        assertTrue(i.out().contains("order 3, vocabulary 4 words (no <unk>)"), i.toString());
        assertTrue(i.out().contains("LM words without a pronunciation: 2 of 4"), i.toString());
        // ln(19/24 * 7/16 * 27/32), see WittenBellEstimatorTest
        assertTrue(i.out().contains(String.format(java.util.Locale.ROOT, "%.6f", Math.log(19.0 / 24 * 7 / 16 * 27 / 32)).substring(0, 7)), i.toString());
    }

    @Test
    void badFilesGiveOneLineAndExitTwo() throws IOException {
        Path bad = tmp.resolve("bad.arpa");
        Files.writeString(bad, "\\data\\\nngram 1=2\n\n\\1-grams:\n-1 </s>\n-1 <s>\nextra\n\\end\\\n");
        CliRun r = CliRun.of("lm", "info", bad.toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals("carousel lm info: " + bad + ":7: more 1-grams than the 2 declared in \\data\\\n", r.err());
        CliRun o = CliRun.of("lm", "build", "--text", bad.toString(), "--out", tmp.resolve("x").toString(), "--order", "0");
        assertEquals(2, o.exit(), o.toString());
    }
}
