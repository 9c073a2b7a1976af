package carousel.lag;

import carousel.loss.Frames;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;

import java.util.HashSet;
import java.util.Set;

/**
 * Experiment 1 of Hochreiter &amp; Schmidhuber, "Long Short-Term Memory", Neural Computation
 * 9(8):1735–1780, 1997 (Sec. 5.1, Table 1): the embedded Reber grammar ({@link ReberGrammar}).
 * The net reads a string one symbol at a time, 7 inputs and 7 outputs in local coding, and predicts
 * the next symbol at every step; the last symbol has none. The paper does not say how the targets
 * code the next symbol, so both readings are here ({@link Targets}): the symbol that actually follows
 * (class target, the default) or every symbol the grammar allows next (value targets, 1 for each
 * possible successor and 0 elsewhere; for the online methods only, whose error skips a NaN target). To predict the symbol before last it must remember the second symbol across the whole
 * inner string, a lag of at least 7 steps (the shortest string, BTBTXSETE, has 9 symbols).
 *
 * <p>Data, as in the paper (after Fahlman 1991): a fixed set of 256 training strings and 256 test
 * strings, drawn with {@code dataSeed}; here the strings of each set are distinct and no test string
 * is a training string. Training presents training strings drawn at random. (The paper used 3
 * train/test pairs × 10 trials; a run here uses one pair, chosen by the seed.)
 *
 * <p>A string passes when at every step the output units of all possible next symbols are more
 * active than every other output unit. The trial succeeds when every string of the training set and
 * of the test set passes ({@link Stopping.FixedSets}). {@link #errors} gives the mean over steps of
 * Σ_k (y_k − t_k)² against the step's target.
 */
public final class EmbeddedReber implements LagTask {
    public static final int SET_SIZE = 256;

    /** How a step's target codes the next symbol. */
    public enum Targets {
        /** One-hot: the symbol that actually follows. */
        NEXT,
        /** Multi-hot: every symbol the grammar allows next (two at each branch). */
        SUCCESSORS;

        public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

        /** "next" or "successors"; anything else is an error naming both. */
        public static Targets of(String name) {
            return LagTasks.choice(Targets.class, name, "Reber target coding");
        }
    }

    private final long dataSeed;
    private final Targets coding;
    private final int[][] trainStrings, testStrings;
    private final Stopping.FixedSets stopping;

    public EmbeddedReber(long dataSeed) { this(dataSeed, Targets.NEXT); }

    public EmbeddedReber(long dataSeed, Targets coding) {
        this.dataSeed = dataSeed;
        this.coding = coding;
        Rng rng = new Rng(dataSeed);
        Set<String> seen = new HashSet<>();
        trainStrings = distinctStrings(rng, seen);
        testStrings = distinctStrings(rng, seen);
        stopping = new Stopping.FixedSets(batchOf(trainStrings, coding), batchOf(testStrings, coding),
                "every symbol of all 256 training and 256 test strings predicted: the units of the possible next symbols most active (Sec. 5.1)");
    }

    private static int[][] distinctStrings(Rng rng, Set<String> seen) {
        int[][] out = new int[SET_SIZE][];
        for (int n = 0; n < SET_SIZE; ) {
            int[] s = ReberGrammar.generate(rng);
            if (seen.add(ReberGrammar.toText(s))) out[n++] = s;
        }
        return out;
    }

    /** Next-symbol targets in the given coding: step t's target is symbol t+1 (or its possible values); the last step has none. */
    static Batch batchOf(int[][] strings, Targets coding) {
        return coding == Targets.NEXT ? batchOf(strings) : successorBatch(strings);
    }

    /** Next-symbol targets: step t's target is symbol t+1; the last step has none. */
    static Batch batchOf(int[][] strings) {
        int[][] targets = new int[strings.length][];
        for (int b = 0; b < strings.length; b++) {
            int[] s = strings[b];
            targets[b] = new int[s.length];
            for (int t = 0; t < s.length; t++) targets[b][t] = t + 1 < s.length ? s[t + 1] : -1;
        }
        return PredictionChecks.symbolBatch(strings, ReberGrammar.SYMBOL_COUNT, targets, Frames.ALL);
    }

    /** Value targets (T, B, 7): at step t, 1 for every symbol the grammar allows after symbols 0..t, 0 for the others; NaN at the last step. */
    static Batch successorBatch(int[][] strings) {
        Batch oneHot = batchOf(strings);
        int B = strings.length, T = oneHot.steps(), O = ReberGrammar.SYMBOL_COUNT;
        Tensor y = Tensor.f32(T, B, O);
        for (int b = 0; b < B; b++) {
            int state = ReberGrammar.START;
            for (int t = 0; t < strings[b].length; t++) {
                state = ReberGrammar.next(state, strings[b][t]);
                int mask = t + 1 < strings[b].length ? ReberGrammar.allowedMask(state) : -1;
                for (int k = 0; k < O; k++) y.set((t * B + b) * O + k, mask < 0 ? Float.NaN : (mask >> k & 1));
            }
        }
        return new Batch(oneHot.x(), T, B, oneHot.lengths(), null, y, Frames.ALL);
    }

    /** The fixed training strings (symbols 0..6), for inspection. */
    public int[][] trainStrings() { return trainStrings.clone(); }

    public int[][] testStrings() { return testStrings.clone(); }

    @Override public String name() { return "reber"; }
    @Override public String title() {
        return "Exp. 1 embedded Reber grammar, 256 train / 256 test strings (data seed " + dataSeed + ")"
                + (coding == Targets.NEXT ? "" : ", targets: all possible successors");
    }

    public Targets coding() { return coding; }
    @Override public String paramKey() { return ""; }
    @Override public int inputSize() { return ReberGrammar.SYMBOL_COUNT; }
    @Override public int outputSize() { return ReberGrammar.SYMBOL_COUNT; }

    @Override
    public Batch trainBatch(Rng rng, int batchSize) {
        int[][] pick = new int[batchSize][];
        for (int b = 0; b < batchSize; b++) pick[b] = trainStrings[rng.nextInt(SET_SIZE)];
        return batchOf(pick, coding);
    }

    /** Fresh random strings of the grammar (they may repeat training strings). */
    @Override
    public Batch testBatch(Rng rng, int size) {
        int[][] s = new int[size][];
        for (int b = 0; b < size; b++) s[b] = ReberGrammar.generate(rng);
        return batchOf(s, coding);
    }

    @Override
    public int[] firstErrors(Tensor outputs, Batch batch) {
        int B = batch.batch(), O = outputSize();
        int[] first = new int[B];
        for (int b = 0; b < B; b++) {
            first[b] = -1;
            int state = ReberGrammar.START;
            for (int t = 0; t < batch.lengths()[b]; t++) {
                int symbol = PredictionChecks.symbolAt(batch, t, b);
                state = ReberGrammar.next(state, symbol);
                if (state < 0) throw new IllegalArgumentException("sequence " + b + " is not an embedded Reber string: symbol " + symbol + " at step " + t);
                int mask = ReberGrammar.allowedMask(state);
                if (mask != 0 && !PredictionChecks.maskMostActive(outputs, (t * B + b) * O, O, mask)) { first[b] = t; break; }
            }
        }
        return first;
    }

    @Override public double[] errors(Tensor outputs, Batch batch) {
        return batch.classTargets() != null ? PredictionChecks.everyStepClassSquaredErrors(outputs, batch) : PredictionChecks.everyStepValueSquaredErrors(outputs, batch);
    }
    @Override public Stopping stopping() { return stopping; }
    @Override public int finalTestSize() { return SET_SIZE; }

    @Override
    public PaperSetup paper() {
        return new PaperSetup("Sec. 5.1, Table 1 (row 3 blocks x 2, lr 0.5)", 3, 2, "276", 0.5, 0.2, null, new double[]{-1, -2, -3}, null,
                "1997 cell (no forget gate); output units fed by memory cells only; only gate units biased");
    }
}
