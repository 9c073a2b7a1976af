package carousel.train;

import carousel.lag.AddingProblem;
import carousel.model.ModelConfig;
import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The epoch loop's rules on a small LSTM trained for real, with development losses given by the test. */
class EpochLoopTest {
    static final AddingProblem TASK = new AddingProblem(20);

    /** Trains one real step per epoch; development losses are scripted (epoch e gets dev[e − 1]). */
    static final class Scripted implements EpochLoop.Task {
        final Trainer trainer;
        final double[] dev;
        int epoch;

        Scripted(Trainer trainer, double... dev) { this.trainer = trainer; this.dev = dev; }

        @Override public EpochLoop.Figures trainEpoch(int e, Rng rng, EpochLoop.Progress progress) {
            epoch = e;
            var r = trainer.step(TASK.batch(rng, 4), null);
            return new EpochLoop.Figures(r.loss(), 4, "");
        }
        @Override public double[] evaluate() { return new double[]{dev[epoch - 1], Double.NaN}; }
        @Override public void saveBest(Path dir, History.Epoch e) throws IOException {
            ModelFiles.save(dir, trainer.model(), Map.of("epoch", Integer.toString(e.epoch())));
        }
        @Override public String reportHeader() { return "# test\n\n"; }
        @Override public double chanceLoss() { return 50; }
    }

    static Trainer trainer() {
        SequenceModel m = new SequenceModel(ModelConfig.lstm(2, 4, 1, 0, false, 1), DType.F32);
        m.initialize(new Rng(3), 0.3, new double[]{0, 1, 0, 0});
        return new Trainer(m, new Adam(), LearningRate.reduceOnPlateau(0.01, 0.5, 0, 1e-4), new Trainer.Clipping(1, 0));
    }

    static EpochLoop.Outcome run(Path dir, int epochs, int patience, ByteArrayOutputStream log, double... dev) throws IOException {
        return run(dir, new EpochLoop.Options(epochs, patience), log, dev);
    }

    static EpochLoop.Outcome run(Path dir, EpochLoop.Options options, ByteArrayOutputStream log, double... dev) throws IOException {
        Trainer t = trainer();
        try (RunDirectory run = RunDirectory.open(dir, Map.of("--lr", "0.01"), false, null)) {
            return new EpochLoop(run, t, new Rng(9), options, History.Names.ACOUSTIC, dir.resolve("model"),
                    new PrintStream(log, true, StandardCharsets.UTF_8)).run(new Scripted(t, dev));
        }
    }

    /** The weights of a model or checkpoint directory, by name. */
    static Map<String, float[]> weights(Path dir) throws IOException {
        Map<String, float[]> w = new java.util.TreeMap<>();
        carousel.io.SafeTensors.read(dir.resolve("model.safetensors")).tensors().forEach((k, t) -> w.put(k, t.data()));
        return w;
    }

    /** Thrown by {@link Streamed} to kill a run inside an epoch. */
    static final class Killed extends RuntimeException {
        Killed() { super("killed"); }
    }

    /**
     * Trains for real with truncated BPTT (12 sequences of 90 steps in all, 3 streams, chunks of 2 steps: 15 or more chunks an epoch; a 2-layer LSTMP) through the
     * loop's partial checkpoints; development losses scripted; killed after chunk {@code killAt} of epoch
     * {@code killEpoch} (0: never).
     */
    static final class Streamed implements EpochLoop.Task {
        final Trainer trainer;
        final TruncatedBptt tbptt = new TruncatedBptt(TruncatedBpttTest.sequences(new Rng(21), 9, 4, 13, 7, 2, 11, 6, 8, 5, 12, 3, 10), TruncatedBpttTest.I, 3, 2);
        final int killEpoch, killAt;
        int epoch;

        Streamed(Trainer trainer, int killEpoch, int killAt) { this.trainer = trainer; this.killEpoch = killEpoch; this.killAt = killAt; }

        @Override public EpochLoop.Figures trainEpoch(int e, Rng rng, EpochLoop.Progress progress) {
            epoch = e;
            TruncatedBptt.Resumption res = progress.resumption();
            int[] chunk = {res != null && res.start() != null ? (int) res.start().chunks() : 0};
            double loss = tbptt.epoch(trainer.model(), trainer, rng, (batch, logits, l, ids, starts) -> {
                if (e == killEpoch && ++chunk[0] == killAt) throw new Killed();
            }, res);
            return new EpochLoop.Figures(loss, 96, "");
        }
        @Override public double[] evaluate() { return new double[]{5 - epoch, Double.NaN}; }
        @Override public void saveBest(Path dir, History.Epoch e) throws IOException {
            ModelFiles.save(dir, trainer.model(), Map.of("epoch", Integer.toString(e.epoch())));
        }
        @Override public String reportHeader() { return "# test\n\n"; }
    }

    static EpochLoop.Outcome streamed(Path dir, java.time.Duration partialEvery, int killEpoch, int killAt, ByteArrayOutputStream log) throws IOException {
        Trainer t = new Trainer(TruncatedBpttTest.model(4), new Adam(), LearningRate.reduceOnPlateau(0.01, 0.5, 0, 1e-4), new Trainer.Clipping(1, 0));
        try (RunDirectory run = RunDirectory.open(dir, Map.of("--lr", "0.01"), false, null)) {
            return new EpochLoop(run, t, new Rng(9), new EpochLoop.Options(3, 3, false, partialEvery), History.Names.ACOUSTIC, dir.resolve("model"),
                    new PrintStream(log, true, StandardCharsets.UTF_8)).run(new Streamed(t, killEpoch, killAt));
        }
    }

    /**
     * A run killed inside an epoch goes on from its newest partial checkpoint (weights, optimizer, the streams'
     * carried states, loss sums) and ends with the bits of an uninterrupted run, its history's training losses
     * included; saving partial checkpoints changes nothing; one of another starting state, or damaged, is not used
     * (the epoch is trained again from its checkpoint, to the same bits); none is left when the run ends.
     */
    @Test
    void aRunKilledInsideAnEpochGoesOnFromItsPartialCheckpointToTheSameBits(@TempDir Path dir) throws IOException {
        java.time.Duration always = java.time.Duration.ZERO;
        EpochLoop.Outcome plain = streamed(dir.resolve("plain"), null, 0, 0, new ByteArrayOutputStream());
        EpochLoop.Outcome saved = streamed(dir.resolve("saved"), always, 0, 0, new ByteArrayOutputStream());
        Map<String, float[]> ref = weights(dir.resolve("plain/model"));
        for (String k : ref.keySet()) assertArrayEquals(ref.get(k), weights(dir.resolve("saved/model")).get(k), k + ": saving partial checkpoints changes nothing");
        for (int i = 0; i < 3; i++) assertEquals(plain.history().get(i).trainLoss(), saved.history().get(i).trainLoss());
        assertFalse(PartialCheckpoint.exists(dir.resolve("saved/checkpoints")), "no partial checkpoint is left when the run ends");

        // killed at chunk 11 of epoch 2 (the partial checkpoint after chunk 10), then resumed
        Path killed = dir.resolve("killed");
        assertThrows(Killed.class, () -> streamed(killed, always, 2, 11, new ByteArrayOutputStream()));
        assertTrue(PartialCheckpoint.exists(killed.resolve("checkpoints")));
        assertEquals(2, PartialCheckpoint.read(killed.resolve("checkpoints")).epoch());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EpochLoop.Outcome resumed = streamed(killed, always, 0, 0, log);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("resumed inside epoch 2 from partial-") && text.contains("after 10 chunks"), text);
        for (String k : ref.keySet()) assertArrayEquals(ref.get(k), weights(killed.resolve("model")).get(k), k + ": resumed inside the epoch");
        for (int i = 0; i < 3; i++)
            assertEquals(plain.history().get(i).trainLoss(), resumed.history().get(i).trainLoss(), "epoch " + (i + 1) + "'s training loss");
        assertFalse(PartialCheckpoint.exists(killed.resolve("checkpoints")));

        // a partial checkpoint of another starting state: not used, the epoch trained again from its start
        Path other = dir.resolve("other");
        assertThrows(Killed.class, () -> streamed(other, always, 2, 7, new ByteArrayOutputStream()));
        Path pj = PartialCheckpoint.read(other.resolve("checkpoints")).dir().resolve("partial.json");
        Files.writeString(pj, Files.readString(pj).replaceFirst("\"rng_state_at_epoch_start\": *\"-?[0-9]+\"", "\"rng_state_at_epoch_start\": \"12345\""));
        ByteArrayOutputStream otherLog = new ByteArrayOutputStream();
        streamed(other, always, 0, 0, otherLog);
        assertTrue(otherLog.toString(StandardCharsets.UTF_8).contains("partial checkpoint not used: it belongs to epoch 2 from another starting state; epoch 2 is trained from its start"), otherLog.toString(StandardCharsets.UTF_8));
        for (String k : ref.keySet()) assertArrayEquals(ref.get(k), weights(other.resolve("model")).get(k), k + ": epoch 2 trained again");

        // a damaged optimizer state: the weights already read into the trainer, then the epoch checkpoint restored over them
        Path damaged = dir.resolve("damaged");
        assertThrows(Killed.class, () -> streamed(damaged, always, 3, 5, new ByteArrayOutputStream()));
        Path wf = PartialCheckpoint.read(damaged.resolve("checkpoints")).dir().resolve("optimizer.safetensors");
        byte[] b = Files.readAllBytes(wf);
        Files.write(wf, java.util.Arrays.copyOf(b, b.length - 16));
        ByteArrayOutputStream damagedLog = new ByteArrayOutputStream();
        streamed(damaged, always, 0, 0, damagedLog);
        assertTrue(damagedLog.toString(StandardCharsets.UTF_8).contains("partial checkpoint not used: it is damaged"), damagedLog.toString(StandardCharsets.UTF_8));
        for (String k : ref.keySet()) assertArrayEquals(ref.get(k), weights(damaged.resolve("model")).get(k), k + ": epoch 3 trained again");

        // written under other settings (a start with --override killed before the partial checkpoint was removed)
        Path changed = dir.resolve("changed");
        assertThrows(Killed.class, () -> streamed(changed, always, 2, 6, new ByteArrayOutputStream()));
        Path settings = changed.resolve(RunDirectory.SETTINGS);
        Files.writeString(settings, Files.readString(settings).replace("0.01", "0.02"));
        ByteArrayOutputStream changedLog = new ByteArrayOutputStream();
        Trainer t = new Trainer(TruncatedBpttTest.model(4), new Adam(), LearningRate.reduceOnPlateau(0.01, 0.5, 0, 1e-4), new Trainer.Clipping(1, 0));
        try (RunDirectory run = RunDirectory.open(changed, Map.of("--lr", "0.02"), true, null)) {
            new EpochLoop(run, t, new Rng(9), new EpochLoop.Options(3, 3, false, always), History.Names.ACOUSTIC, changed.resolve("model"),
                    new PrintStream(changedLog, true, StandardCharsets.UTF_8)).run(new Streamed(t, 0, 0));
        }
        assertTrue(changedLog.toString(StandardCharsets.UTF_8).contains("partial checkpoint not used: the run's settings changed since it was written"),
                changedLog.toString(StandardCharsets.UTF_8));

        // killed after its epoch's checkpoint, before the partial one was removed: removed quietly
        Path late = dir.resolve("late");
        streamed(late, always, 0, 0, new ByteArrayOutputStream());
        Trainer lt = new Trainer(TruncatedBpttTest.model(4), new Adam(), LearningRate.constant(0.01), new Trainer.Clipping(1, 0));
        PartialCheckpoint.save(late.resolve("checkpoints"), lt, new PartialCheckpoint.Saved(null, 3, 0, 0, 1, "",
                new TruncatedBptt.Position(1, 0, 0, new carousel.tensor.Tensor[0][])));
        ByteArrayOutputStream lateLog = new ByteArrayOutputStream();
        Trainer t5 = new Trainer(TruncatedBpttTest.model(4), new Adam(), LearningRate.reduceOnPlateau(0.01, 0.5, 0, 1e-4), new Trainer.Clipping(1, 0));
        try (RunDirectory run = RunDirectory.open(late, Map.of("--lr", "0.01"), false, null)) {
            new EpochLoop(run, t5, new Rng(9), new EpochLoop.Options(4, 3, false, always), History.Names.ACOUSTIC, late.resolve("model"),
                    new PrintStream(lateLog, true, StandardCharsets.UTF_8)).run(new Streamed(t5, 0, 0));
        }
        assertFalse(lateLog.toString(StandardCharsets.UTF_8).contains("partial checkpoint"), lateLog.toString(StandardCharsets.UTF_8));
        assertFalse(PartialCheckpoint.exists(late.resolve("checkpoints")));
    }

    /**
     * A new --lr given with --override at a start that was killed before its first checkpoint is not lost: the next
     * start sees the settings unchanged, but the checkpoint's schedule started from another rate, so the rate restarts.
     */
    @Test
    void aNewRateSurvivesAStartKilledBeforeItsFirstCheckpoint(@TempDir Path dir) throws IOException {
        run(dir, 2, 5, new ByteArrayOutputStream(), 5, 4);
        Path settings = dir.resolve(RunDirectory.SETTINGS);
        Files.writeString(settings, Files.readString(settings).replace("0.01", "0.02"));   // what the killed --override start left
        SequenceModel m = new SequenceModel(ModelConfig.lstm(2, 4, 1, 0, false, 1), DType.F32);
        m.initialize(new Rng(3), 0.3, new double[]{0, 1, 0, 0});
        Trainer t = new Trainer(m, new Adam(), LearningRate.reduceOnPlateau(0.02, 0.5, 0, 1e-4), new Trainer.Clipping(1, 0));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (RunDirectory run = RunDirectory.open(dir, Map.of("--lr", "0.02"), false, null)) {
            assertTrue(run.changedSettings().isEmpty());
            new EpochLoop(run, t, new Rng(9), new EpochLoop.Options(3, 5), History.Names.ACOUSTIC, dir.resolve("model"),
                    new PrintStream(log, true, StandardCharsets.UTF_8)).run(new Scripted(t, 5, 4, 3));
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("override: learning rate back to 2.00e-02"), log.toString(StandardCharsets.UTF_8));
    }

    /**
     * An epoch rejected back to the newest checkpoint saves that state under a new name after it, so that the newest
     * checkpoint is never rewritten in place (a kill during the write leaves it whole); the rejection test's resumed
     * run ends as an uninterrupted one (above).
     */
    @Test
    void aRejectedEpochsCheckpointTakesANewNameAfterTheNewest(@TempDir Path dir) throws IOException {
        run(dir, new EpochLoop.Options(4, 5, true), new ByteArrayOutputStream(), 5, 4, 4.5, 4.6);
        Path c = dir.resolve("checkpoints");
        String newest = Checkpoint.latest(c).getFileName().toString();
        assertTrue(newest.matches("checkpoint-0*2-002"), "two rejections back to epoch 2's state (2 updates): " + newest);
        try (var l = Files.list(c)) {
            assertEquals(List.of("checkpoint-000000002-001", "checkpoint-000000002-002"),
                    l.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")).sorted().toList(), "the two newest kept");
        }
        Trainer t = trainer();
        assertEquals(4, Checkpoint.restore(Checkpoint.latest(c), t).epochs());
    }

    @Test
    void aRejectedEpochGoesBackToTheBestWeightsAtTheHalvedRateAndResumesExactly(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EpochLoop.Outcome o = run(dir.resolve("a"), new EpochLoop.Options(3, 5, true), log, 5, 4, 4.5);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("epoch 3 rejected: weights and optimizer back to the state after epoch 2; next epoch at lr 5.00e-03"), text);
        assertEquals(3, o.history().size(), "the rejected epoch stays in the history");
        assertEquals(2, o.best().epoch());
        Path last = Checkpoint.latest(dir.resolve("a/checkpoints"));
        Map<String, float[]> best = weights(dir.resolve("a/model")), after = weights(last);
        assertEquals(best.keySet(), after.keySet());
        for (String k : best.keySet()) assertArrayEquals(best.get(k), after.get(k), k + ": the checkpoint after the rejected epoch holds epoch 2's weights");
        Trainer t = trainer();
        assertEquals(3, Checkpoint.restore(last, t).epochs());
        assertEquals(0.005, t.learningRate().rate(), 1e-12, "the rate the schedule gave after the bad epoch");

        // kept, not rejected: the same epochs without the rule go on from epoch 3's weights
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        run(dir.resolve("b"), new EpochLoop.Options(3, 5, false), kept, 5, 4, 4.5);
        assertFalse(kept.toString(StandardCharsets.UTF_8).contains("rejected"));
        Map<String, float[]> b3 = weights(Checkpoint.latest(dir.resolve("b/checkpoints")));
        assertFalse(java.util.Arrays.equals(b3.values().iterator().next(), after.values().iterator().next()), "without the rule the checkpoint holds epoch 3's own weights");

        // a run stopped after the rejected epoch and resumed ends as an uninterrupted one
        run(dir.resolve("c"), new EpochLoop.Options(5, 5, true), new ByteArrayOutputStream(), 5, 4, 4.5, 3.5, 3);
        run(dir.resolve("d"), new EpochLoop.Options(3, 5, true), new ByteArrayOutputStream(), 5, 4, 4.5);
        run(dir.resolve("d"), new EpochLoop.Options(5, 5, true), new ByteArrayOutputStream(), 5, 4, 4.5, 3.5, 3);
        Map<String, float[]> c = weights(dir.resolve("c/model")), d = weights(dir.resolve("d/model"));
        for (String k : c.keySet()) assertArrayEquals(c.get(k), d.get(k), k);
    }

    @Test
    void aFirstEpochNoBetterThanChanceIsRejectedBackToTheInitialWeights(@TempDir Path dir) throws IOException {
        // chance level 50: a first epoch at 60 (a network blown up inside it) is rejected, not kept as the best so far
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EpochLoop.Outcome o = run(dir.resolve("a"), new EpochLoop.Options(1, 5, true), log, 60);
        String text = log.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("epoch 1 rejected: weights and optimizer back to the initial state (no better than chance); next epoch at lr 5.00e-03"), text);
        assertFalse(Files.exists(dir.resolve("a/model")), "no best model from an epoch worse than chance");
        assertEquals(1, o.history().size(), "the rejected epoch stays in the history");
        Path initial = dir.resolve("initial");
        ModelFiles.save(initial, trainer().model(), Map.of());
        Map<String, float[]> w0 = weights(initial), after = weights(Checkpoint.latest(dir.resolve("a/checkpoints")));
        for (String k : w0.keySet()) assertArrayEquals(w0.get(k), after.get(k), k + ": the checkpoint after the rejected epoch holds the initial weights");

        // resumed after it, the run ends as an uninterrupted one; its second epoch (below chance) is the best
        EpochLoop.Outcome d = run(dir.resolve("a"), new EpochLoop.Options(3, 5, true), new ByteArrayOutputStream(), 60, 4, 3);
        EpochLoop.Outcome c = run(dir.resolve("c"), new EpochLoop.Options(3, 5, true), new ByteArrayOutputStream(), 60, 4, 3);
        assertEquals(3, c.best().epoch());
        assertEquals(c.history().stream().map(e -> List.of(e.epoch(), e.trainLoss(), e.devLoss(), e.learningRate())).toList(),
                d.history().stream().map(e -> List.of(e.epoch(), e.trainLoss(), e.devLoss(), e.learningRate())).toList());
        assertEquals(0.005, c.history().get(1).learningRate(), 1e-12, "the epoch after the rejected first one runs at the halved rate");
        Map<String, float[]> wc = weights(dir.resolve("c/model")), wd = weights(dir.resolve("a/model"));
        for (String k : wc.keySet()) assertArrayEquals(wc.get(k), wd.get(k), k);

        // without the rule the first epoch is kept, whatever its loss
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        assertEquals(1, run(dir.resolve("b"), new EpochLoop.Options(1, 5, false), kept, 60).best().epoch());
        assertFalse(kept.toString(StandardCharsets.UTF_8).contains("rejected"));
    }

    @Test
    void stopsAfterPatienceEpochsWithoutImprovementAndAFinishedRunStaysFinished(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EpochLoop.Outcome o = run(dir, 10, 3, log, 5, 4, 4.5, 4.2, 4.1, 3, 2);
        assertEquals(5, o.history().size(), "epochs 3, 4, 5 bring no improvement on epoch 2: patience 3 stops after epoch 5");
        assertTrue(o.stoppedEarly());
        assertEquals(2, o.best().epoch());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("early stop: no development improvement for 3 epochs"), log.toString(StandardCharsets.UTF_8));
        assertEquals("2", carousel.io.SafeTensors.read(dir.resolve("model/model.safetensors")).metadata().get("epoch"), "the best model is epoch 2's");
        assertTrue(Files.readString(dir.resolve(RunDirectory.STATE)).contains("early-stopped"));

        byte[] weights = Files.readAllBytes(dir.resolve("model/model.safetensors"));
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        EpochLoop.Outcome o2 = run(dir, 20, 3, again, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertTrue(o2.wasFinished());
        assertEquals(5, o2.history().size());
        assertTrue(again.toString(StandardCharsets.UTF_8).contains("holds a finished run (early stop after epoch 5"), again.toString(StandardCharsets.UTF_8));
        assertArrayEquals(weights, Files.readAllBytes(dir.resolve("model/model.safetensors")));
    }

    @Test
    void anExplodingDevelopmentLossStopsWithTheBestModelIntact(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EpochLoop.DivergedException e = assertThrows(EpochLoop.DivergedException.class, () -> run(dir, 5, 2, log, 5, 4, 51, 3));
        assertTrue(e.getMessage().contains("diverged at epoch 3: dev CE 51.0000 is more than 10 times the first epoch's 5.0000")
                && e.getMessage().contains("best model (epoch 2)"), e.getMessage());
        assertEquals(2, Checkpoint.restoreNewestIntact(dir.resolve("checkpoints"), trainer(), null).progress().epochs());
        assertEquals(2, History.read(dir.resolve("history.json"), History.Names.ACOUSTIC).size());
        // the same run again is refused: it would diverge again
        assertThrows(IllegalArgumentException.class, () -> run(dir, 5, 2, log, 5, 4, 51, 3));
    }

    @Test
    void aFirstEpochFarWorseThanChanceOrNotFiniteIsDivergence(@TempDir Path dir) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EpochLoop.DivergedException e = assertThrows(EpochLoop.DivergedException.class, () -> run(dir.resolve("a"), 5, 2, log, 501));
        assertTrue(e.getMessage().contains("chance level 50.0000") && e.getMessage().contains("no model was written"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("a/model")));
        EpochLoop.DivergedException nan = assertThrows(EpochLoop.DivergedException.class, () -> run(dir.resolve("b"), 5, 2, log, 5, Double.NaN));
        assertTrue(nan.getMessage().contains("dev CE is NaN"), nan.getMessage());
    }

    @Test
    void aDamagedLatestCheckpointGivesWayToThePreviousOne(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        run(dir, 3, 5, log, 5, 4, 3, 2, 1);
        Path latest = Checkpoint.latest(dir.resolve("checkpoints"));
        Path weights = latest.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(b, b.length - 9));

        ByteArrayOutputStream resumed = new ByteArrayOutputStream();
        EpochLoop.Outcome o = run(dir, 4, 5, resumed, 5, 4, 3, 2, 1);
        String text = resumed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("checkpoint damaged (") && text.contains("model.safetensors") && text.contains("resuming from the previous intact one"), text);
        assertTrue(text.contains("after epoch 2") && text.contains("epoch 3/4") && text.contains("epoch 4/4"), text);
        assertEquals(4, o.history().size());
    }

    @Test
    void aRunDirectoryIsHeldOnceAndAKilledSwapIsUndone(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("model.old"));
        Files.writeString(dir.resolve("model.old/config.json"), "old");
        Files.createDirectories(dir.resolve("model.new"));
        Files.writeString(dir.resolve("history123.part"), "");
        try (RunDirectory run = RunDirectory.open(dir, Map.of(), false, null)) {
            run.recoverDirectory(dir.resolve("model"));
            assertEquals("old", Files.readString(dir.resolve("model/config.json")), "an old model without a new one is put back");
            assertFalse(Files.exists(dir.resolve("model.new")) || Files.exists(dir.resolve("history123.part")));
            RunDirectory.InUseException e = assertThrows(RunDirectory.InUseException.class, () -> RunDirectory.open(dir, Map.of(), false, null));
            assertTrue(e.getMessage().contains("in use by another training run (pid " + ProcessHandle.current().pid() + ", started "), e.getMessage());
            run.replaceDirectory(dir.resolve("model"), d -> Files.writeString(d.resolve("config.json"), "new"));
            assertEquals("new", Files.readString(dir.resolve("model/config.json")));
            assertFalse(Files.exists(dir.resolve("model.old")));
        }
        try (RunDirectory run = RunDirectory.open(dir, Map.of(), false, null)) {
            assertNull(run.finished(1));
        }
    }
}
