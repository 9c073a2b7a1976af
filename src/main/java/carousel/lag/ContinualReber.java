package carousel.lag;

import carousel.loss.Frames;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;

/**
 * The continual embedded Reber grammar (CERG), Experiment 1 of Gers, Schmidhuber &amp; Cummins,
 * "Learning to Forget: Continual Prediction with LSTM", Neural Computation 12(10):2451–2471, 2000:
 * embedded Reber strings ({@link ReberGrammar}) concatenated into one endless stream, read one
 * symbol at a time with no reset of the net between strings; the net predicts the next symbol at
 * every step (7 inputs, 7 outputs, local coding; after a string's final E comes the next string's B).
 * Without resets the 1997 cell's state grows without bound; the forget gate lets the net reset itself.
 *
 * <p>Test of a prediction (papers.md Sec. 2.1, from secondary notes [S]): correct when the squared
 * error of every output against the one-hot next symbol is below 0.49, i.e. |y_k − t_k| &lt; 0.7
 * (at a 50/50 branch of the grammar, outputs of 0.5 on both candidates pass). In the paper a
 * training stream ran until its first error or 10^6 symbols, and a test on 10 streams followed each;
 * a net counts as a perfect solution when its test streams are predicted without error. Here the
 * trial succeeds when each of {@code testStreams} test streams is predicted without error for
 * {@code streamSymbols} successive symbols (the paper's 10 and 10^6 by default). Gers et al. report
 * 18% perfect solutions with forget gates, 62% with forget gates and learning-rate decay [S].
 *
 * <p>As a {@link LagTask} of ordinary sequences, a "sequence" is a stream segment of
 * {@link #SEGMENT} symbols from a stream's beginning; {@link #errors} gives the mean over steps of
 * Σ_k (y_k − t_k)².
 */
public final class ContinualReber implements ContinualTask {
    public static final double TOLERANCE = 0.7;
    /** Length of the stream segments that {@link #trainBatch} and {@link #testBatch} return. */
    public static final int SEGMENT = 100;
    private final int testStreams;
    private final long streamSymbols;

    public ContinualReber(int testStreams, long streamSymbols) {
        if (testStreams < 1) throw new IllegalArgumentException("test streams must be at least 1, got " + testStreams);
        if (streamSymbols < 10) throw new IllegalArgumentException("symbols per test stream must be at least 10, got " + streamSymbols);
        this.testStreams = testStreams;
        this.streamSymbols = streamSymbols;
    }

    /** One endless stream of embedded Reber strings. */
    static final class Stream {
        private final Rng rng;
        private int[] string;
        private int pos;

        Stream(Rng rng) { this.rng = rng; restart(); }

        void restart() { string = ReberGrammar.generate(rng); pos = 0; }

        /** The current symbol; {@link #advance} moves on, starting a new string after a final E. */
        int current() { return string[pos]; }

        void advance() { if (++pos == string.length) restart(); }
    }

    /** {@link ContinualTask.Streams} over {@link Stream}s: each chunk's inputs are the symbols, targets the symbols after them. */
    static final class ReberStreams implements ContinualTask.Streams {
        private final Stream[] streams;

        ReberStreams(Rng rng, int count) {
            streams = new Stream[count];
            for (int b = 0; b < count; b++) streams[b] = new Stream(new Rng(rng.nextLong()));
        }

        @Override
        public Batch next(int steps) {
            int B = streams.length;
            int[][] in = new int[B][steps], target = new int[B][steps];
            for (int b = 0; b < B; b++)
                for (int t = 0; t < steps; t++) {
                    in[b][t] = streams[b].current();
                    streams[b].advance();
                    target[b][t] = streams[b].current();
                }
            return PredictionChecks.symbolBatch(in, ReberGrammar.SYMBOL_COUNT, target, Frames.ALL);
        }

        @Override public void restart(int b) { streams[b].restart(); }
    }

    @Override public Streams streams(Rng rng, int count) { return new ReberStreams(rng, count); }

    @Override public String name() { return "continual-reber"; }

    @Override
    public String title() {
        return String.format(java.util.Locale.ROOT, "Gers 2000 continual embedded Reber grammar, %d test streams of %,d symbols", testStreams, streamSymbols);
    }

    @Override public String paramKey() { return ""; }
    @Override public int inputSize() { return ReberGrammar.SYMBOL_COUNT; }
    @Override public int outputSize() { return ReberGrammar.SYMBOL_COUNT; }

    /** Stream segments of {@link #SEGMENT} symbols, each from a fresh stream's beginning. */
    @Override public Batch trainBatch(Rng rng, int batchSize) { return new ReberStreams(rng, batchSize).next(SEGMENT); }
    @Override public Batch testBatch(Rng rng, int size) { return trainBatch(rng, size); }
    @Override public int[] firstErrors(Tensor outputs, Batch batch) { return PredictionChecks.everyStepClassErrors(outputs, batch, TOLERANCE); }
    @Override public double[] errors(Tensor outputs, Batch batch) { return PredictionChecks.everyStepClassSquaredErrors(outputs, batch); }

    @Override
    public Stopping stopping() {
        return new Stopping.Streams(testStreams, streamSymbols, String.format(java.util.Locale.ROOT,
                "%d test streams each predicted without error for %,d successive symbols (every output's squared error < 0.49) (Gers et al. 2000, Sec. 3 [S])",
                testStreams, streamSymbols));
    }

    @Override public int finalTestSize() { return testStreams; }

    @Override
    public PaperSetup paper() {
        double[] inOut = {-0.5, -1.0, -1.5, -2.0};
        return new PaperSetup("Gers et al. 2000, Sec. 3 and Table 2 [S]", 4, 2, "424", 0.5, 0.2, inOut, inOut.clone(), new double[]{0.5, 1.0, 1.5, 2.0},
                "forget-gate LSTM trained by truncated RTRL; lr optionally decayed by 0.99; 100 networks");
    }
}
