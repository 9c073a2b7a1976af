package carousel.lag;

import carousel.progress.ProgressBar;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import carousel.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs N independent trials of (task, method, preset), each until the task's {@link Stopping} rule
 * says solved or a budget of training sequences (symbols, for continual tasks) is spent, several
 * trials at a time on their own threads. Every trial builds its own learner (learners are not
 * thread-safe) and its own seeded random streams, so trial i gives the same result whatever the
 * thread count. Progress: one line per finished trial, and a {@link ProgressBar} over the trials whose
 * status names the running ones, each with its sequences (symbols) so far and its speed since it
 * started or resumed (on a terminal live, in a log a line every heartbeat).
 *
 * <p>How each rule is checked: {@link Stopping.TrainingWindow} after every update, on the outputs
 * the learner computed for that batch before updating; {@link Stopping.TestSet},
 * {@link Stopping.FixedSets} and {@link Stopping.Streams} every {@code evalEvery} training
 * sequences (symbols), so "sequences until success" is rounded up to that interval. After a trial
 * the final test error is measured on fresh sequences of the task's final test size (on the fixed
 * test set for Exp. 1, on the test streams for continual tasks).
 *
 * <p>Continual tasks follow Gers et al. (2000): a training stream runs until its first wrong
 * prediction (judged on whole chunks of {@code streamChunk} symbols) or the test-stream length,
 * then restarts from a zero state.
 */
public final class LagExperiment {
    /** Test sequences per forward call, to bound activation memory on long sequences. */
    static final int EVAL_CHUNK = 64;
    /** Symbols per forward call when predicting test streams. */
    static final int TEST_STREAM_CHUNK = 1000;

    /**
     * @param evalEvery        training sequences (symbols for continual tasks) between checks of a
     *                         test-set or stream rule
     * @param threads          trials run at once
     * @param heartbeatSeconds seconds between progress lines in a log (0: only the last)
     * @param streamChunk      symbols per training chunk on continual tasks
     */
    public record Config(LagTask task, String method, Preset preset, int trials, long budget, long seed,
                         long evalEvery, int threads, double heartbeatSeconds, int streamChunk) {
        public Config {
            if (trials < 1) throw new IllegalArgumentException("trials must be at least 1, got " + trials);
            if (budget < 1) throw new IllegalArgumentException("budget must be at least 1, got " + budget);
            if (evalEvery < 1) throw new IllegalArgumentException("evaluation interval must be at least 1, got " + evalEvery);
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            if (heartbeatSeconds < 0) throw new IllegalArgumentException("heartbeat must be >= 0 seconds, got " + heartbeatSeconds);
            if (streamChunk < 1) throw new IllegalArgumentException("stream chunk must be at least 1 symbol, got " + streamChunk);
            if (task.stopping() instanceof Stopping.Streams && !(task instanceof ContinualTask))
                throw new IllegalArgumentException("task " + task.name() + " has a stream rule but is not a continual task");
        }

        /** The default check interval: 1000 sequences, or 20,000 symbols on continual tasks. */
        public static long defaultEvalEvery(LagTask task) { return task instanceof ContinualTask ? 20_000 : 1_000; }

        public String unit() { return task instanceof ContinualTask ? "symbols" : "sequences"; }
    }

    /**
     * One trial's outcome.
     *
     * @param sequences     training sequences (symbols) until success, or all that were spent
     * @param testWrong     wrong sequences (streams with an error) in the final test, −1 when not run
     * @param testMeanError mean {@link LagTask#errors error} on the final test (for continual tasks:
     *                      the mean number of correct symbols before the first error)
     */
    public record Trial(int index, boolean solved, long sequences, int testWrong, int testSize, double testMeanError,
                        double seconds, String note) {}

    private final Config config;
    private final Learners.Factory factory;
    private volatile String learnerDescription = "";
    private volatile long weightCount;
    private Path runDir;
    private long checkpointEvery;
    private PrintStream checkpointLog;
    private long interruptAfter = Long.MAX_VALUE;

    public LagExperiment(Config config) {
        this.config = config;
        this.factory = Learners.get(config.method());
    }

    /**
     * Makes the trials resumable: trial i checkpoints into {@code runDir/trial-NNN} every
     * {@code everySequences} training sequences and when it ends ({@link TrialStore}), and records its
     * result there; a run started again takes ended trials' results as recorded and resumes the
     * others from their newest intact checkpoint, continuing bit for bit as if never stopped. The run
     * directory's lock and settings are the caller's ({@link carousel.train.RunDirectory}). Continual
     * tasks are refused: their training streams' state is not saved.
     */
    public LagExperiment checkpoints(Path runDir, long everySequences, PrintStream log) {
        if (config.task() instanceof ContinualTask)
            throw new IllegalArgumentException("checkpoints (--run-dir) are not available for the continual task " + config.task().name()
                    + ": the state of its training streams is not saved");
        if (everySequences < 1) throw new IllegalArgumentException("checkpoint interval must be at least 1 sequence, got " + everySequences);
        this.runDir = runDir;
        this.checkpointEvery = everySequences;
        this.checkpointLog = log;
        return this;
    }

    /** Thrown by a trial stopped on purpose after a checkpoint (see {@link #interruptAfter}). */
    static final class Interrupted extends IllegalStateException {
        Interrupted(String m) { super(m); }
    }

    /** For tests: every trial stops, as if killed, right after its first checkpoint at or past this many sequences. */
    LagExperiment interruptAfter(long sequences) {
        this.interruptAfter = sequences;
        return this;
    }

    /** Runs all trials; progress goes to {@code log} (null: silent). */
    public Report run(PrintStream log) {
        long t0 = System.nanoTime();
        Progress[] progress = new Progress[config.trials()];
        for (int i = 0; i < progress.length; i++) progress[i] = new Progress();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(config.threads(), config.trials()), r -> {
            Thread t = new Thread(r, "lag-trial");
            t.setDaemon(true);
            return t;
        });
        ProgressBar bar = ProgressBar.start(log, config.task().name(), config.trials(), "trials").everySeconds(config.heartbeatSeconds());
        ScheduledExecutorService beat = null;
        if (log != null && (config.heartbeatSeconds() > 0 || bar.terminal())) {
            beat = Executors.newSingleThreadScheduledExecutor(r -> { Thread t = new Thread(r, "lag-heartbeat"); t.setDaemon(true); return t; });
            // the bar prints a log line every heartbeat; looking four times as often keeps the lines on time
            long ms = bar.terminal() ? 1000 : Math.max(1, (long) (config.heartbeatSeconds() * 250));
            beat.scheduleAtFixedRate(() -> bar.status(running(progress)), ms, ms, TimeUnit.MILLISECONDS);
        }
        List<Future<Trial>> futures = new ArrayList<>();
        for (int i = 0; i < config.trials(); i++) {
            int index = i;
            Trial recorded = recorded(index);
            if (recorded != null) {
                progress[index].finished = true;
                bar.println(describe(recorded) + " (recorded in " + new TrialStore(runDir, index).dir() + ")");
                bar.step();
                futures.add(java.util.concurrent.CompletableFuture.completedFuture(recorded));
                continue;
            }
            futures.add(pool.submit(() -> {
                Trial t = runTrial(index, progress[index]);
                bar.println(describe(t));
                bar.step();
                return t;
            }));
        }
        List<Trial> trials = new ArrayList<>();
        try {
            for (Future<Trial> f : futures) trials.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();   // interrupts the trials still running; they stop at their next batch
            awaitQuietly(pool);
            if (beat != null) beat.shutdownNow();
            bar.close();
        }
        return new Report(config, learnerDescription, weightCount, trials, (System.nanoTime() - t0) / 1e9);
    }

    /** Waits until the pool's trials have ended (a checkpoint being written is finished, not torn). */
    private static void awaitQuietly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.SECONDS)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** Trial index's recorded result when the run directory holds one (its learner noted for the report), else null. */
    private Trial recorded(int index) {
        if (runDir == null) return null;
        try {
            TrialStore store = new TrialStore(runDir, index);
            Trial t = store.result();
            if (t != null) {
                String[] l = store.learner();
                learnerDescription = l[0];
                weightCount = Long.parseLong(l[1]);
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a running trial last reported, read by the heartbeat. */
    static final class Progress {
        volatile boolean started, finished;
        volatile long seen, startSeen, startNanos;
        volatile String status = "";
    }

    /** The running trials as the bar's status: {@code running #3 1,234 sequences, 950/s (last 100: 2 wrong)}. */
    private String running(Progress[] progress) {
        StringBuilder running = new StringBuilder();
        for (int i = 0; i < progress.length; i++) {
            Progress p = progress[i];
            if (p.started && !p.finished) {
                double secs = (System.nanoTime() - p.startNanos) / 1e9;
                running.append(String.format(Locale.ROOT, "%s#%d %,d %s, %,.0f/s%s", running.isEmpty() ? "running " : "; ", i + 1, p.seen, config.unit(),
                        secs > 0 ? (p.seen - p.startSeen) / secs : 0.0, p.status.isEmpty() ? "" : " (" + p.status + ")"));
            }
        }
        return running.toString();
    }

    private String describe(Trial t) {
        String unit = config.unit();
        String test = t.testWrong() < 0 ? "no final test"
                : config.task() instanceof ContinualTask
                ? String.format(Locale.ROOT, "%d of %d test streams with an error, %,.0f correct symbols before the first on average", t.testWrong(), t.testSize(), t.testMeanError())
                : String.format(Locale.ROOT, "test %d/%d wrong, mean error %.4g", t.testWrong(), t.testSize(), t.testMeanError());
        return String.format(Locale.ROOT, "trial %d/%d: %s %,d %s; %s; %.1f s%s", t.index() + 1, config.trials(),
                t.solved() ? "solved after" : "not solved within", t.sequences(), unit, test, t.seconds(),
                t.note().isEmpty() ? "" : "; " + t.note());
    }

    /** Seeds of trial i: initial weights, training data, test data. */
    static long[] trialSeeds(long seed, int index) {
        Rng r = new Rng(seed ^ (0x9E3779B97F4A7C15L * (index + 1)));
        return new long[]{r.nextLong(), r.nextLong(), r.nextLong()};
    }

    /** Runs trial {@code index} on the calling thread. */
    public Trial runTrial(int index, Progress progress) {
        long t0 = System.nanoTime();
        progress.startNanos = t0;
        progress.started = true;
        long[] seeds = trialSeeds(config.seed(), index);
        Learner learner = factory.create(config.task(), config.preset(), new Rng(seeds[0]));
        learnerDescription = learner.describe();
        weightCount = learner.weightCount();
        Rng data = new Rng(seeds[1]), test = new Rng(seeds[2]);
        Trial t;
        try {
            t = config.task() instanceof ContinualTask ct ? continualTrial(index, learner, ct, data, test, progress, t0)
                    : sequenceTrial(index, learner, data, test, progress, t0);
        } catch (Trainer.NonFiniteException e) {
            t = new Trial(index, false, progress.seen, -1, 0, Double.NaN, (System.nanoTime() - t0) / 1e9, "stopped: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (runDir != null) {
            try {
                new TrialStore(runDir, index).writeResult(t, learner.describe(), learner.weightCount());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        progress.finished = true;
        return t;
    }

    private Trial sequenceTrial(int index, Learner learner, Rng data, Rng test, Progress progress, long t0) throws IOException {
        LagTask task = config.task();
        Stopping stopping = task.stopping();
        int B = config.preset().batchSize();
        Window window = stopping instanceof Stopping.TrainingWindow w ? new Window(w.window()) : null;
        long seen = 0, nextCheck = config.evalEvery(), saved = -1;
        boolean solved = false;
        double before = 0;
        TrialStore store = runDir == null ? null : new TrialStore(runDir, index);
        if (store != null) {
            TrialStore.Loop at = store.restore(learner, data, test, window, checkpointLog);
            if (at != null) {
                seen = saved = at.seen();
                nextCheck = at.nextCheck();
                solved = at.solved();
                before = at.seconds();
                progress.seen = progress.startSeen = seen;
                if (checkpointLog != null) checkpointLog.printf(Locale.ROOT, "trial %d/%d: resumed at %,d sequences%n", index + 1, config.trials(), seen);
            }
        }
        long nextSave = store == null ? Long.MAX_VALUE : seen + checkpointEvery;
        while (seen < config.budget() && !solved) {
            // another trial failed (or the run was stopped): end here, so no trial writes after run() returns
            if (Thread.currentThread().isInterrupted()) throw new Interrupted("trial " + (index + 1) + " abandoned at " + seen + " sequences");
            Batch batch = task.trainBatch(data, (int) Math.min(B, config.budget() - seen));
            learner.train(batch);
            seen += batch.batch();
            progress.seen = seen;
            if (stopping instanceof Stopping.TrainingWindow w) {
                Tensor out = learner.lastOutputs();
                window.add(task.passes(out, batch), task.errors(out, batch));
                solved = window.full() && window.wrong() <= w.maxWrong() && window.meanError() < w.maxMeanError();
                progress.status = String.format(Locale.ROOT, "last %d: %d wrong, mean error %.4f", window.count(), window.wrong(), window.meanError());
            } else if (seen >= nextCheck) {
                nextCheck = seen + config.evalEvery();
                solved = testRule(learner, stopping, test, progress);
            }
            if (seen >= nextSave && !solved && seen < config.budget()) {
                store.save(learner, new TrialStore.Loop(seen, nextCheck, false, before + (System.nanoTime() - t0) / 1e9), data, test, window);
                saved = seen;
                nextSave = seen + checkpointEvery;
                if (seen >= interruptAfter) throw new Interrupted("trial " + (index + 1) + " stopped after its checkpoint at " + seen + " sequences");
            }
        }
        if (store != null && saved != seen)   // the trained net as it ended, before the final test
            store.save(learner, new TrialStore.Loop(seen, nextCheck, solved, before + (System.nanoTime() - t0) / 1e9), data, test, window);
        Score fin = stopping instanceof Stopping.FixedSets f ? score(learner, task, f.testSet())
                : scoreFresh(learner, task, test, task.finalTestSize());
        return new Trial(index, solved, seen, fin.wrong, fin.size, fin.meanError, before + (System.nanoTime() - t0) / 1e9, "");
    }

    private boolean testRule(Learner learner, Stopping stopping, Rng test, Progress progress) {
        LagTask task = config.task();
        switch (stopping) {
            case Stopping.FixedSets f -> {
                Score tr = score(learner, task, f.trainSet()), te = score(learner, task, f.testSet());
                progress.status = String.format(Locale.ROOT, "wrong: %d/%d train, %d/%d test", tr.wrong, tr.size, te.wrong, te.size);
                return tr.wrong == 0 && te.wrong == 0;
            }
            case Stopping.TestSet s -> {
                Score screen = scoreFresh(learner, task, test, s.screenSize());
                progress.status = String.format(Locale.ROOT, "test %d/%d wrong, mean error %.4f", screen.wrong, screen.size, screen.meanError);
                if (screen.wrong > s.maxWrong() || !(screen.meanError < s.maxMeanError())) return false;
                if (s.screenSize() == s.size()) return true;
                Score full = scoreFresh(learner, task, test, s.size());
                progress.status = String.format(Locale.ROOT, "test %d/%d wrong, mean error %.4f", full.wrong, full.size, full.meanError);
                return full.wrong <= s.maxWrong() && full.meanError < s.maxMeanError();
            }
            default -> throw new IllegalStateException("not a test-set rule: " + stopping);
        }
    }

    private Trial continualTrial(int index, Learner learner, ContinualTask task, Rng data, Rng test, Progress progress, long t0) {
        Stopping.Streams rule = (Stopping.Streams) task.stopping();
        int B = config.preset().batchSize(), K = config.streamChunk();
        ContinualTask.Streams train = task.streams(data, B);
        boolean[] reset = new boolean[B];
        Arrays.fill(reset, true);
        long[] position = new long[B];
        long seen = 0, nextCheck = config.evalEvery(), restarts = 0, restartedLength = 0;
        boolean solved = false;
        StreamScore last = null;
        while (seen < config.budget() && !solved) {
            Batch chunk = train.next(K);
            learner.trainStream(chunk, reset);
            seen += (long) K * B;
            progress.seen = seen;
            int[] first = task.firstErrors(learner.lastOutputs(), chunk);
            for (int b = 0; b < B; b++) {
                position[b] += K;
                reset[b] = first[b] >= 0 || position[b] >= rule.symbols();
                if (reset[b]) {
                    restarts++;
                    restartedLength += position[b];
                    train.restart(b);
                    position[b] = 0;
                }
            }
            if (seen >= nextCheck) {
                nextCheck = seen + config.evalEvery();
                last = streamTest(learner, task, rule, test);
                solved = last.wrong == 0;
                progress.status = String.format(Locale.ROOT, "training streams ran %,.0f symbols on average; test: %d of %d streams erred, %,.0f correct before the first",
                        restarts == 0 ? 0.0 : (double) restartedLength / restarts, last.wrong, rule.streams(), last.meanRun);
            }
        }
        if (!solved) last = streamTest(learner, task, rule, test);
        return new Trial(index, solved, seen, last.wrong, rule.streams(), last.meanRun, (System.nanoTime() - t0) / 1e9, "");
    }

    /** Test streams: how many erred, and the mean run of correct predictions before the first error. */
    record StreamScore(int wrong, double meanRun) {}

    static StreamScore streamTest(Learner learner, ContinualTask task, Stopping.Streams rule, Rng rng) {
        int n = rule.streams();
        ContinualTask.Streams streams = task.streams(new Rng(rng.nextLong()), n);
        long[] run = new long[n];
        boolean[] alive = new boolean[n], reset = new boolean[n];
        Arrays.fill(alive, true);
        Arrays.fill(reset, true);
        int living = n;
        long done = 0;
        while (done < rule.symbols() && living > 0) {
            int steps = (int) Math.min(TEST_STREAM_CHUNK, rule.symbols() - done);
            Batch chunk = streams.next(steps);
            int[] first = task.firstErrors(learner.predictStream(chunk, reset), chunk);
            Arrays.fill(reset, false);
            for (int b = 0; b < n; b++) {
                if (!alive[b]) continue;
                if (first[b] >= 0) { run[b] += first[b]; alive[b] = false; living--; }
                else run[b] += steps;
            }
            done += steps;
        }
        return new StreamScore(living == 0 ? n : n - living, Arrays.stream(run).average().orElse(0));
    }

    /** Wrong sequences and mean error on a set. */
    record Score(int wrong, int size, double meanError) {}

    static Score score(Learner learner, LagTask task, Batch batch) {
        Tensor out = learner.predict(batch);
        boolean[] ok = task.passes(out, batch);
        double[] err = task.errors(out, batch);
        int wrong = 0;
        double sum = 0;
        for (int b = 0; b < ok.length; b++) { if (!ok[b]) wrong++; sum += err[b]; }
        return new Score(wrong, ok.length, sum / ok.length);
    }

    /** Score on {@code size} fresh test sequences, {@link #EVAL_CHUNK} at a time. */
    static Score scoreFresh(Learner learner, LagTask task, Rng rng, int size) {
        int wrong = 0;
        double sum = 0;
        for (int done = 0; done < size; ) {
            int n = Math.min(EVAL_CHUNK, size - done);
            Score s = score(learner, task, task.testBatch(rng, n));
            wrong += s.wrong;
            sum += s.meanError * n;
            done += n;
        }
        return new Score(wrong, size, sum / size);
    }

    /** The most recent training sequences: pass/fail and error, as a ring. */
    static final class Window {
        private final boolean[] ok;
        private final double[] err;
        private int next, count, wrong;
        private double sum;

        Window(int size) { ok = new boolean[size]; err = new double[size]; }

        void add(boolean[] oks, double[] errors) {
            for (int i = 0; i < oks.length; i++) {
                if (count == ok.length) { if (!ok[next]) wrong--; sum -= err[next]; } else count++;
                ok[next] = oks[i];
                err[next] = errors[i];
                if (!oks[i]) wrong++;
                sum += errors[i];
                next = (next + 1) % ok.length;
                if (next == 0) sum = Arrays.stream(err, 0, count).sum();   // once per lap: no drift from adding and removing
            }
        }

        /** The ring as a checkpoint holds it (errors as exact bits). */
        java.util.Map<String, Object> state() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("size", (long) ok.length);
            m.put("ok", StateFields.booleans(ok));
            m.put("errors", StateFields.doubles(err));
            m.put("next", (long) next);
            m.put("count", (long) count);
            m.put("wrong", (long) wrong);
            m.put("sum", StateFields.number(sum));
            return m;
        }

        void restore(java.util.Map<String, Object> m, String source) throws carousel.io.FormatException {
            if (carousel.io.Json.getInt(m, "size", source) != ok.length)
                throw new carousel.io.FormatException(source, "window holds " + carousel.io.Json.getInt(m, "size", source) + " sequences where the rule has " + ok.length);
            boolean[] o = StateFields.booleans(m, "ok", ok.length, source);
            double[] e = StateFields.doubles(m, "errors", err.length, source);
            System.arraycopy(o, 0, ok, 0, ok.length);
            System.arraycopy(e, 0, err, 0, err.length);
            next = carousel.io.Json.getInt(m, "next", source);
            count = carousel.io.Json.getInt(m, "count", source);
            wrong = carousel.io.Json.getInt(m, "wrong", source);
            sum = StateFields.number(m, "sum", source);
        }

        boolean full() { return count == ok.length; }
        int count() { return count; }
        int wrong() { return wrong; }
        double meanError() { return count == 0 ? Double.NaN : sum / count; }
    }
}
