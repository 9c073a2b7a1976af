package carousel.lag;

import carousel.loss.Frames;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;

import java.util.Locale;

/**
 * Experiment 5 of Hochreiter &amp; Schmidhuber, "Long Short-Term Memory", Neural Computation
 * 9(8):1735–1780, 1997 (Sec. 5.5, Table 8): the multiplication problem. As the adding problem
 * ({@link AddingProblem}), except that values are uniform in [0, 1], a marked first pair counts as
 * X1 = 1.0, and the target at the sequence end is X1 × X2. A sequence is correct when |error| &lt;
 * 0.04.
 *
 * <p>Stopping: the paper tested on 2560 fresh sequences as soon as fewer than n_seq of the 2000 most
 * recent training sequences had an error above 0.04, with n_seq = 140 (482,000 sequences, 139/2560
 * wrong, MSE 0.0223) and n_seq = 13 (1,273,000 sequences, 14/2560 wrong, MSE 0.0139) at T = 100.
 * {@link #errors}: (y − t)² at the end.
 */
public final class MultiplicationProblem implements LagTask {
    public static final double TOLERANCE = 0.04;
    private final int minLength, nSeq;

    public MultiplicationProblem(int minLength, int nSeq) {
        if (minLength < 20) throw new IllegalArgumentException("multiplication problem length T must be at least 20, got " + minLength);
        if (nSeq < 1 || nSeq > 2000) throw new IllegalArgumentException("n_seq (allowed wrong among the last 2000 training sequences, plus one) must be in [1, 2000], got " + nSeq);
        this.minLength = minLength;
        this.nSeq = nSeq;
    }

    public int maxLength() { return minLength + minLength / 10; }

    @Override
    public Batch trainBatch(Rng rng, int batchSize) {
        int[] lengths = new int[batchSize];
        int T = 0;
        for (int b = 0; b < batchSize; b++) { lengths[b] = minLength + rng.nextInt(minLength / 10 + 1); T = Math.max(T, lengths[b]); }
        Tensor x = Tensor.f32(T, batchSize, 2), y = Tensor.f32(T, batchSize, 1);
        for (int b = 0; b < batchSize; b++) {
            int len = lengths[b];
            int first = rng.nextInt(10);
            int second;
            do { second = rng.nextInt(minLength / 2 - 1); } while (second == first);
            double product = 1;
            for (int t = 0; t < len; t++) {
                double v = rng.nextDouble();
                double marker = (t == 0 || t == len - 1) ? -1 : 0;
                if ((t == first || t == second) && t != 0) {   // a marked first pair keeps its −1 and counts as X1 = 1
                    marker = 1;
                    product *= v;
                }
                x.set((t * batchSize + b) * 2, v);
                x.set((t * batchSize + b) * 2 + 1, marker);
            }
            y.set((len - 1) * batchSize + b, product);
        }
        return new Batch(x, T, batchSize, lengths, null, y, Frames.LAST);
    }

    @Override public String name() { return "multiplication"; }
    @Override public String title() { return String.format(Locale.ROOT, "Exp. 5 multiplication problem, T = %d, n_seq = %d", minLength, nSeq); }
    @Override public String paramKey() { return "T=" + minLength + ",nseq=" + nSeq; }
    @Override public int inputSize() { return 2; }
    @Override public int outputSize() { return 1; }
    @Override public Batch testBatch(Rng rng, int size) { return trainBatch(rng, size); }
    @Override public int[] firstErrors(Tensor outputs, Batch batch) { return PredictionChecks.endValueErrors(outputs, batch, TOLERANCE); }
    @Override public double[] errors(Tensor outputs, Batch batch) { return PredictionChecks.endValueSquaredErrors(outputs, batch); }

    @Override
    public Stopping stopping() {
        return new Stopping.TrainingWindow(2000, nSeq - 1, Double.POSITIVE_INFINITY,
                "fewer than " + nSeq + " of the 2000 most recent training sequences with |error| > 0.04 (Sec. 5.5, n_seq = " + nSeq + ")");
    }

    @Override public int finalTestSize() { return 2560; }

    @Override
    public PaperSetup paper() {
        return new PaperSetup("Sec. 5.5, Tables 8, 10, 11", 2, 2, "93", 0.1, 0.1, new double[]{-3, -6}, null, null,
                "architecture of Exp. 4: 1997 cell (no forget gate); all non-input units biased");
    }
}
