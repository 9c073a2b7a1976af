package carousel.speech.augment;

import carousel.speech.feature.FeatureMatrix;
import carousel.tensor.Rng;

/**
 * Time and frequency masking of features (Park et al., "SpecAugment: a simple data augmentation method for
 * automatic speech recognition", Interspeech 2019; without time warping). A frequency mask sets a band of
 * w bins, w uniform in [0, W_F], at a uniform place, to the fill value; a time mask does the same to a span of
 * w frames, w uniform in [0, W_T] (cut to the utterance). The fill value per dimension is the training mean,
 * which global normalisation turns into 0, as the paper masks normalised features with zeros. Features with
 * deltas are {@code blocks} equal blocks (static, Δ, ΔΔ): a band covers the same bins in every block.
 */
public final class SpecAugment {
    private SpecAugment() {}

    /** A masked copy of {@code f} (T, D); {@code fill} has D values; D must be a multiple of {@code blocks}. */
    public static FeatureMatrix apply(FeatureMatrix f, AugmentOptions.Masking m, int blocks, float[] fill, Rng rng) {
        int T = f.numFrames(), D = f.dim();
        if (blocks < 1 || D % blocks != 0) throw new IllegalArgumentException(D + " feature dims are not " + blocks + " equal blocks");
        if (fill.length != D) throw new IllegalArgumentException("fill has " + fill.length + " values for " + D + " dims");
        float[] x = f.data().clone();
        int bins = D / blocks;
        for (int k = 0; k < m.freqMasks(); k++) {
            int w = rng.nextInt(Math.min(m.maxFreqWidth(), bins) + 1);
            int at = rng.nextInt(bins - w + 1);
            for (int t = 0; t < T; t++)
                for (int b = 0; b < blocks; b++)
                    for (int d = b * bins + at; d < b * bins + at + w; d++) x[t * D + d] = fill[d];
        }
        for (int k = 0; k < m.timeMasks(); k++) {
            int w = rng.nextInt(Math.min(m.maxTimeWidth(), T) + 1);
            int at = rng.nextInt(T - w + 1);
            for (int t = at; t < at + w; t++) System.arraycopy(fill, 0, x, t * D, D);
        }
        return new FeatureMatrix(T, D, x);
    }
}
