package carousel.speech.feature;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Cuts frame t out of a waveform and prepares it for the FFT, as Kaldi's {@code ExtractWindow} and
 * {@code ProcessWindow} ({@code src/feat/feature-window.cc}) do, in this order: copy the frame (mirroring the
 * signal at its ends when frames overhang them, i.e. without snip edges), add dither, remove the DC offset,
 * measure the raw energy, pre-emphasise (x[i] −= c·x[i−1], and x[0] −= c·x[0]), multiply by the window, and
 * zero-pad to the FFT length. The window is computed once; instances are immutable and thread-safe.
 */
final class FrameExtractor {
    private final FrameOptions opts;
    private final int frameLength;
    private final int paddedLength;
    private final double[] window;   // (frameLength)

    FrameExtractor(FrameOptions opts) {
        this.opts = opts;
        this.frameLength = opts.windowSizeSamples();
        this.paddedLength = opts.paddedWindowSizeSamples();
        this.window = opts.windowType().weights(frameLength, opts.blackmanCoeff());
    }

    /** The FFT length: frame length, zero-padded as the options say. */
    int paddedLength() {
        return paddedLength;
    }

    /**
     * Fills {@code out[0, paddedLength)} with frame {@code frame} of {@code samples}, processed and windowed.
     *
     * @param rng source of dither noise; unused when dither is 0
     * @return the raw energy of the frame, Σ x², after DC removal and before pre-emphasis and windowing
     */
    double extract(float[] samples, int frame, double[] out, RandomGenerator rng) {
        int numSamples = samples.length;
        long start = opts.firstSampleOfFrame(frame);
        if (start >= 0 && start + frameLength <= numSamples) {
            for (int i = 0; i < frameLength; i++) {
                out[i] = samples[(int) start + i];
            }
        } else {
            for (int i = 0; i < frameLength; i++) {
                long s = start + i;
                while (s < 0 || s >= numSamples) {   // mirror: ... 1 0 | 0 1 2 ... n−1 | n−1 n−2 ...
                    s = s < 0 ? -s - 1 : 2L * numSamples - 1 - s;
                }
                out[i] = samples[(int) s];
            }
        }
        Arrays.fill(out, frameLength, paddedLength, 0.0);
        if (opts.dither() != 0) {
            for (int i = 0; i < frameLength; i++) {
                out[i] += rng.nextGaussian() * opts.dither();
            }
        }
        if (opts.removeDcOffset()) {
            double sum = 0;
            for (int i = 0; i < frameLength; i++) {
                sum += out[i];
            }
            double mean = sum / frameLength;
            for (int i = 0; i < frameLength; i++) {
                out[i] -= mean;
            }
        }
        double rawEnergy = 0;
        for (int i = 0; i < frameLength; i++) {
            rawEnergy += out[i] * out[i];
        }
        double c = opts.preemphasisCoefficient();
        if (c != 0) {
            for (int i = frameLength - 1; i > 0; i--) {
                out[i] -= c * out[i - 1];
            }
            out[0] -= c * out[0];
        }
        for (int i = 0; i < frameLength; i++) {
            out[i] *= window[i];
        }
        return rawEnergy;
    }
}
