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
 * the next symbol at every step (class target: the symbol that actually follows; the last symbol
 * has none). To predict the symbol before last it must remember the second symbol across the whole
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
 * Σ_k (y_k − t_k)² against the one-hot next symbol.
 */
public final class EmbeddedReber implements LagTask {
    public static final int SET_SIZE = 256;
    private final long dataSeed;
    private final int[][] trainStrings, testStrings;
    private final Stopping.FixedSets stopping;

    public EmbeddedReber(long dataSeed) {
        this.dataSeed = dataSeed;
        Rng rng = new Rng(dataSeed);
        Set<String> seen = new HashSet<>();
        trainStrings = distinctStrings(rng, seen);
        testStrings = distinctStrings(rng, seen);
        stopping = new Stopping.FixedSets(batchOf(trainStrings), batchOf(testStrings),
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

    /** The fixed training strings (symbols 0..6), for inspection. */
    public int[][] trainStrings() { return trainStrings.clone(); }

    public int[][] testStrings() { return testStrings.clone(); }

    @Override public String name() { return "reber"; }
    @Override public String title() { return "Exp. 1 embedded Reber grammar, 256 train / 256 test strings (data seed " + dataSeed + ")"; }
    @Override public String paramKey() { return ""; }
    @Override public int inputSize() { return ReberGrammar.SYMBOL_COUNT; }
    @Override public int outputSize() { return ReberGrammar.SYMBOL_COUNT; }

    @Override
    public Batch trainBatch(Rng rng, int batchSize) {
        int[][] pick = new int[batchSize][];
        for (int b = 0; b < batchSize; b++) pick[b] = trainStrings[rng.nextInt(SET_SIZE)];
        return batchOf(pick);
    }

    /** Fresh random strings of the grammar (they may repeat training strings). */
    @Override
    public Batch testBatch(Rng rng, int size) {
        int[][] s = new int[size][];
        for (int b = 0; b < size; b++) s[b] = ReberGrammar.generate(rng);
        return batchOf(s);
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

    @Override public double[] errors(Tensor outputs, Batch batch) { return PredictionChecks.everyStepClassSquaredErrors(outputs, batch); }
    @Override public Stopping stopping() { return stopping; }
    @Override public int finalTestSize() { return SET_SIZE; }

    @Override
    public PaperSetup paper() {
        return new PaperSetup("Sec. 5.1, Table 1 (row 3 blocks x 2, lr 0.5)", 3, 2, "276", 0.5, 0.2, null, new double[]{-1, -2, -3}, null,
                "1997 cell (no forget gate); output units fed by memory cells only; only gate units biased");
    }
}
