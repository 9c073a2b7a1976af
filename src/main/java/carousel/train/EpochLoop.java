package carousel.train;

import carousel.io.Json;
import carousel.progress.ProgressBar;
import carousel.tensor.Rng;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one epoch loop of every trainer that learns in epochs with a development set (acoustic models,
 * phone models, the Spark trainer): resume, train an epoch, evaluate, halve the learning rate, keep
 * the best model, checkpoint, stop early; the per-task parts come in through {@link Task}.
 *
 * <p><b>One rule for patience.</b> An epoch improves when its development loss is lower than every
 * earlier epoch's; training stops after {@code patience} epochs in a row without improvement
 * ({@code sinceBest >= patience}, the rule of Keras's and Lightning's early stopping). The learning
 * rate follows the trainer's {@link LearningRate}, told each epoch's development loss.
 *
 * <p><b>State that cannot be lost or mixed.</b> The run directory ({@link RunDirectory}) is locked,
 * its settings checked and its litter removed before anything else. Each epoch ends, in this order:
 * the best model replaced (only by a better one, as a whole directory swap), {@code history.json}
 * replaced, then a checkpoint ({@link Checkpoint}, with the real count of finished epochs). A kill at
 * any point resumes from the last checkpoint and redoes the interrupted epoch (or goes on inside it from a
 * partial checkpoint, below), and with repeatable
 * arithmetic ends with the same bits as an uninterrupted run. A damaged newest checkpoint gives way
 * to the previous intact one. A finished run (early-stopped, or its epochs done) started again reports
 * that and changes nothing.
 *
 * <p><b>Rejecting a worse epoch</b> ({@link Options#rejectWorse}, Kaldi nnet1's "newbob" rule). An epoch whose
 * development loss is not below the best is still recorded in the history (and counts towards patience), but
 * its weights and optimizer state are thrown away: they go back to the last checkpoint, the state after the
 * last accepted epoch (the best one, when every epoch of the run was trained with the rule), and the next
 * epoch starts from there with the learning rate the schedule gives after the bad epoch (halved, with the
 * trainers' plateau schedule). The random-number generator goes on, so the next epoch sees other batches. A
 * run whose loss jumps up in one epoch (too large a rate for a wide network) so loses that epoch instead of
 * going on from its damage. The checkpoint written after a rejected epoch holds the restored state, so a
 * resumed run goes on exactly as an uninterrupted one. The first epoch is held to the task's chance level
 * ({@link Task#chanceLoss}): under the rule a fresh run checkpoints its initial state (as "after epoch 0", with
 * the schedule told the chance level, {@link LearningRate#improvementBelow}), and a first epoch whose development
 * loss is no better than chance (a wide network blown up inside its first epoch) is rejected back to it.
 *
 * <p><b>Partial checkpoints</b> ({@link Options#partialEvery}, for tasks that train with {@link TruncatedBptt}). A
 * long epoch saves where it stands every so often ({@link PartialCheckpoint}: the weights, the optimizer, the
 * streams' carried states, the loss sums and the chunks done, beside the epoch's starting random state), and a
 * killed run goes on from the newest one inside its epoch instead of training the epoch again, ending with the
 * same bits as an uninterrupted run. A partial checkpoint only continues the epoch after the last epoch
 * checkpoint, with the same settings; it is removed when the epoch's checkpoint is written (or the run diverges).
 * The rule that rejects an epoch goes back to epoch checkpoints only.
 *
 * <p><b>Divergence.</b> NaN or Inf in training ({@link Trainer.NonFiniteException}), or a development
 * loss that is not finite or exceeds {@value #EXPLOSION} times the reference (the first epoch's
 * development loss, or the task's chance level if lower), stops the run with {@link DivergedException}
 * before anything is written: the best model and the last checkpoint stay the last good ones, and the
 * run directory records the divergence so that it is not resumed with the same settings.
 *
 * <p>Files: {@code OUT/checkpoints/}, the best model directory, {@code history.json},
 * {@code training-curve.png} and {@code report.md}, all written here ({@link History}); with
 * {@link #withProvenance} the best model directory also holds {@code provenance.json}
 * ({@link Provenance}), written with each best model and once more when the run ends.
 */
public final class EpochLoop {
    /** A development loss this many times the reference counts as divergence. */
    public static final double EXPLOSION = 10;

    /** The per-task parts of training. */
    public interface Task {
        /**
         * Trains one epoch (numbered from 1) on the trainer's model, drawing any randomness from rng,
         * reporting progress as it goes; may throw {@link Trainer.NonFiniteException}.
         */
        Figures trainEpoch(int epoch, Rng rng, Progress progress);

        /** Development figures of the current weights: {loss (lower is better), accuracy (NaN: none)}. */
        double[] evaluate();

        /** Writes the current weights, as the best model of the given epoch, into dir (a new, empty directory). */
        void saveBest(Path dir, History.Epoch epoch) throws IOException;

        /** Markdown for the head of report.md: what was trained on what, with which settings. */
        String reportHeader();

        /** The development loss of a model that knows nothing (uniform guessing); bounds divergence. */
        default double chanceLoss() { return Double.POSITIVE_INFINITY; }

        /** Called once when the last epoch is done, before the run is recorded as finished (e.g. to write final files). */
        default void finish(Outcome outcome) throws IOException {}
    }

    /** An epoch's training figures: mean loss, items (frames, tokens) and further text for the console line (may be empty). */
    public record Figures(double trainLoss, long items, String extra) {}

    /** Progress within an epoch: done of total (any unit), and the latest loss. */
    public interface Progress {
        void update(long done, long total, double loss);

        /**
         * For a task that trains with {@link TruncatedBptt}: where the epoch goes on from (a partial checkpoint) and
         * where it is saved as it goes (every {@link Options#partialEvery}); pass it to
         * {@link TruncatedBptt#epoch(carousel.model.SequenceModel, Trainer, Rng, TruncatedBptt.ChunkListener, TruncatedBptt.Resumption)}.
         * Null: the loop keeps no partial checkpoints.
         */
        default TruncatedBptt.Resumption resumption() { return null; }
    }

    /**
     * Stopping rules: at most {@code epochs} epochs, early stop after {@code patience} epochs without improvement;
     * {@code rejectWorse}: an epoch without improvement is rejected (see the class comment).
     */
    public record Options(int epochs, int patience, boolean rejectWorse, java.time.Duration partialEvery) {
        public Options {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            if (patience < 1) throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
            if (partialEvery != null && (partialEvery.isNegative() || partialEvery.compareTo(java.time.Duration.ofDays(366)) > 0))
                throw new IllegalArgumentException("the time between partial checkpoints must be 0 to a year, got " + partialEvery);
        }

        /** No partial checkpoints: an interrupted epoch is trained again from its start. */
        public Options(int epochs, int patience, boolean rejectWorse) { this(epochs, patience, rejectWorse, null); }

        /** Epochs without improvement are kept (the weights go on from them). */
        public Options(int epochs, int patience) { this(epochs, patience, false); }
    }

    /** How a run ended: its history, the best epoch (null: none), and whether it stopped early or had finished before. */
    public record Outcome(List<History.Epoch> history, History.Epoch best, boolean stoppedEarly, boolean wasFinished) {}

    /** Training diverged; the best model and the last checkpoint are those of the last good epoch. */
    public static final class DivergedException extends RuntimeException {
        public DivergedException(String message) { super(message); }
    }

    private final RunDirectory run;
    private final Trainer trainer;
    private final Rng rng;
    private final Options opt;
    private final History.Names names;
    private final Path bestDir;
    private final PrintStream log;
    private Provenance.Origin origin;
    private Provenance.Data data;
    private List<String> resumed = List.of();

    /**
     * @param bestModel the directory of the best model, inside the run directory (e.g. OUT/model)
     * @param log       the console (epoch lines, resumption, early stop); null: silent
     */
    public EpochLoop(RunDirectory run, Trainer trainer, Rng rng, Options options, History.Names names, Path bestModel, PrintStream log) {
        this.run = run;
        this.trainer = trainer;
        this.rng = rng;
        this.opt = options;
        this.names = names;
        this.bestDir = bestModel;
        this.log = log;
    }

    /** Records how the model is made in {@code provenance.json} beside each best model ({@link Provenance}). */
    public EpochLoop withProvenance(Provenance.Origin origin, Provenance.Data data) {
        this.origin = origin;
        this.data = data;
        return this;
    }

    public Path checkpoints() { return run.resolve("checkpoints"); }

    public Path historyFile() { return run.resolve("history.json"); }

    public Outcome run(Task task) throws IOException {
        String finished = run.finished(opt.epochs());
        List<History.Epoch> history = new ArrayList<>(History.read(historyFile(), names));
        if (finished != null) {
            print(finished);
            return new Outcome(history, History.best(history), run.state() == RunDirectory.State.EARLY_STOPPED, true);
        }
        if (run.state() == RunDirectory.State.DIVERGED)   // going on with other settings: no longer the run that diverged
            run.record(RunDirectory.State.TRAINING, run.stateEpoch(), "going on with other settings after divergence " + run.stateMessage());
        run.recoverDirectory(bestDir);
        Checkpoint.Restored restored = Checkpoint.restoreNewestIntact(checkpoints(), trainer, log);
        int done = 0;
        if (restored != null) {
            // a checkpoint written before epochs had their own field kept them in "sequences"
            done = restored.progress().epochs() >= 0 ? restored.progress().epochs() : (int) restored.progress().sequences();
            rng.setState(restored.progress().rngState());
            final int d = done;
            history = new ArrayList<>(history.stream().filter(e -> e.epoch() <= d).toList());
            if (history.size() != done)
                throw new carousel.io.FormatException(historyFile().toString(), "holds " + history.size() + " epochs up to the checkpoint's " + done);
            print("resumed from " + restored.dir() + " after epoch " + done);
            // a new --lr: given at this start, or at an earlier one killed before its first checkpoint
            if (run.changedSettings().contains("--lr") || trainer.learningRate().initialChangedSinceSaved()) {
                trainer.learningRate().restart();
                print(String.format(Locale.ROOT, "override: learning rate back to %.2e", trainer.learningRate().rate()));
            }
        } else history.clear();   // epochs of a run killed before its first checkpoint are trained again
        if (origin != null) readEarlierCommands(restored != null);
        // under the rule, the initial weights are the first accepted state, with the chance level as their loss
        boolean fromChance = opt.rejectWorse() && Double.isFinite(task.chanceLoss());
        PartialCheckpoint.Saved partial = resumeInside(done, restored, fromChance);
        if (fromChance && restored == null) {
            trainer.learningRate().improvementBelow(task.chanceLoss());
            Checkpoint.save(checkpoints(), trainer, new Checkpoint.Progress(trainer.optimizer().steps(), 0, 0, rng.state()));
        }
        double best = fromChance ? task.chanceLoss() : Double.POSITIVE_INFINITY;
        int sinceBest = 0;
        for (History.Epoch e : history) {
            if (e.devLoss() < best) { best = e.devLoss(); sinceBest = 0; } else sinceBest++;
        }
        boolean stopped = sinceBest >= opt.patience();
        for (int epoch = done + 1; epoch <= opt.epochs() && !stopped; epoch++) {
            long t0 = System.nanoTime();
            Figures f;
            Live live = new Live(epoch, partial != null && partial.epoch() == epoch ? partial : null, t0);
            partial = null;
            try {
                f = task.trainEpoch(epoch, rng, live);
            } catch (Trainer.NonFiniteException e) {
                throw diverged(epoch, "training met " + e.getMessage(), history);
            } finally {
                live.end();
            }
            double secs = (System.nanoTime() - t0) / 1e9 + live.secondsBefore();
            double[] dev = task.evaluate();
            String bad = explosion(f.trainLoss(), dev[0], history, task.chanceLoss());
            if (bad != null) throw diverged(epoch, bad, history);
            double lrNow = trainer.learningRate().rate();
            trainer.learningRate().endEpoch(dev[0]);
            History.Epoch e = new History.Epoch(epoch, f.trainLoss(), dev[0], dev[1], lrNow, secs, f.items());
            history.add(e);
            boolean improved = dev[0] < best;
            printEpoch(e, f.extra(), improved);
            if (!improved && opt.rejectWorse()) reject(epoch);
            if (improved) {
                best = dev[0];
                sinceBest = 0;
                List<History.Epoch> sofar = List.copyOf(history);
                run.replaceDirectory(bestDir, dir -> {
                    task.saveBest(dir, e);
                    if (origin != null) Provenance.write(dir, origin, resumed, data, sofar, e, names, null);
                });
            } else sinceBest++;
            History.write(historyFile(), history, names);
            Checkpoint.save(checkpoints(), trainer, new Checkpoint.Progress(trainer.optimizer().steps(), 0, epoch, rng.state()));
            PartialCheckpoint.clear(checkpoints());
            if (sinceBest >= opt.patience()) {
                print("early stop: no development improvement for " + sinceBest + " epochs");
                stopped = true;
            }
        }
        History.Epoch bestEpoch = History.best(history);
        History.plot(run.resolve("training-curve.png"), history, names);
        History.report(run.resolve("report.md"), task.reportHeader(), history, names, run.path().relativize(bestDir).toString());
        Outcome outcome = new Outcome(history, bestEpoch, stopped, false);
        if (origin != null && bestEpoch != null && Files.isDirectory(bestDir))
            Provenance.write(bestDir, origin, resumed, data, history, bestEpoch, names, stopped ? "early-stopped" : "completed");
        task.finish(outcome);
        int last = history.isEmpty() ? 0 : history.getLast().epoch();
        String how = stopped ? "early stop after epoch " + last : last + " epochs done";
        String bestText = bestEpoch == null ? "" : String.format(Locale.ROOT, ", best %s %s at epoch %d", names.devLabel(), fmt(bestEpoch.devLoss()), bestEpoch.epoch());
        run.record(stopped ? RunDirectory.State.EARLY_STOPPED : RunDirectory.State.COMPLETED, last, how + bestText);
        return outcome;
    }

    /**
     * A resumed run keeps the command line that started it (from the best model's provenance.json) and
     * lists this one under "resumed"; a fresh run records its own.
     */
    private void readEarlierCommands(boolean resuming) throws IOException {
        Path f = bestDir.resolve(Provenance.FILE);
        if (!resuming || !Files.isRegularFile(f)) return;
        var m = Json.readObject(f);
        List<String> first = new ArrayList<>(), later = new ArrayList<>();
        for (Object o : Json.getList(m, "command", f.toString())) first.add(String.valueOf(o));
        if (m.get("resumed") != null) for (Object o : Json.getList(m, "resumed", f.toString())) later.add(String.valueOf(o));
        later.add(String.join(" ", origin.command()));
        resumed = later;
        origin = new Provenance.Origin(first, origin.corpus(), origin.seed());
    }

    /**
     * The partial checkpoint to go on from inside epoch {@code done + 1}, restored into the trainer (the random-number
     * generator is already in the epoch's starting state), or null: none; a finished epoch's (removed quietly); one
     * of another epoch or starting state, written under other settings, or damaged (said in one line, removed, and the
     * epoch trained from its start: the trainer holds the epoch checkpoint's state again).
     */
    private PartialCheckpoint.Saved resumeInside(int done, Checkpoint.Restored restored, boolean fromChance) throws IOException {
        if (!PartialCheckpoint.exists(checkpoints())) return null;
        if (opt.partialEvery() == null) {
            print("partial checkpoint not used: partial checkpoints are off; epoch " + (done + 1) + " is trained from its start");
            PartialCheckpoint.clear(checkpoints());
            return null;
        }
        long updatesAtEpochStart = restored == null ? 0 : restored.progress().updates();
        String why = null;
        PartialCheckpoint.Saved p = null;
        try {
            p = PartialCheckpoint.read(checkpoints());
        } catch (IOException | RuntimeException e) {
            why = "it is damaged (" + e.getMessage() + ")";
        }
        if (p != null) {
            if (p.epoch() <= done) {   // killed after its epoch's checkpoint, before it was removed
                PartialCheckpoint.clear(checkpoints());
                return null;
            }
            if (!p.settings().equals(PartialCheckpoint.settingsDigest(run.resolve(RunDirectory.SETTINGS))))
                why = "the run's settings changed since it was written";
            else if (p.epoch() != done + 1 || p.updatesAtEpochStart() != updatesAtEpochStart || p.rngAtEpochStart() != rng.state())
                why = "it belongs to epoch " + p.epoch() + " from another starting state";
            else if (restored == null && fromChance)
                why = "the initial state it started from is not there";
        }
        if (why == null) {
            try {
                PartialCheckpoint.load(p.dir(), trainer);
            } catch (IOException | RuntimeException e) {
                why = "it is damaged (" + e.getMessage() + ")";
                // the trainer may hold part of the partial state: back to the epoch checkpoint's
                if (restored == null)
                    throw new carousel.io.FormatException(p.dir().toString(), "is damaged (" + e.getMessage() + ") and there is no epoch checkpoint to go back to: remove it and start again");
                Checkpoint.restore(restored.dir(), trainer);
                rng.setState(restored.progress().rngState());
            }
        }
        if (why != null) {
            print("partial checkpoint not used: " + why + "; epoch " + (done + 1) + " is trained from its start");
            PartialCheckpoint.clear(checkpoints());
            return null;
        }
        print(String.format(Locale.ROOT, "resumed inside epoch %d from %s after %,d chunks (%.1f s of it trained before)",
                p.epoch(), p.dir().getFileName(), p.position().chunks(), p.seconds()));
        return p;
    }

    /**
     * The epoch just trained is rejected: weights and optimizer state back to the last checkpoint (the
     * state after the last accepted epoch), keeping the learning-rate schedule's state after this epoch.
     */
    private void reject(int epoch) throws IOException {
        Path last = Checkpoint.latest(checkpoints());
        if (last == null) return;   // no state before it (a task without a chance level: the first epoch improves on nothing)
        double[] schedule = trainer.learningRate().state();
        Checkpoint.Progress back = Checkpoint.restore(last, trainer);
        trainer.learningRate().loadState(schedule);
        print(String.format(Locale.ROOT, "epoch %d rejected: weights and optimizer back to %s; next epoch at lr %.2e",
                epoch, back.epochs() == 0 ? "the initial state (no better than chance)" : "the state after epoch " + back.epochs(), trainer.learningRate().rate()));
    }

    /** Why the epoch's figures count as divergence, or null when they do not. */
    private String explosion(double trainLoss, double devLoss, List<History.Epoch> history, double chance) {
        if (!Double.isFinite(trainLoss)) return names.trainLabel() + " is " + trainLoss;
        if (!Double.isFinite(devLoss)) return names.devLabel() + " is " + devLoss;
        double reference = Math.min(history.isEmpty() ? Double.POSITIVE_INFINITY : history.getFirst().devLoss(), chance);
        if (devLoss > EXPLOSION * reference)
            return String.format(Locale.ROOT, "%s %s is more than %.0f times %s", names.devLabel(), fmt(devLoss), EXPLOSION,
                    reference == chance ? "chance level " + fmt(chance) : "the first epoch's " + fmt(reference));
        return null;
    }

    private DivergedException diverged(int epoch, String why, List<History.Epoch> history) throws IOException {
        History.Epoch best = History.best(history);
        String kept = best == null ? "no model was written. Start again with a lower --lr (and --override)"
                : "the best model (epoch " + best.epoch() + ") and the checkpoint after epoch " + history.getLast().epoch()
                  + " are unchanged. Lower --lr and add --override to go on from that checkpoint";
        String msg = "training diverged at epoch " + epoch + ": " + why + "; " + kept;
        PartialCheckpoint.clear(checkpoints());
        run.record(RunDirectory.State.DIVERGED, epoch, "at epoch " + epoch + ": " + why);
        return new DivergedException(msg);
    }

    private void printEpoch(History.Epoch e, String extra, boolean improved) {
        if (log == null) return;
        String acc = Double.isNaN(e.devAccuracy()) || names.accuracyKey() == null ? ""
                : String.format(Locale.ROOT, ", %s %.2f%%", names.accuracyLabel(), 100 * e.devAccuracy());
        log.printf(Locale.ROOT, "epoch %d%s: %s %s, %s %s%s, lr %.2e, %.1f s (%,.0f %s/s)%s%s%n",
                e.epoch(), names.ofEpochs() ? "/" + opt.epochs() : "", names.trainLabel(), fmt(e.trainLoss()), names.devLabel(), fmt(e.devLoss()), acc,
                e.learningRate(), e.seconds(), e.items() / e.seconds(), names.items(), extra.isEmpty() ? "" : ", " + extra, improved ? "  * best " + names.devLabel() + ": model saved" : "");
    }

    private String fmt(double v) { return String.format(Locale.ROOT, "%." + names.decimals() + "f", v); }

    private void print(String line) { if (log != null) log.println(line); }

    /**
     * Progress within one epoch through the shared {@link ProgressBar} (live on a terminal, a plain line
     * every 10 s in a log), started at the first update, when the total is known; the epoch line
     * replaces it at the end of the epoch.
     */
    private final class Live implements Progress, TruncatedBptt.Resumption {
        private final int epoch;
        private final PartialCheckpoint.Saved from;
        private final long t0;
        private final long rngAtStart, updatesAtStart;
        private long lastSave;
        private ProgressBar bar;

        /** Epoch {@code epoch}, going on from {@code from} (null: from its start), begun at {@code t0} (nanoTime). */
        Live(int epoch, PartialCheckpoint.Saved from, long t0) {
            this.epoch = epoch;
            this.from = from;
            this.t0 = t0;
            this.lastSave = t0;
            this.rngAtStart = from != null ? from.rngAtEpochStart() : rng.state();
            this.updatesAtStart = from != null ? from.updatesAtEpochStart() : trainer.optimizer().steps();
        }

        /** Training seconds of this epoch before the partial checkpoint it went on from. */
        double secondsBefore() { return from == null ? 0 : from.seconds(); }

        @Override
        public void update(long done, long total, double loss) {
            if (log == null) return;
            if (bar == null) {
                bar = ProgressBar.start(log, "epoch " + epoch + (names.ofEpochs() ? "/" + opt.epochs() : ""), total, "");
                if (from != null) bar.from(from.position().frames());
            }
            bar.update(done, String.format(Locale.ROOT, "loss %.3f", loss));
        }

        @Override
        public TruncatedBptt.Resumption resumption() { return opt.partialEvery() == null ? null : this; }

        @Override
        public TruncatedBptt.Position start() { return from == null ? null : from.position(); }

        @Override
        public void reached(TruncatedBptt.Position position) {
            long now = System.nanoTime();
            if (now - lastSave < opt.partialEvery().toNanos()) return;
            try {
                PartialCheckpoint.save(checkpoints(), trainer, new PartialCheckpoint.Saved(null, epoch, updatesAtStart, rngAtStart,
                        secondsBefore() + (now - t0) / 1e9, PartialCheckpoint.settingsDigest(run.resolve(RunDirectory.SETTINGS)), position));
            } catch (IOException | RuntimeException e) {
                // an optimisation of resuming, not a reason to stop a long run: said, and tried again at the next interval
                if (bar != null) bar.println("partial checkpoint not written (" + e.getMessage() + "); training goes on");
                else print("partial checkpoint not written (" + e.getMessage() + "); training goes on");
            }
            lastSave = System.nanoTime();
        }

        void end() { if (bar != null) bar.dismiss(); }
    }
}
