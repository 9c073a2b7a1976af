package carousel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code carousel results} on real train-am and decode output: the table holds their figures, the plots exist. */
class ResultsCommandTest {
    @Test
    void tableAndPlotsOfTwoRunsOneDecoded(@TempDir Path tmp) throws Exception {
        Path a = tmp.resolve("lstm-a"), b = tmp.resolve("rnn-b");
        for (String[] run : new String[][]{{a.toString(), "lstm", "--spec-augment", "1,4,1,5"}, {b.toString(), "rnn"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train-am", "--corpus", "data/demo-corpus", "--out", run[0], "--model", run[1],
                    "--hidden", "12", "--layers", "1", "--epochs", "2", "--jobs", "2"));
            args.addAll(java.util.List.of(run).subList(2, run.length));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, r.exit(), r.toString());
        }
        CliRun d = CliRun.of("decode", "--model", a.resolve("model").toString(), "--corpus", "data/demo-corpus", "--out", a.resolve("decode").toString());
        assertEquals(0, d.exit(), d.toString());
        String per = Files.readString(a.resolve("decode/score.txt")).replaceAll("(?s).*PER ([0-9.]+)%.*", "$1");

        CliRun r = CliRun.of("results", "--out", tmp.resolve("res").toString(), "--title", "test", a.toString(), b.toString());
        assertEquals(0, r.exit(), r.toString());
        String table = Files.readString(tmp.resolve("res/table.md"));
        String[] rows = table.lines().filter(l -> l.startsWith("| lstm-a") || l.startsWith("| rnn-b")).toArray(String[]::new);
        assertEquals(2, rows.length, table);
        assertTrue(rows[0].contains("| LSTM 1×12 |") && rows[0].contains("| 2 |") && rows[0].contains("spec-augment 1,4,1,5") && rows[0].contains("| " + per + " % |"), rows[0]);
        assertTrue(rows[1].contains("| RNN 1×12 |") && rows[1].contains("| none |") && rows[1].endsWith("| – | – | – | – | – |"), rows[1]);
        assertTrue(rows[0].endsWith("| fixed |"), "decoded without --tune: " + rows[0]);
        for (String png : new String[]{"accuracy-vs-time.png", "accuracy-vs-epoch.png"})
            assertTrue(Files.size(tmp.resolve("res").resolve(png)) > 1000, png);
    }

    /** decode's score line for a CI model and for a tied-state one (which names its states and search). */
    @Test
    void readsTheScoreLinesOfCiAndTiedStateModels(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("score.txt"), "PER 51.34% on 36 utterances (39 phones); frame accuracy 51.54% (39 phones); decoding real-time factor 0.024\n");
        assertEquals(java.util.List.of("51.34 %", "51.54 %", "–", "0.024"), java.util.List.of(ResultsCommand.decoded(tmp)));
        Files.writeString(tmp.resolve("score.txt"), "PER 55.02% on 36 utterances (39 phones) (cd (300 tied states), triphone search); "
                + "frame accuracy 49.53% (39 phones); decoding real-time factor 0.422\n");
        assertEquals(java.util.List.of("55.02 %", "49.53 %", "–", "0.422"), java.util.List.of(ResultsCommand.decoded(tmp)));
    }

    /** The acoustic scales decode --tune chose, from its tuning.txt. */
    @Test
    void readsTheChosenScalesOfTuning(@TempDir Path tmp) throws Exception {
        assertEquals("–", ResultsCommand.tuned(tmp));
        Files.writeString(tmp.resolve("tuning.txt"), "tuning on ...\nchosen for the phones: acoustic scale 0.5 (dev PER 3.40%)\n"
                + "word ac. scale dev WER %\nchosen for the words: acoustic scale 0.05 (dev WER 0.91%)\n");
        assertEquals("0.5, 0.05", ResultsCommand.tuned(tmp));
        Files.writeString(tmp.resolve("tuning.txt"), "chosen for the phones: acoustic scale 1.0 (dev PER 3.40%)\n");
        assertEquals("1.0, –", ResultsCommand.tuned(tmp));
        Files.writeString(tmp.resolve("tuning.txt"), "nothing\n");
        assertThrows(carousel.io.FormatException.class, () -> ResultsCommand.tuned(tmp));
    }

    @Test
    void aDirectoryThatIsNoRunIsOneLineAndExitTwo(@TempDir Path tmp) {
        CliRun r = CliRun.of("results", "--out", tmp.resolve("res").toString(), tmp.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("history.json") && r.err().strip().lines().count() == 1, r.err());
    }
}
