package carousel.lag;

import carousel.loss.LossResult;
import carousel.tensor.Tensor;
import carousel.train.Batch;

/**
 * A learning method as {@link LagExperiment} drives it: one trial's network and its training rule
 * (full BPTT with an optimizer, the 1997 on-line LSTM algorithm, RTRL, ...). A learner is used by one
 * thread; each trial makes its own with a {@link Learners.Factory}.
 *
 * <p>Outputs are <em>activations</em> (T, B, O), as {@link LagTask} expects them: probabilities or
 * sigmoid outputs in [0, 1] for class targets, predictions for value targets. Returned tensors are
 * owned by the learner and valid until its next call.
 *
 * <p>Call order: {@link #train} (or {@link #trainStream}) any number of times, with
 * {@link #predict} (or {@link #predictStream}) in between; prediction never changes the weights nor
 * the training streams' state.
 */
public interface Learner {
    /** One update (or, for on-line methods, the updates of one pass) on independent sequences, each from a zero state. */
    LossResult train(Batch batch);

    /** The outputs (T, B, O) of the last {@link #train} or {@link #trainStream} call, computed before its update. */
    Tensor lastOutputs();

    /** Outputs (T, B, O) for independent sequences, each from a zero state. */
    Tensor predict(Batch batch);

    /** Number of trainable weights (every bias vector counted). */
    long weightCount();

    /** One line: the network, the training rule and its settings. */
    String describe();

    /**
     * Training on B parallel endless streams: each stream continues from the state it ended the
     * previous call with, except streams with {@code reset[b]}, which start from a zero state.
     * Errors are not carried back across calls (truncation at the chunk boundary).
     */
    default LossResult trainStream(Batch chunk, boolean[] reset) {
        throw new UnsupportedOperationException(describe() + " does not learn continual streams");
    }

    /** Prediction on parallel streams, with a state of its own (training streams are left as they are). */
    default Tensor predictStream(Batch chunk, boolean[] reset) {
        throw new UnsupportedOperationException(describe() + " does not predict continual streams");
    }

    /**
     * Writes the learner's whole training state into directory dir (weights, optimizer state, and
     * whatever else its next update depends on), so that {@link #readState} on a learner built the
     * same way continues bit for bit as this one would. Called between {@link #train} calls, where
     * every sequence starts from a zero state (activations and online traces are then zero).
     */
    default void writeState(java.nio.file.Path dir) throws java.io.IOException {
        throw new UnsupportedOperationException(describe() + " cannot be checkpointed");
    }

    /** Restores what {@link #writeState} wrote; a damaged or foreign state is a FormatException naming the file. */
    default void readState(java.nio.file.Path dir) throws java.io.IOException {
        throw new UnsupportedOperationException(describe() + " cannot be checkpointed");
    }
}
