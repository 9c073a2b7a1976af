package carousel.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(rows[1].contains("| RNN 1×12 |") && rows[1].contains("| none |") && rows[1].endsWith("| – | – | – | – |"), rows[1]);
        for (String png : new String[]{"accuracy-vs-time.png", "accuracy-vs-epoch.png"})
            assertTrue(Files.size(tmp.resolve("res").resolve(png)) > 1000, png);
    }

    @Test
    void aDirectoryThatIsNoRunIsOneLineAndExitTwo(@TempDir Path tmp) {
        CliRun r = CliRun.of("results", "--out", tmp.resolve("res").toString(), tmp.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("history.json") && r.err().strip().lines().count() == 1, r.err());
    }
}
