package carousel.speech.decode;

/**
 * Left-to-right phone HMMs without skips: each phone has {@code statesPerPhone} emitting states
 * (1, or 3 for begin/middle/end as in Lee &amp; Hon's and Kaldi's TIMIT systems); state {@code k} of
 * phone {@code p} is index {@code p * statesPerPhone + k}, the convention of
 * {@link carousel.speech.corpus.FrameTargets#states}, so a network trained on those targets scores the
 * same indices. Each state either stays (self-loop) or moves on (to the next state, or out of the phone
 * from the last one):
 *
 * <pre>
 *   P(stay in s) = selfLoop(s),   P(leave s) = 1 - selfLoop(s)        0 &lt; selfLoop(s) &lt; 1
 * </pre>
 *
 * A phone therefore lasts at least {@code statesPerPhone} frames. Probabilities are either one fixed
 * value ({@link #fixed}) or estimated from state alignments ({@link #estimate}).
 *
 * <p>A search adds {@code weight · ln P} for each transition ({@link #logSelfLoop}, {@link #logForward});
 * the weight is 1 unless {@link #weighted} sets it: the word search weighs the transitions as it weighs
 * the acoustic scores (Kaldi's {@code --self-loop-scale}, which its recipes set to the acoustic scale).
 */
public final class HmmTopology {

    private final int numPhones;
    private final int statesPerPhone;
    private final double[] selfLoop;    // (S) P(stay)
    private final double[] logSelfLoop; // (S) weight * ln P(stay)
    private final double[] logForward;  // (S) weight * ln P(leave)
    private final double weight;        // what the searches multiply the ln probabilities by

    private HmmTopology(int numPhones, int statesPerPhone, double[] selfLoop) {
        this(numPhones, statesPerPhone, selfLoop, 1);
    }

    /** The weighted ln probabilities are computed here once, not at each use in a search's inner loop. */
    private HmmTopology(int numPhones, int statesPerPhone, double[] selfLoop, double weight) {
        this.numPhones = numPhones;
        this.statesPerPhone = statesPerPhone;
        this.selfLoop = selfLoop;
        this.weight = weight;
        this.logSelfLoop = new double[selfLoop.length];
        this.logForward = new double[selfLoop.length];
        for (int s = 0; s < selfLoop.length; s++) {
            logSelfLoop[s] = weight * Math.log(selfLoop[s]);
            logForward[s] = weight * Math.log1p(-selfLoop[s]);
        }
    }

    /**
     * The same HMMs, their transition ln probabilities multiplied by {@code weight} in {@link #logSelfLoop} and
     * {@link #logForward} (not in {@link #selfLoop}, the probability). With acoustic scores scaled by a, a search
     * that adds the transitions unscaled weighs them 1/a times as much against the acoustics and the LM as
     * Kaldi's recipes do (self-loop scale = acoustic scale): at a = 0.05 each phone of a word then costs about
     * 20 times the acoustics' due, and the search deletes words (docs/results/sak2014.md).
     */
    public HmmTopology weighted(double weight) {
        if (!(weight > 0) || !Double.isFinite(weight)) throw new IllegalArgumentException("the transition weight must be a positive number, got " + weight);
        return new HmmTopology(numPhones, statesPerPhone, selfLoop, weight);
    }

    /** What the searches multiply the transition ln probabilities by (1 unless {@link #weighted}). */
    public double weight() {
        return weight;
    }

    private static void checkShape(int numPhones, int statesPerPhone) {
        if (numPhones < 1) {
            throw new IllegalArgumentException("numPhones must be >= 1, got " + numPhones);
        }
        if (statesPerPhone != 1 && statesPerPhone != 3) {
            throw new IllegalArgumentException("statesPerPhone must be 1 or 3, got " + statesPerPhone);
        }
    }

    /** Every state with the same self-loop probability (0.5 is the usual untrained value). */
    public static HmmTopology fixed(int numPhones, int statesPerPhone, double selfLoopProb) {
        checkShape(numPhones, statesPerPhone);
        if (!(selfLoopProb > 0 && selfLoopProb < 1)) {
            throw new IllegalArgumentException("selfLoopProb must be in (0, 1), got " + selfLoopProb);
        }
        double[] p = new double[numPhones * statesPerPhone];
        java.util.Arrays.fill(p, selfLoopProb);
        return new HmmTopology(numPhones, statesPerPhone, p);
    }

    /** Per-state self-loop probabilities, each in (0, 1), indexed {@code phone * statesPerPhone + k}. */
    public static HmmTopology of(int numPhones, int statesPerPhone, double... selfLoopProbs) {
        checkShape(numPhones, statesPerPhone);
        if (selfLoopProbs.length != numPhones * statesPerPhone) {
            throw new IllegalArgumentException("need " + numPhones * statesPerPhone + " self-loop probabilities, got "
                    + selfLoopProbs.length);
        }
        for (int s = 0; s < selfLoopProbs.length; s++) {
            if (!(selfLoopProbs[s] > 0 && selfLoopProbs[s] < 1)) {
                throw new IllegalArgumentException("self-loop probability of state " + s + " must be in (0, 1), got "
                        + selfLoopProbs[s]);
            }
        }
        return new HmmTopology(numPhones, statesPerPhone, selfLoopProbs.clone());
    }

    /**
     * Self-loop probabilities estimated from frame-level state alignments (e.g.
     * {@link carousel.speech.corpus.FrameTargets#states} of the training set): frame {@code t} in state
     * {@code s} counts as a stay when frame {@code t+1} is in {@code s} too, else (including the last
     * frame, which leaves into the end of the utterance) as a leave. With one pseudo-count each (Laplace),
     * {@code selfLoop(s) = (stays + 1) / (stays + leaves + 2)}: a state never seen gets 0.5, and no
     * estimate is 0 or 1.
     *
     * @throws IllegalArgumentException when a label is outside {@code [0, numPhones * statesPerPhone)}
     */
    public static HmmTopology estimate(int numPhones, int statesPerPhone, Iterable<int[]> stateAlignments) {
        checkShape(numPhones, statesPerPhone);
        for (int[] a : stateAlignments)
            for (int t = 0; t < a.length; t++)
                if (a[t] < 0) throw new IllegalArgumentException("state " + a[t] + " at frame " + t + " is outside [0, " + numPhones * statesPerPhone + ")");
        return new HmmTopology(numPhones, statesPerPhone,
                carousel.speech.corpus.FrameTargets.selfLoopProbabilities(numPhones * statesPerPhone, stateAlignments));
    }

    public int numPhones() {
        return numPhones;
    }

    public int statesPerPhone() {
        return statesPerPhone;
    }

    /** {@code numPhones * statesPerPhone}, the number of indices a {@link Decodable} must have. */
    public int numStates() {
        return numPhones * statesPerPhone;
    }

    /** Checks that {@code d} scores this topology's states: {@link #numStates} indices per frame. */
    public void checkDecodable(Decodable d) {
        if (d.numIndices() != numStates()) {
            throw new IllegalArgumentException("the decodable has " + d.numIndices() + " indices per frame but the HMMs have "
                    + numStates() + " states (" + numPhones + " phones x " + statesPerPhone + ")");
        }
    }

    /** The index of state {@code k} of {@code phone}. */
    public int state(int phone, int k) {
        if (phone < 0 || phone >= numPhones || k < 0 || k >= statesPerPhone) {
            throw new IllegalArgumentException("no state " + k + " of phone " + phone + " (" + numPhones + " phones, "
                    + statesPerPhone + " states each)");
        }
        return phone * statesPerPhone + k;
    }

    /** The phone a state belongs to. */
    public int phoneOf(int state) {
        return state / statesPerPhone;
    }

    /** {@code weight · ln P(stay in state)}. */
    public double logSelfLoop(int state) {
        return logSelfLoop[state];
    }

    /** {@code weight · ln P(leave state)}: to the next state of the phone, or out of the phone from its last state. */
    public double logForward(int state) {
        return logForward[state];
    }

    /** {@code P(stay in state)}. */
    public double selfLoop(int state) {
        return selfLoop[state];
    }
}
