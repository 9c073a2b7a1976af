package carousel.layer;

import carousel.tensor.Ops;
import carousel.tensor.Products;
import carousel.tensor.Tensor;

import java.util.List;

/**
 * A layer over time-major sequences: input (T, B, I) to output (T, B, O), with a recurrent state
 * that can be given at the start and read at the end (for streaming and truncated BPTT).
 *
 * <p>Life cycle of one training step: {@code forward} fills the cache, {@code backward} reads it and
 * <em>adds</em> into the parameter gradients (zeroing them is the trainer's job). A cache is reused
 * across calls; it reallocates only when (T, B) changes, so no step allocates.
 *
 * <p>State is an array of tensors: LSTM {@code [h (B,R), c (B,H)]}, RNN {@code [h (B,H)]},
 * bidirectional {@code [forward parts..., backward parts...]}. A null state means zeros.
 */
public interface SequenceLayer {
    int inputSize();

    int outputSize();

    Ops ops();

    /** Parameters with base names (e.g. {@code weight_ih}); the model adds layer and direction suffixes. */
    List<Param> params();

    /** Shapes of the state parts for a batch of B, e.g. {@code [[B, R], [B, H]]}. */
    int[][] stateShapes(int batch);

    /** A working memory whose whole-chunk products run in float32. */
    default Cache newCache() { return newCache(Products.F32); }

    /**
     * A working memory whose whole-chunk products (input products over all T·B rows, dx, weight
     * gradients) run in precision p ({@link Ops#withProducts}); the per-step products stay float32.
     */
    Cache newCache(Products p);

    /** Runs the layer over x (T, B, I); returns y (T, B, O), owned by the cache. Rows past lengths[b] are zero. */
    Tensor forward(Cache cache, Tensor x, int steps, int batch, int[] lengths, Tensor[] initial);

    /** State after the last active step of each sequence (owned by the cache). */
    Tensor[] finalState(Cache cache);

    /**
     * Back-propagates dy (T, B, O) and, when non-null, the gradient on the final state. Adds into the
     * parameter gradients and, when non-null, into dx (T, B, I); sets dInitial's parts when non-null.
     */
    void backward(Cache cache, Tensor dy, Tensor[] dFinal, Tensor dx, Tensor[] dInitial);

    /** Per-layer working memory kept between forward and backward. */
    interface Cache {
        /** Bytes held, for memory reports. */
        long bytes();
    }
}
