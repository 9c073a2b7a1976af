package carousel.lag;

import carousel.layer.Lstm;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BpttLearnerTest {
    /** Predicting a stream in chunks with carried state gives the outputs of predicting it whole. */
    @Test
    void chunkedStreamPredictionEqualsWholeSequence() {
        ContinualReber task = new ContinualReber(2, 100);
        for (String cell : new String[]{"lstm", "rnn"}) {
            BpttLearner learner = new BpttLearner(task, cell, Preset.modern(task).withHidden(8), new Rng(1));
            Batch whole = task.streams(new Rng(5), 2).next(30);
            Tensor expected = learner.predict(whole).copy();
            ContinualTask.Streams s = task.streams(new Rng(5), 2);
            boolean[] reset = {true, true};
            int row = 0;
            for (int chunk = 0; chunk < 3; chunk++) {
                Batch c = s.next(10);
                Tensor out = learner.predictStream(c, reset);
                reset = new boolean[]{false, false};
                for (int i = 0; i < out.size(); i++) assertEquals(expected.f[row + i], out.f[i], 1e-5, cell + " chunk " + chunk + " value " + i);
                row += out.size();
            }
            // a reset stream starts again from zero: stream 1 restarted gives the outputs of a fresh stream
            Tensor fresh = learner.predict(new ContinualReber(2, 100).streams(new Rng(5), 2).next(10)).copy();
            Tensor again = learner.predictStream(task.streams(new Rng(5), 2).next(10), new boolean[]{false, true});
            for (int t = 0; t < 10; t++)
                for (int k = 0; k < 7; k++) assertEquals(fresh.f[(t * 2 + 1) * 7 + k], again.f[(t * 2 + 1) * 7 + k], 1e-5);
        }
    }

    @Test
    void outputsAreProbabilitiesForClassesAndRawForValues() {
        LagTask reber = new EmbeddedReber(1);
        BpttLearner modern = new BpttLearner(reber, "lstm", Preset.modern(reber), new Rng(2));
        Batch b = reber.trainBatch(new Rng(3), 4);
        Tensor p = modern.predict(b);
        for (int r = 0; r < p.size() / 7; r++) {
            double sum = 0;
            for (int k = 0; k < 7; k++) sum += p.f[r * 7 + k];
            assertEquals(1.0, sum, 1e-5, "softmax row " + r);
        }
        modern.train(b);
        assertEquals(p.size(), modern.lastOutputs().size());
        BpttLearner paper = new BpttLearner(reber, "lstm", Preset.paper(reber), new Rng(2));
        for (float v : paper.predict(b).f) assertTrue(v > 0 && v < 1, "sigmoid output " + v);
        LagTask adding = new AddingProblem(20);
        BpttLearner linear = new BpttLearner(adding, "rnn", Preset.modern(adding), new Rng(2));
        Batch ab = adding.trainBatch(new Rng(3), 3);
        Tensor out = linear.predict(ab);
        Tensor logits = linear.model().forward(linear.model().newCache(), ab.x(), ab.steps(), ab.batch(), ab.lengths(), null);
        for (int i = 0; i < out.size(); i++) assertEquals(logits.f[i], out.f[i]);
    }

    /** The paper preset: per-block gate biases (Exp. 4: input gates −3, −6 on blocks of 2 cells), weights in ±0.1, the 1997 g and h. */
    @Test
    void paperPresetSetsTheGateBiasesBlockByBlock() {
        AddingProblem task = new AddingProblem(100);
        BpttLearner l = new BpttLearner(task, "lstm", Preset.paper(task), new Rng(4));
        Lstm lstm = (Lstm) l.model().layers().get(0);
        int H = 4;
        float[] bias = lstm.biasIh.value().f;
        assertEquals(-3f, bias[0]); assertEquals(-3f, bias[1]); assertEquals(-6f, bias[2]); assertEquals(-6f, bias[3]);
        for (int j = 0; j < H; j++) {
            assertEquals((float) BpttLearner.PAPER_FORGET_BIAS, bias[H + j], "forget gate");
            assertTrue(Math.abs(bias[3 * H + j]) <= 0.1f, "output gate bias from the init range");
            assertEquals(0f, lstm.biasHh.value().f[j]);
        }
        for (float w : lstm.weightIh.value().f) assertTrue(Math.abs(w) <= 0.1f);
        for (float w : l.model().output().weight.value().f) assertTrue(Math.abs(w) <= 0.1f);
        assertEquals(carousel.tensor.Activation.SIGMOID4, lstm.config().cellInput());
        assertEquals(carousel.tensor.Activation.SIGMOID2, lstm.config().cellOutput());
        assertTrue(l.describe().contains("SGD lr 0.5, batch 1"), l.describe());
        // Gers 2000: input, output and forget gates per block of 2 cells
        ContinualReber cerg = new ContinualReber(1, 100);
        Lstm g = (Lstm) new BpttLearner(cerg, "lstm", Preset.paper(cerg), new Rng(4)).model().layers().get(0);
        float[] gb = g.biasIh.value().f;
        assertEquals(-2f, gb[7], "input gate, block 4");
        assertEquals(2f, gb[8 + 7], "forget gate, block 4");
        assertEquals(-0.5f, gb[24], "output gate, block 1");
    }

    @Test
    void modernPresetForgetBiasIsSetAndDescribed() {
        AddingProblem task = new AddingProblem(50);
        for (double fb : new double[]{Preset.MODERN_FORGET_BIAS, 5}) {
            Preset pr = fb == Preset.MODERN_FORGET_BIAS ? Preset.modern(task) : Preset.modern(task).withForgetBias(fb);
            BpttLearner l = new BpttLearner(task, "lstm", pr, new Rng(4));
            Lstm lstm = (Lstm) l.model().layers().get(0);
            int H = lstm.config().hiddenSize();
            for (int j = 0; j < H; j++) assertEquals((float) fb, lstm.biasIh.value().f[H + j], "forget gate " + j);
            assertTrue(l.describe().contains("forget-gate bias +" + Preset.number(fb)), l.describe());
        }
        assertThrows(IllegalArgumentException.class, () -> Preset.modern(task).withForgetBias(Double.NaN));
    }

    /** One paper-preset step is plain SGD on ½Σ(σ(z) − t)²: a small step lowers the loss of the sequence it was taken on. */
    @Test
    void paperStepLowersTheLossOfItsSequence() {
        TemporalOrder task = new TemporalOrder(2, 20);
        Batch b = task.trainBatch(new Rng(6), 1);
        double lr = 1e-3;
        BpttLearner l = new BpttLearner(task, "lstm", Preset.paper(task).withLearningRate(lr), new Rng(7));
        double before = l.train(b).loss();   // loss before the update, then one update
        double after = l.train(b).loss();
        assertTrue(after < before, "one SGD step on the same sequence lowers its loss: " + before + " -> " + after);
    }

    @Test
    void unknownCellIsAnError() {
        AddingProblem task = new AddingProblem(20);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new BpttLearner(task, "gru", Preset.modern(task), new Rng(1)))
                .getMessage().contains("lstm or rnn"));
    }
}
