package carousel.cli;

import carousel.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code lag-tasks run --run-dir}: a run killed with SIGKILL after checkpoints and started again ends
 * with the result and the weights of an uninterrupted run; a finished run started again prints its
 * table and changes nothing; other settings are refused with the differences listed.
 */
class LagTasksRunDirTest {
    static String[] args(Path dir, String... more) {
        List<String> a = new ArrayList<>(List.of("lag-tasks", "run", "--task", "adding", "--seq-length", "20", "--method", "lstm1997",
                "--trials", "1", "--budget", "40000", "--seed", "3", "--heartbeat", "0", "--threads", "1",
                "--run-dir", dir.toString(), "--checkpoint-every", "2000"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** result.json without the seconds spent. */
    static Map<String, Object> result(Path run) throws Exception {
        Map<String, Object> m = new java.util.TreeMap<>(Json.readObject(run.resolve("trial-001/result.json")));
        m.remove("seconds");
        return m;
    }

    @Test
    void killedAndResumedEndsAsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        TrainingStateTest.Child w = new TrainingStateTest.Child(args(whole));
        assertEquals(0, w.finish(), w.toString());
        int kills = 0;
        for (int k = 0; k < 2; k++) {
            TrainingStateTest.Child c = new TrainingStateTest.Child(args(killed));
            Path latest = killed.resolve("trial-001/latest");
            String before = Files.exists(latest) ? Files.readString(latest) : "";
            while (c.process.isAlive() && (!Files.exists(latest) || Files.readString(latest).equals(before))) Thread.sleep(2);
            if (c.process.isAlive()) {
                c.process.destroyForcibly();   // SIGKILL, just after a new checkpoint
                kills++;
            }
            c.process.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(kills >= 1, "no kill landed");
        TrainingStateTest.Child last = new TrainingStateTest.Child(args(killed));
        assertEquals(0, last.finish(), last.toString());
        assertTrue(last.toString().contains("resumed at"), last.toString());
        assertEquals(result(whole), result(killed));
        Path a = carousel.train.Checkpoint.latest(whole.resolve("trial-001")), b = carousel.train.Checkpoint.latest(killed.resolve("trial-001"));
        assertEquals(a.getFileName(), b.getFileName());
        assertArrayEquals(Files.readAllBytes(a.resolve("learner.json")), Files.readAllBytes(b.resolve("learner.json")), "weights after " + kills + " kill(s)");
    }

    @Test
    void aFinishedRunPrintsItsTableAndChangesNothing(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        String[] a = {"lag-tasks", "run", "--task", "2a", "--p", "5", "--method", "lstm", "--trials", "2", "--budget", "600", "--eval-every", "200",
                "--heartbeat", "0", "--run-dir", dir.toString(), "--checkpoint-every", "300"};
        CliRun first = CliRun.of(a);
        assertEquals(0, first.exit(), first.toString());
        Map<String, byte[]> files = TrainingStateTest.files(dir);
        CliRun again = CliRun.of(a);
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("holds a finished run"), again.toString());
        String table = first.out().substring(first.out().indexOf("task    "));
        assertTrue(again.out().endsWith(table), again.toString());
        TrainingStateTest.assertSameFiles(files, TrainingStateTest.files(dir), "a finished run started again");

        List<String> other = new ArrayList<>(List.of(a));
        other.addAll(List.of("--lr", "0.01"));
        CliRun refused = CliRun.of(other.toArray(String[]::new));
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("other settings") && refused.err().contains("lr 0.003") && refused.err().contains("lr 0.01"), refused.toString());
        TrainingStateTest.assertSameFiles(files, TrainingStateTest.files(dir), "a refused run");
    }
}
