package carousel.lag;

import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;

/**
 * One long-time-lag experiment, as {@link LagExperiment} sees it: a generator of time-major batches
 * in the paper's input coding, the paper's test of a single sequence, and the paper's task-level
 * stopping rule. Implementations are immutable, so trials on several threads share one task.
 *
 * <p>Outputs handed to {@link #firstErrors} and {@link #errors} are (T, B, O) <em>activations</em> in
 * the paper's sense, in [0, 1] for class tasks (softmax probabilities or sigmoid outputs) and the
 * raw prediction for value tasks, so that the paper's thresholds (|error| &lt; 0.25, 0.3, 0.04, ...)
 * apply unchanged. Class tasks give class targets (the paper's one-hot "local" target coding);
 * value tasks give value targets (T, B, O).
 */
public interface LagTask {
    /** The name used on the command line, e.g. "adding". */
    String name();

    /** A one-line description with the parameters, e.g. "Exp. 4 adding problem, T = 100". */
    String title();

    /** The parameters that select the paper's table row, e.g. "T=100"; empty when there is only one row. */
    String paramKey();

    int inputSize();

    int outputSize();

    /** Training sequences: x (T, B, I) padded to the longest, lengths, and targets as the paper gives them. */
    Batch trainBatch(Rng rng, int batchSize);

    /** Fresh test sequences of the same distribution, with noise-free targets where training targets are noisy. */
    Batch testBatch(Rng rng, int size);

    /**
     * For each sequence of {@code batch}, the first step whose output fails the paper's test of a
     * prediction, or −1 when the whole sequence passes (for sequence-end tasks: the last step or −1).
     */
    int[] firstErrors(Tensor outputs, Batch batch);

    /** For each sequence, the error the paper's criterion averages (documented per task). */
    double[] errors(Tensor outputs, Batch batch);

    /** The paper's stopping (success) rule. */
    Stopping stopping();

    /** The size of the paper's final test set (2560 in Exp. 3–6). */
    int finalTestSize();

    /** The paper's architecture and hyperparameters for this task, for the record and the paper preset. */
    PaperSetup paper();

    /** Whether a sequence passes the paper's test. */
    default boolean[] passes(Tensor outputs, Batch batch) {
        int[] first = firstErrors(outputs, batch);
        boolean[] ok = new boolean[first.length];
        for (int b = 0; b < ok.length; b++) ok[b] = first[b] < 0;
        return ok;
    }
}
