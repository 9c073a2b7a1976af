package carousel.lag;

import carousel.loss.Frames;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;

/**
 * Experiment 2c of Hochreiter &amp; Schmidhuber, "Long Short-Term Memory", Neural Computation
 * 9(8):1735–1780, 1997 (Sec. 5.2, Table 3): very long time lags, no local regularities.
 *
 * <p>p+4 symbols in local coding: distractors a_1 … a_p (codes 0..p−1), e (p), b (p+1), x (p+2),
 * y (p+3). A sequence is (b, y, a_i1, …, a_i(q+k), e, y) or the same with x: after b and x/y come q
 * random distractors, then each further element is a random distractor with probability 9/10 or e
 * with probability 1/10, which ends the distractors; the net must then name the final symbol, the
 * x or y it saw q+k+2 steps before. The input here stops at e, whose step carries the only target:
 * class 0 = x or 1 = y on 2 output units. The shortest sequence has q+4 symbols counting the final
 * x/y; under this reading the expected length is q+13 (the paper says q+14).
 *
 * <p>A sequence passes when both outputs are within 0.2 of the target at the end; success is
 * 10,000 successive passing sequences. {@link #errors}: Σ_k (y_k − t_k)² at the end.
 */
public final class VeryLongLags implements LagTask {
    public static final double TOLERANCE = 0.2;
    private final int q, p;

    public VeryLongLags(int q, int p) {
        if (q < 1) throw new IllegalArgumentException("q (the minimal time lag minus 1) must be at least 1, got " + q);
        if (p < 1) throw new IllegalArgumentException("p (the number of distractor symbols) must be at least 1, got " + p);
        this.q = q;
        this.p = p;
    }

    public int e() { return p; }
    public int b() { return p + 1; }
    public int x() { return p + 2; }
    public int y() { return p + 3; }

    @Override public String name() { return "2c"; }
    @Override public String title() { return "Exp. 2c very long lags, q = " + q + ", p = " + p; }
    @Override public String paramKey() { return "q=" + q + ",p=" + p; }
    @Override public int inputSize() { return p + 4; }
    @Override public int outputSize() { return 2; }

    @Override
    public Batch trainBatch(Rng rng, int batchSize) {
        int[][] seqs = new int[batchSize][];
        int[][] targets = new int[batchSize][];
        int[] buf = new int[q + 64];
        for (int s = 0; s < batchSize; s++) {
            int cls = rng.nextInt(2);
            int n = 0;
            buf[n++] = b();
            buf[n++] = cls == 0 ? x() : y();
            for (int i = 0; i < q; i++) buf[n++] = rng.nextInt(p);
            while (true) {
                if (n == buf.length) buf = java.util.Arrays.copyOf(buf, 2 * n);
                if (rng.nextInt(10) == 0) { buf[n++] = e(); break; }
                buf[n++] = rng.nextInt(p);
            }
            seqs[s] = java.util.Arrays.copyOf(buf, n);
            targets[s] = new int[n];
            java.util.Arrays.fill(targets[s], -1);
            targets[s][n - 1] = cls;
        }
        return PredictionChecks.symbolBatch(seqs, inputSize(), targets, Frames.LAST);
    }

    @Override public Batch testBatch(Rng rng, int size) { return trainBatch(rng, size); }
    @Override public int[] firstErrors(Tensor outputs, Batch batch) { return PredictionChecks.endClassErrors(outputs, batch, TOLERANCE); }
    @Override public double[] errors(Tensor outputs, Batch batch) { return PredictionChecks.endClassSquaredErrors(outputs, batch); }

    @Override
    public Stopping stopping() {
        return new Stopping.TestSet(10_000, 256, 0, Double.POSITIVE_INFINITY,
                "10,000 successive random sequences with both outputs within 0.2 at the end (Sec. 5.2, 2c)");
    }

    @Override public int finalTestSize() { return 10_000; }

    @Override
    public PaperSetup paper() {
        return new PaperSetup("Sec. 5.2, Table 3", 2, 1, String.valueOf(6 * p + 64), 0.01, 0.2, null, null, null,
                "no bias weights; h in [-1,1], g in [-2,2]; 20 trials per (q, p)");
    }
}
