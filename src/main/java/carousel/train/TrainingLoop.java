package carousel.train;

import carousel.loss.LossResult;
import carousel.tensor.Rng;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Updates a model on batches drawn from a seeded source until a budget of sequences is spent or
 * the evaluation says stop, printing progress, writing checkpoints every {@code checkpointEvery}
 * sequences when a run directory is given, and resuming from the run directory's latest checkpoint.
 * On NaN or Inf the loop stops with {@link Trainer.NonFiniteException}; checkpoints are only ever
 * written from finite weights, so the latest one stays the last good state.
 */
public final class TrainingLoop {
    /** Called every evaluation period; returns true to stop (e.g. the task is solved). */
    public interface Evaluation {
        boolean evaluate(long updates, long sequences, double trainLoss, double seconds);
    }

    private final Trainer trainer;
    private final Function<Rng, Batch> source;
    private final Rng rng;
    private final PrintStream log;
    private Path runDir;
    private long checkpointEvery;

    public TrainingLoop(Trainer trainer, Function<Rng, Batch> source, Rng rng, PrintStream log) {
        this.trainer = trainer;
        this.source = source;
        this.rng = rng;
        this.log = log;
    }

    /** Checkpoint into runDir every so many sequences (0: only at the end). */
    public TrainingLoop checkpoints(Path runDir, long everySequences) {
        this.runDir = runDir;
        this.checkpointEvery = everySequences;
        return this;
    }

    /** Result of a run: whether evaluation stopped it, and the counters at the end. */
    public record Outcome(boolean stoppedByEvaluation, long updates, long sequences, double seconds) {}

    public Outcome run(long maxSequences, long evaluateEvery, Evaluation evaluation) throws IOException {
        long updates = 0, seen = 0;
        if (runDir != null) {
            Checkpoint.Restored last = Checkpoint.restoreNewestIntact(runDir, trainer, log);
            if (last != null) {
                Checkpoint.Progress p = last.progress();
                updates = p.updates();
                seen = p.sequences();
                rng.setState(p.rngState());
                if (log != null) log.printf("resumed from %s: %,d updates, %,d sequences%n", last.dir(), updates, seen);
            }
        }
        long t0 = System.nanoTime(), nextEval = seen + evaluateEvery, nextCkpt = checkpointEvery > 0 ? seen + checkpointEvery : Long.MAX_VALUE;
        double ema = Double.NaN;
        boolean stopped = false;
        while (seen < maxSequences && !stopped) {
            Batch b = source.apply(rng);
            LossResult r = trainer.step(b, null);
            updates++;
            seen += b.batch();
            ema = Double.isNaN(ema) ? r.loss() : 0.95 * ema + 0.05 * r.loss();
            if (seen >= nextEval || seen >= maxSequences) {
                stopped = evaluation.evaluate(updates, seen, ema, (System.nanoTime() - t0) / 1e9);
                nextEval = seen + evaluateEvery;
            }
            if (runDir != null && (seen >= nextCkpt || stopped || seen >= maxSequences)) {
                Checkpoint.save(runDir, trainer, new Checkpoint.Progress(updates, seen, 0, rng.state()));
                nextCkpt = seen + checkpointEvery;
            }
        }
        return new Outcome(stopped, updates, seen, (System.nanoTime() - t0) / 1e9);
    }
}
