package carousel.train;

import carousel.lag.AddingProblem;
import carousel.layer.Param;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {
    static final AddingProblem TASK = new AddingProblem(20);

    static Trainer trainer(Optimizer opt, LearningRate lr) {
        SequenceModel m = new SequenceModel(ModelConfig.lstm(2, 8, 1, 0, false, 1), DType.F32);
        m.initialize(new Rng(5), 0.3, new double[]{0, 1, 0, 0});
        return new Trainer(m, opt, lr, new Trainer.Clipping(1.0, 0));
    }

    static void run(Trainer t, Rng rng, Path dir, long sequences) throws IOException {
        TrainingLoop loop = new TrainingLoop(t, r -> TASK.batch(r, 4), rng, null);
        if (dir != null) loop.checkpoints(dir, 40);
        loop.run(sequences, 1_000_000, (u, s, l, sec) -> false);
    }

    /** Interrupted at a checkpoint and resumed, a run ends with exactly the weights of an uninterrupted run. */
    @Test
    void resumedRunContinuesAsIfUninterrupted(@TempDir Path tmp) throws IOException {
        for (boolean adam : new boolean[]{true, false}) {
            Trainer whole = trainer(adam ? new Adam() : new Sgd(0.9, 1e-4), LearningRate.reduceOnPlateau(0.01, 0.5, 1, 1e-4));
            run(whole, new Rng(77), null, 200);

            Path dir = tmp.resolve(adam ? "adam" : "sgd");
            Trainer first = trainer(adam ? new Adam() : new Sgd(0.9, 1e-4), LearningRate.reduceOnPlateau(0.01, 0.5, 1, 1e-4));
            run(first, new Rng(77), dir, 120);        // "interrupted" after 120 sequences (last checkpoint at 120)
            Trainer resumed = trainer(adam ? new Adam() : new Sgd(0.9, 1e-4), LearningRate.reduceOnPlateau(0.01, 0.5, 1, 1e-4));
            run(resumed, new Rng(12345), dir, 200);    // the Rng state comes from the checkpoint, not this seed

            for (Param p : whole.model().params().values())
                assertArrayEquals(p.value().f, resumed.model().params().get(p.name()).value().f, p.name() + (adam ? " (Adam)" : " (SGD)"));
            assertEquals(whole.optimizer().steps(), resumed.optimizer().steps());
        }
    }

    /** NaN in the data stops training before any update, and the latest checkpoint stays the last good one. */
    @Test
    void nonFiniteLossStopsAndLeavesCheckpointUntouched(@TempDir Path tmp) throws IOException {
        Trainer t = trainer(new Adam(), LearningRate.constant(0.01));
        Path dir = tmp.resolve("run");
        run(t, new Rng(1), dir, 40);
        Path latest = Checkpoint.latest(dir);
        byte[] weightsBefore = Files.readAllBytes(latest.resolve("model.safetensors"));
        float[] w = t.model().params().get("lstm.weight_hh_l0").value().f.clone();

        TrainingLoop loop = new TrainingLoop(t, r -> {
            Batch b = TASK.batch(r, 4);
            b.x().f[3] = Float.NaN;
            return b;
        }, new Rng(2), null).checkpoints(dir, 4);
        Trainer.NonFiniteException e = assertThrows(Trainer.NonFiniteException.class, () -> loop.run(1000, 1000, (u, s, l, sec) -> false));
        assertTrue(e.getMessage().contains("NaN") || e.getMessage().contains("loss is"), e.getMessage());
        assertArrayEquals(w, t.model().params().get("lstm.weight_hh_l0").value().f, "no update may be applied");
        assertEquals(latest, Checkpoint.latest(dir));
        assertArrayEquals(weightsBefore, Files.readAllBytes(latest.resolve("model.safetensors")));
    }

    @Test
    void aCorruptCheckpointIsAClearError(@TempDir Path tmp) throws IOException {
        Trainer t = trainer(new Adam(), LearningRate.constant(0.01));
        Path dir = tmp.resolve("run");
        run(t, new Rng(1), dir, 40);
        Path weights = Checkpoint.latest(dir).resolve("model.safetensors");
        byte[] b = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(b, b.length - 7));
        Trainer fresh = trainer(new Adam(), LearningRate.constant(0.01));
        IOException e = assertThrows(IOException.class, () -> run(fresh, new Rng(1), dir, 80));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }
}
