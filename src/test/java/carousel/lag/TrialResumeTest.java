package carousel.lag;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A trial stopped after a checkpoint and resumed ends exactly as an uninterrupted one: the same
 * result and the same weights (and optimizer state) bit for bit, for an online learner (lstm1997,
 * and its sequential construction on 2a) and a BPTT one (lstm, Adam), on fixed sets (2a), a test-set rule (2b) and
 * a training-window rule (adding). An ended trial is taken as recorded and its files stay as they were.
 */
class TrialResumeTest {
    static LagExperiment.Config config(LagTask task, String method, Preset preset, long budget) {
        return new LagExperiment.Config(task, method, preset, 2, budget, 7, 200, 2, 0, 50);
    }

    /** The state files of each trial's final checkpoint (trial.json left out: it holds the seconds spent). */
    static Map<String, byte[]> finalStates(Path run, int trials) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        for (int i = 0; i < trials; i++) {
            Path dir = run.resolve(String.format("trial-%03d", i + 1));
            Path last = carousel.train.Checkpoint.latest(dir);
            try (var s = Files.list(last)) {
                for (Path f : s.filter(f -> !f.getFileName().toString().equals(TrialStore.TRIAL)).toList())
                    m.put(dir.getFileName() + "/" + f.getFileName(), Files.readAllBytes(f));
            }
        }
        return m;
    }

    static Map<String, byte[]> allFiles(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (var s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
        return m;
    }

    void resumesBitForBit(LagExperiment.Config cfg, Path tmp) throws IOException {
        long budget = cfg.budget();
        Report plain = new LagExperiment(cfg).run(null);
        Path whole = tmp.resolve("whole"), stopped = tmp.resolve("stopped");
        Report w = new LagExperiment(cfg).checkpoints(whole, budget, null).run(null);
        assertThrows(LagExperiment.Interrupted.class, () -> new LagExperiment(cfg).checkpoints(stopped, budget / 2, null).interruptAfter(budget / 2).run(null));
        for (int i = 0; i < cfg.trials(); i++)
            assertFalse(Files.exists(stopped.resolve(String.format("trial-%03d", i + 1)).resolve(TrialStore.RESULT)), "stopped before its end");
        Report r = new LagExperiment(cfg).checkpoints(stopped, budget / 2, null).run(null);
        for (int i = 0; i < cfg.trials(); i++) {
            LagExperiment.Trial a = plain.trials().get(i), b = w.trials().get(i), c = r.trials().get(i);
            for (LagExperiment.Trial t : new LagExperiment.Trial[]{b, c}) {
                assertEquals(a.solved(), t.solved());
                assertEquals(a.sequences(), t.sequences());
                assertEquals(a.testWrong(), t.testWrong());
                assertEquals(Double.doubleToRawLongBits(a.testMeanError()), Double.doubleToRawLongBits(t.testMeanError()), a + " vs " + t);
            }
            assertTrue(c.sequences() > budget / 2, "the trial must still be running at the interruption: " + c);
        }
        Map<String, byte[]> x = finalStates(whole, cfg.trials()), y = finalStates(stopped, cfg.trials());
        assertEquals(x.keySet(), y.keySet());
        assertFalse(x.isEmpty());
        for (String k : x.keySet()) assertArrayEquals(x.get(k), y.get(k), k);

        Map<String, byte[]> before = allFiles(stopped);
        Report again = new LagExperiment(cfg).checkpoints(stopped, budget / 2, null).run(null);
        assertEquals(r.trials(), again.trials(), "an ended trial is taken as recorded");
        assertEquals(before.keySet(), allFiles(stopped).keySet());
        allFiles(stopped).forEach((k, v) -> assertArrayEquals(before.get(k), v, k));
    }

    @Test
    void onlineLstm1997ResumesBitForBit(@TempDir Path tmp) throws IOException {
        LagTask task = NoiseFreeSequences.exp2a(5);
        resumesBitForBit(config(task, "lstm1997", Preset.paper(task), 1200), tmp);
    }

    @Test
    void bpttLstmResumesBitForBit(@TempDir Path tmp) throws IOException {
        LagTask task = NoiseFreeSequences.exp2b(5);   // a test-set rule: checks draw from the test stream during training
        resumesBitForBit(config(task, "lstm", Preset.modern(task), 1600), tmp);
    }

    @Test
    void theTrainingWindowRuleResumesBitForBit(@TempDir Path tmp) throws IOException {
        LagTask task = new AddingProblem(20);
        resumesBitForBit(config(task, "lstm1997", Preset.paper(task), 3000), tmp);
    }

    @Test
    void continualTasksAreRefused(@TempDir Path tmp) {
        LagTask task = new ContinualReber(1, 100);
        LagExperiment e = new LagExperiment(new LagExperiment.Config(task, "lstm", Preset.modern(task), 1, 100, 1, 100, 1, 0, 50));
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.checkpoints(tmp, 10, null));
        assertTrue(x.getMessage().contains("continual"), x.getMessage());
    }
}
