package carousel.speech.feature;

import java.util.function.IntUnaryOperator;

/**
 * Frame stacking and skipping, the two halves of a low frame rate front end (H. Sak, A. Senior, K. Rao and
 * F. Beaufays, "Fast and accurate recurrent neural network acoustic models for speech recognition",
 * Interspeech 2015: stack 8 frames, keep every 3rd). {@link #stack} is Kaldi's {@code splice-feats}
 * ({@code --left-context}, {@code --right-context}); {@link #skip} is Kaldi's {@code subsample-feats}
 * ({@code --n}, {@code --offset}).
 */
public final class FrameStacking {
    private FrameStacking() {
    }

    /**
     * Output frame t is the concatenation of input frames t − left, ..., t + right; frames before the first or
     * after the last repeat the edge frame. (T, D) becomes (T, D · (left + 1 + right)).
     */
    public static FeatureMatrix stack(FeatureMatrix in, int left, int right) {
        if (left < 0 || right < 0) {
            throw new IllegalArgumentException("left and right context must be >= 0, got " + left + " and " + right);
        }
        int numFrames = in.numFrames();
        int dim = in.dim();
        FeatureMatrix out = FeatureMatrix.zeros(numFrames, dim * (left + 1 + right));
        for (int t = 0; t < numFrames; t++) {
            int frame = t;
            stackFrame(in.data(), j -> Math.min(Math.max(frame + j, 0), numFrames - 1) * dim, dim, left, right, out.data(), t * out.dim());
        }
        return out;
    }

    /**
     * One output frame of {@link #stack}, also used frame by frame by {@link FeaturePipeline.Stream}:
     * {@code rowOf.applyAsInt(j)} is where input frame t + j starts in {@code x} (j in [−left, right], edges
     * already repeated); dim · (left + 1 + right) values are written to {@code y} from {@code yOffset}.
     */
    static void stackFrame(float[] x, IntUnaryOperator rowOf, int dim, int left, int right, float[] y, int yOffset) {
        for (int j = -left; j <= right; j++) {
            System.arraycopy(x, rowOf.applyAsInt(j), y, yOffset + (j + left) * dim, dim);
        }
    }

    /** Keeps every n-th frame: frames 0, n, 2n, ... */
    public static FeatureMatrix skip(FeatureMatrix in, int n) {
        return skip(in, n, 0);
    }

    /** Keeps frames offset, offset + n, offset + 2n, ... (none when offset ≥ T). */
    public static FeatureMatrix skip(FeatureMatrix in, int n, int offset) {
        if (n < 1 || offset < 0) {
            throw new IllegalArgumentException("need n >= 1 and offset >= 0, got n=" + n + ", offset=" + offset);
        }
        int numFrames = in.numFrames();
        int kept = offset >= numFrames ? 0 : (numFrames - offset + n - 1) / n;
        int dim = in.dim();
        FeatureMatrix out = FeatureMatrix.zeros(kept, dim);
        for (int i = 0; i < kept; i++) {
            System.arraycopy(in.data(), (offset + i * n) * dim, out.data(), i * dim, dim);
        }
        return out;
    }
}
