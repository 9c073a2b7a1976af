package carousel.loss;

import carousel.tensor.Ops;
import carousel.tensor.Tensor;

/**
 * Softmax cross-entropy over C classes on (T, B, C) logits with integer targets (T, B), averaged
 * over the counted frames: E = −(1/N) Σ log softmax(z)[target]; dz = (softmax(z) − onehot)/N.
 * A frame is counted when its target is ≥ 0, it lies within its sequence's length, and (with
 * {@link Frames#LAST}) it is the sequence's last frame.
 */
public final class SoftmaxCrossEntropy {
    private int[] effective = new int[0];

    /** Computes the loss and, when dLogits is non-null, sets dLogits (T, B, C). */
    public LossResult compute(Ops ops, Tensor logits, int T, int B, int C, int[] targets, int[] lengths, Frames frames, Tensor dLogits) {
        if (targets.length < T * B) throw new IllegalArgumentException("targets must have T·B = " + T * B + " entries, got " + targets.length);
        if (effective.length < T * B) effective = new int[T * B];
        long count = 0;
        for (int t = 0; t < T; t++)
            for (int b = 0; b < B; b++) {
                int len = lengths == null ? T : lengths[b];
                boolean counted = t < len && (frames == Frames.ALL || t == len - 1);
                int y = counted ? targets[t * B + b] : -1;
                if (y >= C) throw new IllegalArgumentException("target " + y + " at step " + t + ", sequence " + b + " is not a class in [0, " + C + ")");
                effective[t * B + b] = y;
                if (y >= 0) count++;
            }
        long[] stats = new long[2];
        double scale = count == 0 ? 0 : 1.0 / count;
        double sum = ops.softmaxCrossEntropy(logits, 0, T * B, C, effective, 0, dLogits, scale, stats);
        return new LossResult(count == 0 ? 0 : sum / count, stats[0], stats[1]);
    }
}
