package carousel.lag;

import carousel.loss.Frames;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;

/**
 * Experiments 2a and 2b of Hochreiter &amp; Schmidhuber, "Long Short-Term Memory", Neural Computation
 * 9(8):1735–1780, 1997 (Sec. 5.2, Table 2): noise-free sequences with long time lags.
 *
 * <p>p+1 symbols a_1 … a_{p−1}, a_p = x, a_{p+1} = y in local coding (p+1 inputs and p+1 outputs;
 * here a_i is code i−1, x is p−1, y is p). The net predicts the next symbol at every step.
 * <ul>
 *   <li><b>2a</b>: the only two sequences are (y, a_1, …, a_{p−1}, y) and (x, a_1, …, a_{p−1}, x),
 *   each with probability 0.5. Every prediction is deterministic; a sequence passes when at every
 *   step the maximal absolute error of all outputs is below 0.25. The paper's success test, 10,000
 *   successive random sequences passing, is the same as both sequences passing, so the criterion is
 *   {@link Stopping.FixedSets} on the two.</li>
 *   <li><b>2b</b>: no local regularities: each of the p−1 middle symbols is drawn from a_1 … a_{p−1}.
 *   Only the last prediction (x or y, made while reading the last middle symbol) is tested: all
 *   outputs within 0.25 of the target; success on 10,000 successive random sequences.</li>
 * </ul>
 * The paper stopped training after 5 million sequences; LSTM succeeded at p = 100 after 5,040 (2a)
 * and 5,680 (2b) sequences on average. {@link #errors}: 2a the mean over steps, 2b the last
 * prediction's Σ_k (y_k − t_k)².
 */
public final class NoiseFreeSequences implements LagTask {
    public static final double TOLERANCE = 0.25;
    private final int p;
    private final boolean randomMiddle;
    private final Stopping stopping;

    private NoiseFreeSequences(int p, boolean randomMiddle) {
        if (p < 2) throw new IllegalArgumentException("p (the time lag) must be at least 2, got " + p);
        this.p = p;
        this.randomMiddle = randomMiddle;
        if (randomMiddle) {
            stopping = new Stopping.TestSet(10_000, 256, 0, Double.POSITIVE_INFINITY,
                    "10,000 successive random sequences with all outputs within 0.25 at the sequence end (Sec. 5.2, 2b)");
        } else {
            Batch both = batchOf(new int[][]{sequence(p - 1, null), sequence(p, null)});
            stopping = new Stopping.FixedSets(both, both,
                    "all outputs within 0.25 at every step on 10,000 successive random sequences (Sec. 5.2, 2a); there are only two, so: on both");
        }
    }

    /** Experiment 2a: the two fixed sequences. */
    public static NoiseFreeSequences exp2a(int p) { return new NoiseFreeSequences(p, false); }

    /** Experiment 2b: random middle symbols. */
    public static NoiseFreeSequences exp2b(int p) { return new NoiseFreeSequences(p, true); }

    public int p() { return p; }

    /** The symbols of one sequence: first = last = {@code end} (x or y), middle a_1..a_{p−1} or drawn with rng. */
    int[] sequence(int end, Rng rng) {
        int[] s = new int[p + 1];
        s[0] = end;
        s[p] = end;
        for (int t = 1; t < p; t++) s[t] = rng == null ? t - 1 : rng.nextInt(p - 1);
        return s;
    }

    private Batch batchOf(int[][] seqs) {
        int[][] targets = new int[seqs.length][p + 1];
        for (int b = 0; b < seqs.length; b++) {
            for (int t = 0; t < p; t++) targets[b][t] = seqs[b][t + 1];
            targets[b][p] = -1;
        }
        return PredictionChecks.symbolBatch(seqs, p + 1, targets, Frames.ALL);
    }

    @Override public String name() { return randomMiddle ? "2b" : "2a"; }

    @Override
    public String title() {
        return (randomMiddle ? "Exp. 2b noise-free sequences, no local regularities" : "Exp. 2a noise-free sequences") + ", p = " + p;
    }

    @Override public String paramKey() { return "p=" + p; }
    @Override public int inputSize() { return p + 1; }
    @Override public int outputSize() { return p + 1; }

    @Override
    public Batch trainBatch(Rng rng, int batchSize) {
        int[][] seqs = new int[batchSize][];
        for (int b = 0; b < batchSize; b++) seqs[b] = sequence(rng.nextInt(2) == 0 ? p - 1 : p, randomMiddle ? rng : null);
        return batchOf(seqs);
    }

    @Override public Batch testBatch(Rng rng, int size) { return trainBatch(rng, size); }

    @Override
    public int[] firstErrors(Tensor outputs, Batch batch) {
        if (!randomMiddle) return PredictionChecks.everyStepClassErrors(outputs, batch, TOLERANCE);
        int B = batch.batch(), O = outputSize(), t = p - 1;
        int[] first = new int[B];
        for (int b = 0; b < B; b++)
            first[b] = PredictionChecks.classWithin(outputs, (t * B + b) * O, O, batch.classTargets()[t * B + b], TOLERANCE) ? -1 : t;
        return first;
    }

    @Override
    public double[] errors(Tensor outputs, Batch batch) {
        if (!randomMiddle) return PredictionChecks.everyStepClassSquaredErrors(outputs, batch);
        int B = batch.batch(), O = outputSize(), t = p - 1;
        double[] e = new double[B];
        for (int b = 0; b < B; b++) e[b] = PredictionChecks.classSquaredError(outputs, (t * B + b) * O, O, batch.classTargets()[t * B + b]);
        return e;
    }

    @Override public Stopping stopping() { return stopping; }
    @Override public int finalTestSize() { return randomMiddle ? 10_000 : 2; }

    @Override
    public PaperSetup paper() {
        return new PaperSetup("Sec. 5.2, Table 2", 1, 1, p == 100 ? "10504" : "- (10504 at p = 100)", 1.0, 0.2, null, null, null,
                "one cell with an input gate and no output gate, g logistic, h identity, added once the error stopped falling; outputs fed by all units");
    }
}
