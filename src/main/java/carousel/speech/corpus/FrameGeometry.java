package carousel.speech.corpus;

/**
 * Where feature frames lie in the audio, the way Kaldi's feature extractor places them with
 * {@code --snip-edges=true} (its default; Kaldi {@code src/feat/feature-window.h}): frame {@code i}
 * covers samples {@code [i*shift, i*shift + window)}, there are {@code 1 + (N - window) / shift} frames
 * for {@code N >= window} samples and none otherwise, and the window and shift in samples are
 * {@code (int) (sampleRateHz * 0.001 * ms)}, truncated as Kaldi does. A frame's label is taken at its
 * centre sample {@code i*shift + window/2}.
 *
 * @param frameLengthMs window length in milliseconds; Kaldi's default 25 ms (400 samples at 16 kHz)
 * @param frameShiftMs  hop between frames in milliseconds; Kaldi's default 10 ms (160 samples at 16 kHz)
 * @param sampleRateHz  samples per second of the audio; TIMIT is 16000
 */
public record FrameGeometry(double frameLengthMs, double frameShiftMs, int sampleRateHz) {

    /** Kaldi's defaults at TIMIT's rate: 25 ms windows every 10 ms at 16 kHz. */
    public static final FrameGeometry KALDI_16K = new FrameGeometry(25.0, 10.0, 16000);

    public FrameGeometry {
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be > 0, got " + sampleRateHz);
        }
        if (!(frameLengthMs > 0) || !Double.isFinite(frameLengthMs)) {
            throw new IllegalArgumentException("frameLengthMs must be a positive number, got " + frameLengthMs);
        }
        if (!(frameShiftMs > 0) || !Double.isFinite(frameShiftMs)) {
            throw new IllegalArgumentException("frameShiftMs must be a positive number, got " + frameShiftMs);
        }
        if (samples(frameShiftMs, sampleRateHz) < 1) {
            throw new IllegalArgumentException("frameShiftMs " + frameShiftMs + " is less than one sample at "
                    + sampleRateHz + " Hz");
        }
        if (samples(frameLengthMs, sampleRateHz) < 1) {
            throw new IllegalArgumentException("frameLengthMs " + frameLengthMs + " is less than one sample at "
                    + sampleRateHz + " Hz");
        }
    }

    private static long samples(double ms, int rate) {
        return (long) (rate * 0.001 * ms);
    }

    /** Window length in samples (400 for {@link #KALDI_16K}). */
    public int windowSamples() {
        return Math.toIntExact(samples(frameLengthMs, sampleRateHz));
    }

    /** Frame shift in samples (160 for {@link #KALDI_16K}). */
    public int shiftSamples() {
        return Math.toIntExact(samples(frameShiftMs, sampleRateHz));
    }

    /** Number of frames for {@code numSamples} samples: {@code 1 + (N - window) / shift}, or 0 if {@code N < window}. */
    public int numFrames(long numSamples) {
        if (numSamples < 0) {
            throw new IllegalArgumentException("numSamples must be >= 0, got " + numSamples);
        }
        int w = windowSamples();
        if (numSamples < w) {
            return 0;
        }
        return Math.toIntExact(1 + (numSamples - w) / shiftSamples());
    }

    /** The sample at the centre of frame {@code frame}: {@code frame*shift + window/2}. */
    public long centreSample(int frame) {
        if (frame < 0) {
            throw new IllegalArgumentException("frame must be >= 0, got " + frame);
        }
        return (long) frame * shiftSamples() + windowSamples() / 2;
    }

    /** Milliseconds for a number of samples at this rate, for messages. */
    public double millis(long samples) {
        return samples * 1000.0 / sampleRateHz;
    }
}
