package carousel.speech.feature;

import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;

/**
 * A frame-by-frame stage that reads {@code left} frames before and {@code right} frames after each output
 * frame, edges repeated (as {@link Deltas} and {@link FrameStacking#stack} do for a whole utterance): the
 * streaming half of {@link FeaturePipeline.Stream}. It keeps the last left + 1 + right input frames in a
 * ring, emits output frame t once input frame t + right has arrived, and the last {@code right} frames
 * at {@link #finish}. Memory is constant in the utterance's length.
 */
final class FrameWindow {
    /** Computes one output frame: {@code rowOf.applyAsInt(j)} is where input frame t + j starts in {@code ring}. */
    interface Kernel {
        void frame(float[] ring, IntUnaryOperator rowOf, float[] out);
    }

    private final int dim;
    private final int outDim;
    private final int right;
    private final int capacity;  // left + 1 + right
    private final float[] ring;  // (capacity, dim), input frame i in slot i % capacity
    private final Kernel kernel;
    private int count;           // input frames so far

    FrameWindow(int dim, int outDim, int left, int right, Kernel kernel) {
        this.dim = dim;
        this.outDim = outDim;
        this.right = right;
        this.capacity = left + 1 + right;
        this.ring = new float[capacity * dim];
        this.kernel = kernel;
    }

    /** Takes the next input frame (dim values); passes on output frame count − right when it is ready. */
    void push(float[] frame, Consumer<float[]> next) {
        if (frame.length != dim) {
            throw new IllegalArgumentException("a frame of " + frame.length + " values where " + dim + " were expected");
        }
        System.arraycopy(frame, 0, ring, (count % capacity) * dim, dim);
        int newest = count++;
        if (newest >= right) {
            emit(newest - right, newest, next);
        }
    }

    /** The utterance ended: passes on the frames still waiting for their right context (the last frame repeated). */
    void finish(Consumer<float[]> next) {
        for (int t = Math.max(0, count - right); t < count; t++) {
            emit(t, count - 1, next);
        }
    }

    private void emit(int t, int last, Consumer<float[]> next) {
        float[] out = new float[outDim];
        kernel.frame(ring, j -> (Math.min(Math.max(t + j, 0), last) % capacity) * dim, out);
        next.accept(out);
    }
}
