package carousel.lag;

import carousel.tensor.Rng;
import carousel.train.Batch;

/**
 * A task whose input is an endless stream without resets (Gers, Schmidhuber &amp; Cummins, "Learning
 * to Forget: Continual Prediction with LSTM", Neural Computation 12(10):2451–2471, 2000). Its
 * stopping rule is {@link Stopping.Streams}; {@link LagExperiment} feeds it chunk by chunk,
 * carrying the learner's state from one chunk to the next.
 */
public interface ContinualTask extends LagTask {
    /** {@code count} parallel streams, each from its beginning. */
    Streams streams(Rng rng, int count);

    /** Parallel streams read in consecutive chunks. */
    interface Streams {
        /** The next {@code steps} symbols of every stream: x (steps, count, I), a target at every step, no padding. */
        Batch next(int steps);

        /** Starts stream {@code b} afresh: its next chunk begins a new stream (the learner's state must be reset too). */
        void restart(int b);
    }
}
