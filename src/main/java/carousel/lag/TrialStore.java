package carousel.lag;

import carousel.io.Json;
import carousel.tensor.Rng;
import carousel.train.Checkpoint;
import carousel.train.RunDirectory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial's directory in a {@code lag-tasks run --run-dir}: {@code RUN/trial-NNN/} holds the
 * trial's checkpoints in the form every trainer shares ({@link Checkpoint#write}: {@code checkpoint-<sequences>/},
 * {@code latest}, the two newest kept, a damaged newest giving way to the older one) and, once the
 * trial has ended, {@code result.json}. A checkpoint holds the learner's state ({@link Learner#writeState})
 * and {@code trial.json}: sequences seen, the next test-set check, whether solved, the training and
 * test random streams, the training-window rule's ring, and the seconds spent so far.
 */
final class TrialStore {
    static final String RESULT = "result.json", TRIAL = "trial.json";

    private final Path dir;

    TrialStore(Path runDir, int index) { this.dir = runDir.resolve(String.format("trial-%03d", index + 1)); }

    Path dir() { return dir; }

    /** Where a trial stands: what {@link LagExperiment}'s sequence loop needs to go on. */
    record Loop(long seen, long nextCheck, boolean solved, double seconds) {}

    /** Writes a checkpoint of the trial at {@code loop.seen()} sequences. */
    void save(Learner learner, Loop loop, Rng data, Rng test, LagExperiment.Window window) throws IOException {
        Checkpoint.write(dir, loop.seen(), d -> {
            learner.writeState(d);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sequences", Long.toString(loop.seen()));
            m.put("next_check", Long.toString(loop.nextCheck()));
            m.put("solved", loop.solved());
            m.put("data_rng", Long.toString(data.state()));
            m.put("test_rng", Long.toString(test.state()));
            m.put("seconds", loop.seconds());
            if (window != null) m.put("window", window.state());
            RunDirectory.writeJson(d.resolve(TRIAL), m);
        });
    }

    /** Restores the newest intact checkpoint into learner, rngs and window; null when the trial has none. */
    Loop restore(Learner learner, Rng data, Rng test, LagExperiment.Window window, PrintStream log) throws IOException {
        return Checkpoint.restoreNewest(dir, d -> {
            Path f = d.resolve(TRIAL);
            String source = f.toString();
            Map<String, Object> m = Json.readObject(f);
            long seen = StateFields.longOf(m, "sequences", source), next = StateFields.longOf(m, "next_check", source);
            boolean solved = Json.getBoolean(m, "solved", source);
            long dataState = StateFields.longOf(m, "data_rng", source), testState = StateFields.longOf(m, "test_rng", source);
            double seconds = Json.getDouble(m, "seconds", source);
            if (window != null) window.restore(Json.getObject(m, "window", source), source);
            learner.readState(d);
            data.setState(dataState);
            test.setState(testState);
            return new Loop(seen, next, solved, seconds);
        }, log);
    }

    /** The trial's recorded result, or null when it has not ended. */
    LagExperiment.Trial result() throws IOException {
        Path f = dir.resolve(RESULT);
        if (!Files.exists(f)) return null;
        String source = f.toString();
        Map<String, Object> m = Json.readObject(f);
        return new LagExperiment.Trial(Json.getInt(m, "index", source), Json.getBoolean(m, "solved", source), Json.getLong(m, "sequences", source),
                Json.getInt(m, "test_wrong", source), Json.getInt(m, "test_size", source), StateFields.number(m, "test_mean_error", source),
                Json.getDouble(m, "seconds", source), Json.getString(m, "note", source));
    }

    /** The learner's description and weight count recorded with the result (for a report of finished trials). */
    String[] learner() throws IOException {
        Path f = dir.resolve(RESULT);
        Map<String, Object> m = Json.readObject(f);
        return new String[]{Json.getString(m, "learner", f.toString()), Long.toString(Json.getLong(m, "weights", f.toString()))};
    }

    /** Records the trial's result (atomically): a run started again skips the trial. */
    void writeResult(LagExperiment.Trial t, String learner, long weights) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", (long) t.index());
        m.put("solved", t.solved());
        m.put("sequences", t.sequences());
        m.put("test_wrong", (long) t.testWrong());
        m.put("test_size", (long) t.testSize());
        m.put("test_mean_error", StateFields.number(t.testMeanError()));
        m.put("test_mean_error_text", Double.toString(t.testMeanError()));
        m.put("seconds", t.seconds());
        m.put("note", t.note());
        m.put("learner", learner);
        m.put("weights", weights);
        Files.createDirectories(dir);
        RunDirectory.writeJson(dir.resolve(RESULT), m);
    }
}
