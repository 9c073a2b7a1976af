package carousel.lag;

import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiments 2a, 2b and 2c: symbol layout and targets, checked element by element. */
class LongLagTasksTest {
    static int[] symbols(Batch b, int s) {
        int[] out = new int[b.lengths()[s]];
        for (int t = 0; t < out.length; t++) out[t] = PredictionChecks.symbolAt(b, t, s);
        return out;
    }

    @Test
    void exp2aHasTwoSequencesWithMatchingFirstAndLastSymbol() {
        int p = 6;
        NoiseFreeSequences task = NoiseFreeSequences.exp2a(p);
        assertEquals(p + 1, task.inputSize());
        Batch b = task.trainBatch(new Rng(1), 64);
        int xs = 0;
        for (int s = 0; s < 64; s++) {
            int[] seq = symbols(b, s);
            assertEquals(p + 1, seq.length);
            assertTrue(seq[0] == p - 1 || seq[0] == p, "first symbol is x or y");
            assertEquals(seq[0], seq[p], "last symbol repeats the first");
            if (seq[0] == p - 1) xs++;
            for (int t = 1; t < p; t++) assertEquals(t - 1, seq[t], "a_t in order");
            for (int t = 0; t < p; t++) assertEquals(seq[t + 1], b.classTargets()[t * 64 + s], "next-symbol target");
            assertEquals(-1, b.classTargets()[p * 64 + s]);
        }
        assertTrue(xs > 16 && xs < 48, "x and y each about half: " + xs);
        // the fixed criterion set holds exactly the two sequences
        Stopping.FixedSets f = (Stopping.FixedSets) task.stopping();
        assertEquals(2, f.trainSet().batch());
        assertEquals(p - 1, symbols(f.trainSet(), 0)[p]);
        assertEquals(p, symbols(f.trainSet(), 1)[p]);
    }

    @Test
    void exp2bDrawsTheMiddleAndTestsOnlyTheLastPrediction() {
        int p = 8;
        NoiseFreeSequences task = NoiseFreeSequences.exp2b(p);
        Batch b = task.trainBatch(new Rng(2), 200);
        boolean[] seenSymbol = new boolean[p - 1];
        for (int s = 0; s < 200; s++) {
            int[] seq = symbols(b, s);
            assertEquals(seq[0], seq[p]);
            for (int t = 1; t < p; t++) { assertTrue(seq[t] < p - 1, "middle symbols are a_1..a_{p-1}"); seenSymbol[seq[t]] = true; }
        }
        for (boolean z : seenSymbol) assertTrue(z);
        // perfect at step p-1, wrong everywhere else: passes
        Tensor out = Tensor.f32(b.steps(), 200, p + 1);
        for (int s = 0; s < 200; s++) out.f[((p - 1) * 200 + s) * (p + 1) + b.classTargets()[(p - 1) * 200 + s]] = 0.8f;
        for (int r : task.firstErrors(out, b)) assertEquals(-1, r);
        // 0.74 on the target is an error of 0.26 >= 0.25
        out.f[((p - 1) * 200) * (p + 1) + b.classTargets()[(p - 1) * 200]] = 0.74f;
        assertEquals(p - 1, task.firstErrors(out, b)[0]);
    }

    @Test
    void exp2cSequencesStartWithBAndTheClassSymbolAndEndAtE() {
        int q = 30, p = 10;
        VeryLongLags task = new VeryLongLags(q, p);
        assertEquals(p + 4, task.inputSize());
        assertEquals(2, task.outputSize());
        int n = 2000;
        Batch b = task.trainBatch(new Rng(3), n);
        double extra = 0;
        for (int s = 0; s < n; s++) {
            int[] seq = symbols(b, s);
            int len = seq.length;
            assertTrue(len >= q + 3, "at least b, x/y, q distractors and e");
            assertEquals(task.b(), seq[0]);
            assertTrue(seq[1] == task.x() || seq[1] == task.y());
            for (int t = 2; t < len - 1; t++) assertTrue(seq[t] < p, "distractor at " + t);
            assertEquals(task.e(), seq[len - 1]);
            int target = b.classTargets()[(len - 1) * n + s];
            assertEquals(seq[1] == task.x() ? 0 : 1, target, "the target names the second symbol");
            for (int t = 0; t < len - 1; t++) assertEquals(-1, b.classTargets()[t * n + s]);
            extra += len - (q + 3);
        }
        assertEquals(9.0, extra / n, 0.6, "about 9 distractors beyond q before e (geometric, p = 0.1)");
        assertEquals("364", new VeryLongLags(50, 50).paper().weights());
        assertEquals("6064", new VeryLongLags(1000, 1000).paper().weights());
    }
}
