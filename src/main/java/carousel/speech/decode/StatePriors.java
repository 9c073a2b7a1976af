package carousel.speech.decode;

import java.util.Arrays;

/**
 * Prior probabilities of the network's output classes (HMM states or phones), counted from the
 * training frame targets: {@code p(s) = count(s) / sum count}. A hybrid system divides the network's
 * posterior {@code p(s|x)} by {@code p(s)} to get a scaled likelihood {@code p(x|s)/p(x)}
 * (H. Bourlard and N. Morgan, "Connectionist Speech Recognition: A Hybrid Approach", Kluwer, 1994).
 *
 * <p>A class never seen in training would have prior 0 and an infinite scaled likelihood; it gets a
 * floor instead: its count is raised to {@code floorCount} before normalising (default 1 frame, which
 * keeps the division finite). Dividing by a small prior boosts a class, so a network must give the
 * classes it never saw in training a correspondingly small posterior; Kaldi's nnet1 instead blocks
 * classes under its prior floor altogether.
 */
public final class StatePriors {

    /** Count given to a class never seen in the targets. */
    public static final double DEFAULT_FLOOR_COUNT = 1.0;

    private final double[] logPriors; // (S) natural log of p(s)

    private StatePriors(double[] logPriors) {
        this.logPriors = logPriors;
    }

    /**
     * Priors from frame targets, e.g. {@link carousel.speech.corpus.FrameTargets#states} of every training
     * utterance.
     *
     * @param numClasses number of classes S; every target must be in {@code [0, S)}
     * @param floorCount count used for a class with fewer frames than that; {@code > 0}
     * @throws IllegalArgumentException when there are no frames at all, a target is out of range, or the
     *                                  floor is not positive
     */
    public static StatePriors count(int numClasses, Iterable<int[]> targets, double floorCount) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        if (!(floorCount > 0) || !Double.isFinite(floorCount)) {
            throw new IllegalArgumentException("floorCount must be a positive number, got " + floorCount);
        }
        long[] counts = new long[numClasses];
        long total = 0;
        int utt = 0;
        for (int[] t : targets) {
            for (int i = 0; i < t.length; i++) {
                if (t[i] < 0 || t[i] >= numClasses) {
                    throw new IllegalArgumentException("target " + t[i] + " at frame " + i + " of sequence " + utt
                            + " is outside [0, " + numClasses + ")");
                }
                counts[t[i]]++;
            }
            total += t.length;
            utt++;
        }
        if (total == 0) {
            throw new IllegalArgumentException("cannot estimate state priors: no frames in " + utt
                    + " target sequences");
        }
        double[] c = new double[numClasses];
        double sum = 0;
        for (int s = 0; s < numClasses; s++) {
            c[s] = Math.max(counts[s], floorCount);
            sum += c[s];
        }
        double[] log = new double[numClasses];
        for (int s = 0; s < numClasses; s++) {
            log[s] = Math.log(c[s] / sum);
        }
        return new StatePriors(log);
    }

    /** {@link #count(int, Iterable, double)} with {@link #DEFAULT_FLOOR_COUNT}. */
    public static StatePriors count(int numClasses, Iterable<int[]> targets) {
        return count(numClasses, targets, DEFAULT_FLOOR_COUNT);
    }

    /** Equal priors {@code 1/S}: dividing by them changes nothing but a constant. */
    public static StatePriors uniform(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        double[] log = new double[numClasses];
        Arrays.fill(log, -Math.log(numClasses));
        return new StatePriors(log);
    }

    /** Priors given as probabilities (each {@code > 0}, summing to 1 within 1e-6). */
    public static StatePriors of(double... priors) {
        if (priors.length == 0) {
            throw new IllegalArgumentException("no priors given");
        }
        double sum = 0;
        double[] log = new double[priors.length];
        for (int s = 0; s < priors.length; s++) {
            if (!(priors[s] > 0) || !Double.isFinite(priors[s])) {
                throw new IllegalArgumentException("prior of class " + s + " must be > 0, got " + priors[s]);
            }
            sum += priors[s];
            log[s] = Math.log(priors[s]);
        }
        if (Math.abs(sum - 1) > 1e-6) {
            throw new IllegalArgumentException("priors must sum to 1, got " + sum);
        }
        return new StatePriors(log);
    }

    /**
     * Priors given as natural logs, each finite; they need not sum to 1 (e.g. the priors of overlapping
     * sets of classes, {@link ContextStates#priors}).
     */
    public static StatePriors ofLog(double... logPriors) {
        if (logPriors.length == 0) throw new IllegalArgumentException("no priors given");
        for (int s = 0; s < logPriors.length; s++)
            if (!(logPriors[s] <= 1e-6) || !Double.isFinite(logPriors[s])) throw new IllegalArgumentException("log prior of class " + s + " must be finite and <= 0, got " + logPriors[s]);
        return new StatePriors(logPriors.clone());
    }

    public int numClasses() {
        return logPriors.length;
    }

    /** {@code ln p(s)}. */
    public double logPrior(int s) {
        return logPriors[s];
    }

    /** {@code p(s)}. */
    public double prior(int s) {
        return Math.exp(logPriors[s]);
    }
}
