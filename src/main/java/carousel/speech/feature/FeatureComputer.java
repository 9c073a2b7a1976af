package carousel.speech.feature;

import carousel.speech.audio.SampleRateMismatchException;
import carousel.speech.audio.Waveform;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Turns a waveform into a (T, D) feature matrix, one row per frame: {@link Fbank} or {@link Mfcc}.
 * Implementations are immutable and thread-safe; everything that depends only on the options (window, mel
 * filters, DCT matrix, FFT tables) is computed once when they are built.
 */
public interface FeatureComputer {
    /** Seed of the dither noise used by {@link #compute(float[])}, so that dithered features are repeatable. */
    long DEFAULT_DITHER_SEED = 0x5EED_D17E4L;

    /** The options these features follow. */
    FeatureOptions options();

    /** D, the number of values per frame: the options'. */
    default int dim() {
        return options().dim();
    }

    /** The framing options, including the sample rate the audio must have: the options'. */
    default FrameOptions frameOptions() {
        return options().frame();
    }

    /**
     * Features of {@code samples} (on Kaldi's 16-bit scale, at {@code frameOptions().sampleFrequencyHz()}).
     * Fewer samples than one frame give T = 0 (with snip edges).
     *
     * @param ditherSource Gaussian noise for {@code --dither}; unused when dither is 0
     */
    FeatureMatrix compute(float[] samples, RandomGenerator ditherSource);

    /** Features of {@code samples}, with dither noise (if any) from a generator seeded with {@link #DEFAULT_DITHER_SEED}. */
    default FeatureMatrix compute(float[] samples) {
        return compute(samples, new SplittableRandom(DEFAULT_DITHER_SEED));
    }

    /**
     * Features of a waveform, after checking its sample rate against {@code --sample-frequency}. A different
     * rate is resampled when the options allow it ({@code --allow-downsample} for a higher rate,
     * {@code --allow-upsample} for a lower one) and refused otherwise, as Kaldi's commands do.
     *
     * @throws SampleRateMismatchException when the rates differ and resampling is not allowed
     */
    default FeatureMatrix compute(Waveform waveform) throws SampleRateMismatchException {
        FrameOptions f = frameOptions();
        double expected = f.sampleFrequencyHz();
        int actual = waveform.sampleRateHz();
        if (actual != expected) {
            boolean allowed = actual > expected ? f.allowDownsample() : f.allowUpsample();
            int expectedHz = (int) Math.round(expected);
            if (!allowed || expectedHz != expected) {
                throw new SampleRateMismatchException(waveform.source(), expectedHz, actual);
            }
            waveform = waveform.checkSampleRate(expectedHz, true);
        }
        return compute(waveform.samples());
    }
}
