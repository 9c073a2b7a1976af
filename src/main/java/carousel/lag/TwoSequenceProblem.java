package carousel.lag;

import carousel.loss.Frames;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;

/**
 * Experiment 3 of Hochreiter &amp; Schmidhuber, "Long Short-Term Memory", Neural Computation
 * 9(8):1735–1780, 1997 (Sec. 5.3, Tables 4–6): noise and signal on the same channel, after Bengio,
 * Simard &amp; Frasconi's (1994) "2-sequence problem".
 *
 * <p>One input line, two classes with probability 0.5 each. The first N elements are +1.0 (class 1)
 * or −1.0 (class 2); all later elements are Gaussian noise with mean 0 and variance 0.2. Lengths are
 * uniform in [T, T + T/10]. One output; the only target is at the sequence end.
 * <ul>
 *   <li><b>3a</b>: target 1.0 (class 1) or 0.0 (class 2); a sequence is right when |error| &lt; 0.2.
 *   Stop (ST2) when none of 256 fresh test sequences is wrong and their mean absolute error is
 *   below 0.01. Learning rate 1.0.</li>
 *   <li><b>3b</b>: as 3a, plus Gaussian noise (mean 0, variance 0.2) on the N information
 *   elements. Stop (ST2) when fewer than 6 of 256 are wrong and the mean absolute error is below
 *   0.04.</li>
 *   <li><b>3c</b>: as 3b, but targets 0.8 (class 1) and 0.2 (class 2) with Gaussian target noise of
 *   variance 0.1 in training; a test sequence is wrong when |output − noise-free target| &gt; 0.1.
 *   Stop when none of 256 is wrong and the mean absolute difference is below 0.015. Learning rate
 *   0.1.</li>
 * </ul>
 * The paper then measured the fraction misclassified on 2560 fresh sequences. ST1 (the same without
 * the mean-error condition) is not used as a stopping rule here. {@link #errors}: |y − t| at the
 * end, against the noise-free target.
 */
public final class TwoSequenceProblem implements LagTask {
    /** The three variants of Experiment 3. */
    public enum Variant { A, B, C }

    private static final double NOISE_STD = Math.sqrt(0.2), TARGET_NOISE_STD = Math.sqrt(0.1);
    private final Variant variant;
    private final int minLength, informative;

    public TwoSequenceProblem(Variant variant, int minLength, int informative) {
        if (minLength < 10) throw new IllegalArgumentException("sequence length T must be at least 10, got " + minLength);
        if (informative < 1 || informative >= minLength) throw new IllegalArgumentException("N (information elements) must be in [1, T), got " + informative + " with T = " + minLength);
        this.variant = variant;
        this.minLength = minLength;
        this.informative = informative;
    }

    public Variant variant() { return variant; }
    public int maxLength() { return minLength + minLength / 10; }

    private double target(boolean class1) {
        return variant == Variant.C ? (class1 ? 0.8 : 0.2) : (class1 ? 1.0 : 0.0);
    }

    /** Tolerance of a correct sequence-end output. */
    public double tolerance() { return variant == Variant.C ? 0.1 : 0.2; }

    private Batch batch(Rng rng, int batchSize, boolean noisyTargets) {
        int[] lengths = new int[batchSize];
        int T = 0;
        for (int b = 0; b < batchSize; b++) { lengths[b] = minLength + rng.nextInt(minLength / 10 + 1); T = Math.max(T, lengths[b]); }
        Tensor x = Tensor.f32(T, batchSize, 1), y = Tensor.f32(T, batchSize, 1);
        for (int b = 0; b < batchSize; b++) {
            boolean class1 = rng.nextInt(2) == 0;
            for (int t = 0; t < lengths[b]; t++) {
                double v;
                if (t < informative) v = (class1 ? 1.0 : -1.0) + (variant == Variant.A ? 0 : NOISE_STD * rng.gaussian());
                else v = NOISE_STD * rng.gaussian();
                x.f[t * batchSize + b] = (float) v;
            }
            double target = target(class1);
            if (noisyTargets && variant == Variant.C) target += TARGET_NOISE_STD * rng.gaussian();
            y.f[(lengths[b] - 1) * batchSize + b] = (float) target;
        }
        return new Batch(x, T, batchSize, lengths, null, y, Frames.LAST);
    }

    @Override public String name() { return "3" + variant.name().toLowerCase(java.util.Locale.ROOT); }

    @Override
    public String title() {
        String what = switch (variant) {
            case A -> "Exp. 3a 2-sequence problem";
            case B -> "Exp. 3b 2-sequence problem, noisy information";
            case C -> "Exp. 3c 2-sequence problem, noisy information and targets";
        };
        return what + ", T = " + minLength + ", N = " + informative;
    }

    @Override public String paramKey() { return "T=" + minLength + ",N=" + informative; }
    @Override public int inputSize() { return 1; }
    @Override public int outputSize() { return 1; }
    @Override public Batch trainBatch(Rng rng, int batchSize) { return batch(rng, batchSize, true); }
    @Override public Batch testBatch(Rng rng, int size) { return batch(rng, size, false); }
    @Override public int[] firstErrors(Tensor outputs, Batch batch) { return PredictionChecks.endValueErrors(outputs, batch, tolerance()); }
    @Override public double[] errors(Tensor outputs, Batch batch) { return PredictionChecks.endValueAbsErrors(outputs, batch); }

    @Override
    public Stopping stopping() {
        return switch (variant) {
            case A -> new Stopping.TestSet(256, 256, 0, 0.01, "ST2: none of 256 test sequences wrong (|error| < 0.2) and mean absolute error < 0.01 (Sec. 5.3, 3a)");
            case B -> new Stopping.TestSet(256, 256, 5, 0.04, "ST2: fewer than 6 of 256 test sequences wrong and mean absolute error < 0.04 (Sec. 5.3, 3b)");
            case C -> new Stopping.TestSet(256, 256, 0, 0.015, "none of 256 test sequences off the noise-free target by more than 0.1 and mean absolute difference < 0.015 (Sec. 5.3, 3c)");
        };
    }

    @Override public int finalTestSize() { return 2560; }

    @Override
    public PaperSetup paper() {
        return new PaperSetup("Sec. 5.3, Tables " + (variant == Variant.A ? "4" : variant == Variant.B ? "5" : "6") + ", 10, 11", 3, 1, "102",
                variant == Variant.C ? 0.1 : 1.0, 0.1, new double[]{-1, -3, -5}, new double[]{-2, -4, -6}, null,
                "1997 cell (no forget gate); gates and cells biased");
    }
}
