package carousel.lag;

import carousel.loss.Frames;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;

/**
 * Experiment 6 of Hochreiter &amp; Schmidhuber, "Long Short-Term Memory", Neural Computation
 * 9(8):1735–1780, 1997 (Sec. 5.6, Table 9): temporal order. A sequence starts with E and ends with
 * the trigger B; every other element is drawn from {a, b, c, d}, except at 2 (6a) or 3 (6b) relevant
 * positions, which hold X or Y. The class, asked for at the trigger, is the order of the relevant
 * symbols: 6a XX→Q, XY→R, YX→S, YY→U (4 classes); 6b XXX→Q, XXY→R, XYX→S, XYY→U, YXX→V, YXY→A,
 * YYX→B, YYY→C (8 classes); class index = the X/Y pattern read as binary, Y = 1.
 *
 * <p>Local coding: 8 inputs (E, B, a, b, c, d, X, Y as codes 0..7) and 4 or 8 outputs. Paper
 * positions (1-based): length in [100, 110]; 6a t1 in [10, 20], t2 in [50, 60]; 6b t1 in [10, 20],
 * t2 in [33, 43], t3 in [66, 76]. Here the scale L (the paper's 100) may be chosen: length in
 * [L, L + L/10], t1 in [L/10, 2L/10], 6a t2 in [L/2, L/2 + L/10], 6b t2 in [L/3, L/3 + L/10] and
 * t3 in [2L/3, 2L/3 + L/10] (integer division), which gives the paper's ranges at L = 100.
 *
 * <p>A sequence is correct when every output is within 0.3 of the one-hot class at the end. Stop
 * (ST3(0.1)) when the average training error Σ_k (y_k − t_k)² is below 0.1 and the 2000 most
 * recent training sequences are correct; the paper then counted wrong predictions on 2560 test
 * sequences (6a: 31,390 sequences, 1/2560 wrong; 6b: 571,100, 2/2560).
 */
public final class TemporalOrder implements LagTask {
    public static final int E = 0, B = 1, X = 6, Y = 7, SYMBOLS = 8;
    public static final double TOLERANCE = 0.3;
    private final int relevant, scale;

    public TemporalOrder(int relevant, int scale) {
        if (relevant != 2 && relevant != 3) throw new IllegalArgumentException("temporal order uses 2 (6a) or 3 (6b) relevant symbols, got " + relevant);
        if (scale < 20) throw new IllegalArgumentException("temporal order length L must be at least 20, got " + scale);
        this.relevant = relevant;
        this.scale = scale;
    }

    /** The 1-based ranges [lo, hi] of the relevant positions. */
    public int[][] positionRanges() {
        int L = scale;
        if (relevant == 2) return new int[][]{{L / 10, 2 * L / 10}, {L / 2, L / 2 + L / 10}};
        return new int[][]{{L / 10, 2 * L / 10}, {L / 3, L / 3 + L / 10}, {2 * L / 3, 2 * L / 3 + L / 10}};
    }

    public int minLength() { return scale; }
    public int maxLength() { return scale + scale / 10; }

    @Override
    public Batch trainBatch(Rng rng, int batchSize) {
        int[][] ranges = positionRanges();
        int[][] seqs = new int[batchSize][];
        int[][] targets = new int[batchSize][];
        for (int s = 0; s < batchSize; s++) {
            int len = scale + rng.nextInt(scale / 10 + 1);
            int[] seq = new int[len];
            seq[0] = E;
            seq[len - 1] = B;
            for (int t = 1; t < len - 1; t++) seq[t] = 2 + rng.nextInt(4);
            int cls = 0;
            for (int[] r : ranges) {
                int pos = r[0] + rng.nextInt(r[1] - r[0] + 1) - 1;
                boolean y = rng.nextInt(2) == 1;
                seq[pos] = y ? Y : X;
                cls = 2 * cls + (y ? 1 : 0);
            }
            seqs[s] = seq;
            targets[s] = new int[len];
            java.util.Arrays.fill(targets[s], -1);
            targets[s][len - 1] = cls;
        }
        return PredictionChecks.symbolBatch(seqs, SYMBOLS, targets, Frames.LAST);
    }

    @Override public String name() { return relevant == 2 ? "6a" : "6b"; }

    @Override
    public String title() {
        return "Exp. " + name() + " temporal order, " + relevant + " relevant symbols, " + outputSize() + " classes, L = " + scale
                + " (lengths " + minLength() + ".." + maxLength() + ")";
    }

    @Override public String paramKey() { return "L=" + scale; }
    @Override public int inputSize() { return SYMBOLS; }
    @Override public int outputSize() { return 1 << relevant; }
    @Override public Batch testBatch(Rng rng, int size) { return trainBatch(rng, size); }
    @Override public int[] firstErrors(Tensor outputs, Batch batch) { return PredictionChecks.endClassErrors(outputs, batch, TOLERANCE); }
    @Override public double[] errors(Tensor outputs, Batch batch) { return PredictionChecks.endClassSquaredErrors(outputs, batch); }

    @Override
    public Stopping stopping() {
        return new Stopping.TrainingWindow(2000, 0, 0.1, "ST3(0.1): average training error < 0.1 and the 2000 most recent training sequences correct (every output within 0.3) (Sec. 5.6)");
    }

    @Override public int finalTestSize() { return 2560; }

    @Override
    public PaperSetup paper() {
        return relevant == 2
                ? new PaperSetup("Sec. 5.6, Tables 9, 10, 11", 2, 2, "156", 0.5, 0.1, new double[]{-2, -4}, null, null, "1997 cell (no forget gate); all non-input units biased")
                : new PaperSetup("Sec. 5.6, Tables 9, 10, 11", 3, 2, "308", 0.1, 0.1, new double[]{-2, -4, -6}, null, null, "1997 cell (no forget gate); all non-input units biased");
    }
}
