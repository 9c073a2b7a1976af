package carousel.online;

/**
 * A net trained online, one step at a time, by a forward-in-time learning rule (the 1997 LSTM's
 * truncated traces, or RTRL). The state (activations and traces) can be saved and restored, so one
 * net can serve several parallel streams in turn.
 */
public interface OnlineNet {
    int inputs();
    int outputs();
    long weightCount();

    /** Start of a new sequence: activations and traces to zero. */
    void reset();

    /** One step: forward, traces, gradient accumulation when target is non-null (NaN entries: no error). Returns the outputs (owned by the net). */
    double[] step(double[] x, double[] target);

    /** ½Σ(y − t)² of the last step's outputs. */
    double lastLoss(double[] target);

    /** w ← w − lr·∂E/∂w, then zero the gradients. */
    void applyGradient(double lr);

    /** Outputs for every step of a sequence from a reset state, without learning (the current state is kept). */
    double[][] predict(double[][] xs);

    /** A copy of the current activations and traces. */
    double[][] saveState();

    void restoreState(double[][] state);

    /** The weight arrays themselves (not copies), in a fixed order: what a checkpoint saves and restores. */
    double[][] weightArrays();
}
