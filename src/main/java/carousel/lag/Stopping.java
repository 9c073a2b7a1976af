package carousel.lag;

import carousel.train.Batch;

/**
 * The paper's rule for "this trial has succeeded", in the four forms the experiments use.
 * {@link LagExperiment} interprets them; tasks only choose one and its numbers.
 */
public sealed interface Stopping {
    /** The rule in words, with the paper's numbers. */
    String rule();

    /**
     * Checked every so many training sequences on fresh test sequences: solved when at most
     * {@code maxWrong} of {@code size} fail the task's test and their mean {@link LagTask#errors
     * error} is below {@code maxMeanError}. A cheaper screen of {@code screenSize} sequences comes
     * first when it is smaller than {@code size} (the full check only runs once the screen passes).
     */
    record TestSet(int size, int screenSize, int maxWrong, double maxMeanError, String rule) implements Stopping {
        public TestSet {
            if (size < 1 || screenSize < 1 || screenSize > size) throw new IllegalArgumentException("test set sizes must satisfy 1 <= screen <= size, got " + screenSize + ", " + size);
            if (maxWrong < 0) throw new IllegalArgumentException("maxWrong must be >= 0, got " + maxWrong);
        }
    }

    /**
     * Every sequence of the fixed training and test sets must pass (Exp. 1, the embedded Reber
     * grammar); the test set alone gives the final test error.
     */
    record FixedSets(Batch trainSet, Batch testSet, String rule) implements Stopping {}

    /**
     * Checked on the training sequences themselves, online: solved when at most {@code maxWrong} of
     * the most recent {@code window} training sequences failed and their mean error is below
     * {@code maxMeanError} (Table 11's ST3(β): window 2000, maxWrong 0, maxMeanError β).
     */
    record TrainingWindow(int window, int maxWrong, double maxMeanError, String rule) implements Stopping {
        public TrainingWindow {
            if (window < 1) throw new IllegalArgumentException("window must be at least 1, got " + window);
            if (maxWrong < 0) throw new IllegalArgumentException("maxWrong must be >= 0, got " + maxWrong);
        }
    }

    /**
     * A continual task (Gers, Schmidhuber &amp; Cummins 2000): solved when each of {@code streams}
     * test streams, run from a zero state without resets, is predicted without a single error for
     * {@code symbols} successive symbols.
     */
    record Streams(int streams, long symbols, String rule) implements Stopping {
        public Streams {
            if (streams < 1) throw new IllegalArgumentException("test streams must be at least 1, got " + streams);
            if (symbols < 1) throw new IllegalArgumentException("stream length must be at least 1 symbol, got " + symbols);
        }
    }
}
