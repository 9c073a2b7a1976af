package carousel.lag;

import carousel.online.Lstm1997;
import carousel.online.Lstm1997Config;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The online learner's schedule: every training sequence starts from a reset net (activations, cell
 * states and the traces ∂s/∂w), and the weights change after every step with an error or, with
 * {@link Preset.Update#SEQUENCE}, once per sequence by the sequence's summed truncated gradient.
 */
class OnlineLearnerTest {
    private static final EmbeddedReber REBER = new EmbeddedReber(1);

    private static Lstm1997 net(long seed) {
        return new Lstm1997(OnlineLearner.architecture(REBER), new Rng(seed));
    }

    private static int[][] strings(long seed, int n) {
        Rng r = new Rng(seed);
        int[][] s = new int[n][];
        for (int i = 0; i < n; i++) s[i] = ReberGrammar.generate(r);
        return s;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }

    /** Steps of sequence b of a one-hot batch as rows, and its targets (null for none). */
    private static double[][][] rows(Batch batch, int b) {
        int len = batch.lengths()[b], B = batch.batch(), I = batch.inputSize();
        double[][] xs = new double[len][I], ts = new double[len][];
        for (int t = 0; t < len; t++) {
            for (int i = 0; i < I; i++) xs[t][i] = batch.x().get((t * B + b) * I + i);
            int c = batch.classTargets()[t * B + b];
            if (c >= 0) { ts[t] = new double[I]; ts[t][c] = 1; }
        }
        return new double[][][]{xs, ts};
    }

    @Test
    void perSequenceUpdateIsTheSummedTruncatedGradientFromAResetNet() {
        double lr = 0.5;
        int[][] s = strings(3, 2);
        // learner: sequence A, then sequence B, per-sequence updates
        Lstm1997 a = net(9);
        OnlineLearner learner = new OnlineLearner(a, lr, Preset.Update.SEQUENCE, "test");
        learner.train(EmbeddedReber.batchOf(new int[][]{s[0]}));
        double[][] afterA = copy(a.weightArrays());
        // A leaves activations, cell states and traces non-zero: B must start from zeros all the same
        boolean nonZero = false;
        for (double[] st : a.saveState()) for (double v : st) nonZero |= v != 0;
        assertTrue(nonZero);
        learner.train(EmbeddedReber.batchOf(new int[][]{s[1]}));
        // reference: B's truncated gradient by BPTT through the stored sequence, from a reset state, at A's weights
        Lstm1997 ref = net(9);
        double[][] w = ref.weightArrays();
        for (int i = 0; i < w.length; i++) System.arraycopy(afterA[i], 0, w[i], 0, w[i].length);
        double[][][] b = rows(EmbeddedReber.batchOf(new int[][]{s[1]}), 0);
        ref.truncatedBpttGradient(b[0], b[1]);
        ref.applyGradient(lr);
        for (int i = 0; i < w.length; i++) assertArrayEquals(ref.weightArrays()[i], a.weightArrays()[i], 1e-12, "array " + i);
        // reset() zeroes activations, cell states and traces
        a.reset();
        for (double[] st : a.saveState()) for (double v : st) assertEquals(0.0, v);
    }

    /** Table 10 line by line, by weight count: each task's 1997 net (paper preset) has the paper's number of weights. */
    @Test
    void everyTasksNetCountsThePapersWeights() {
        int checked = 0;
        for (String name : LagTasks.names()) {
            if (name.equals("continual-reber")) continue;   // Gers 2000's count (424) is a secondary source's; ours is 623
            LagTask task = LagTasks.create(name, LagTasks.Options.defaults());
            assertEquals(Integer.parseInt(task.paper().weights()), OnlineLearner.architecture(task).weightCount(), name);
            checked++;
        }
        assertEquals(11, checked);
    }

    @Test
    void perStepAndPerSequenceUpdatesDiffer() {
        int[][] s = strings(7, 3);
        Lstm1997 step = net(2), seq = net(2);
        new OnlineLearner(step, 0.5, Preset.Update.STEP, "test").train(EmbeddedReber.batchOf(s));
        new OnlineLearner(seq, 0.5, Preset.Update.SEQUENCE, "test").train(EmbeddedReber.batchOf(s));
        assertNotEquals(step.weightArrays()[4][0], seq.weightArrays()[4][0]);
    }

    @Test
    void successorTargetsMarkEveryPossibleNextSymbolAndNoneAfterTheLast() {
        int[] bt = ReberGrammar.fromText("BTBTXSETE");
        Batch b = EmbeddedReber.successorBatch(new int[][]{bt});
        Tensor y = b.valueTargets();
        int O = ReberGrammar.SYMBOL_COUNT;
        // after B: T or P
        assertEquals(1.0, y.get(ReberGrammar.T), 0);
        assertEquals(1.0, y.get(ReberGrammar.P), 0);
        assertEquals(0.0, y.get(ReberGrammar.B), 0);
        // after BT: B only
        for (int k = 0; k < O; k++) assertEquals(k == ReberGrammar.B ? 1.0 : 0.0, y.get(O + k), 0);
        // after BTBTXSE: T only (the long-lag prediction)
        for (int k = 0; k < O; k++) assertEquals(k == ReberGrammar.T ? 1.0 : 0.0, y.get(6 * O + k), 0);
        assertTrue(Double.isNaN(y.get(8 * O)));
        // the stopping rule's check does not depend on the coding
        EmbeddedReber succ = new EmbeddedReber(1, EmbeddedReber.Targets.SUCCESSORS);
        assertTrue(succ.title().contains("successors"));
    }
}
