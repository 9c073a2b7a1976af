package carousel.speech.feature;

import java.util.List;

/**
 * How a waveform is cut into frames and each frame prepared for the FFT: Kaldi's
 * {@code FrameExtractionOptions} ({@code src/feat/feature-window.h}), with the same option names and defaults
 * except {@code --dither}.
 *
 * @param sampleFrequencyHz {@code --sample-frequency}, 16000: the rate the waveform must have
 * @param frameShiftMs {@code --frame-shift}, 10 ms between frame starts
 * @param frameLengthMs {@code --frame-length}, 25 ms per frame
 * @param dither {@code --dither}, 0: standard deviation of Gaussian noise added to each sample. Kaldi's default
 *        is 1.0; ours is 0 so that features are deterministic (use {@code --energy-floor} if the audio has
 *        digital silence)
 * @param preemphasisCoefficient {@code --preemphasis-coefficient}, 0.97: x[i] −= c · x[i−1] within the frame
 * @param removeDcOffset {@code --remove-dc-offset}, true: subtract each frame's mean
 * @param windowType {@code --window-type}, povey
 * @param roundToPowerOfTwo {@code --round-to-power-of-two}, true: zero-pad frames to a power of two for the FFT
 * @param blackmanCoeff {@code --blackman-coeff}, 0.42
 * @param snipEdges {@code --snip-edges}, true: only frames that fit in the signal; false: frame t is centred on
 *        sample t·shift + shift/2 and the signal is mirrored at its ends, giving round(numSamples / shift) frames
 * @param allowDownsample {@code --allow-downsample}, false: resample audio of a higher rate instead of refusing it
 * @param allowUpsample {@code --allow-upsample}, false: resample audio of a lower rate instead of refusing it
 */
public record FrameOptions(double sampleFrequencyHz, double frameShiftMs, double frameLengthMs, double dither,
                           double preemphasisCoefficient, boolean removeDcOffset, WindowType windowType,
                           boolean roundToPowerOfTwo, double blackmanCoeff, boolean snipEdges,
                           boolean allowDownsample, boolean allowUpsample) {

    public FrameOptions {
        if (windowType == null) {
            throw new IllegalArgumentException("--window-type must be given");
        }
        if (!(sampleFrequencyHz > 0) || !Double.isFinite(sampleFrequencyHz)) {
            throw new IllegalArgumentException("--sample-frequency must be positive, got " + sampleFrequencyHz);
        }
        if (!(frameShiftMs > 0) || !(frameLengthMs > 0)) {
            throw new IllegalArgumentException("--frame-shift and --frame-length must be positive, got "
                    + frameShiftMs + " and " + frameLengthMs + " ms");
        }
        if (sampleFrequencyHz > MAX_SAMPLE_FREQUENCY_HZ) {
            throw new IllegalArgumentException("--sample-frequency=" + sampleFrequencyHz + " exceeds the limit of "
                    + MAX_SAMPLE_FREQUENCY_HZ + " Hz");
        }
        if (frameShiftMs > MAX_FRAME_MS || frameLengthMs > MAX_FRAME_MS) {
            throw new IllegalArgumentException("--frame-shift and --frame-length must be at most " + MAX_FRAME_MS
                    + " ms, got " + frameShiftMs + " and " + frameLengthMs + " ms");
        }
        if (!(dither >= 0) || !Double.isFinite(dither)) {
            throw new IllegalArgumentException("--dither must be a standard deviation >= 0, got " + dither);
        }
        if (!(preemphasisCoefficient >= 0 && preemphasisCoefficient <= 1)) {
            throw new IllegalArgumentException("--preemphasis-coefficient must be in [0, 1], got "
                    + preemphasisCoefficient);
        }
        if (!Double.isFinite(blackmanCoeff)) {
            throw new IllegalArgumentException("--blackman-coeff must be finite, got " + blackmanCoeff);
        }
        int shift = shiftSamples(sampleFrequencyHz, frameShiftMs);
        int size = sizeSamples(sampleFrequencyHz, frameLengthMs);
        if (shift < 1) {
            throw new IllegalArgumentException("--frame-shift=" + frameShiftMs + " ms is less than one sample at "
                    + sampleFrequencyHz + " Hz");
        }
        if (size < 2) {
            throw new IllegalArgumentException("--frame-length=" + frameLengthMs + " ms is less than two samples at "
                    + sampleFrequencyHz + " Hz");
        }
        if (!roundToPowerOfTwo && size % 2 != 0) {
            throw new IllegalArgumentException("the frame of " + size + " samples must have an even length for the"
                    + " FFT; use --round-to-power-of-two=true or change --frame-length");
        }
    }

    /** Highest {@code --sample-frequency} accepted (8 × 48 kHz). */
    public static final double MAX_SAMPLE_FREQUENCY_HZ = 384_000;
    /** Longest {@code --frame-length} and {@code --frame-shift} accepted, in ms (speech uses 25 and 10). */
    public static final double MAX_FRAME_MS = 1000;

    /** Kaldi's defaults, except dither 0 (see the class comment). */
    public static FrameOptions defaults() {
        return new FrameOptions(16000, 10, 25, 0.0, 0.97, true, WindowType.POVEY, true, 0.42, true, false, false);
    }

    /** Frame shift in samples: (int) (sampleFrequencyHz · 0.001 · frameShiftMs), as Kaldi's WindowShift(). */
    public int windowShiftSamples() {
        return shiftSamples(sampleFrequencyHz, frameShiftMs);
    }

    /** Frame length in samples: (int) (sampleFrequencyHz · 0.001 · frameLengthMs), as Kaldi's WindowSize(). */
    public int windowSizeSamples() {
        return sizeSamples(sampleFrequencyHz, frameLengthMs);
    }

    /** FFT length: the frame length, rounded up to a power of two when {@code roundToPowerOfTwo}. */
    public int paddedWindowSizeSamples() {
        int size = windowSizeSamples();
        return roundToPowerOfTwo ? Integer.highestOneBit(size - 1) << 1 : size;
    }

    /**
     * Number of frames for {@code numSamples} samples (Kaldi's NumFrames with flush): with snip edges,
     * 1 + (numSamples − length) / shift, or 0 when shorter than a frame; without, (numSamples + shift/2) / shift.
     */
    public int numFrames(long numSamples) {
        int shift = windowShiftSamples();
        long n;
        if (snipEdges) {
            int size = windowSizeSamples();
            n = numSamples < size ? 0 : 1 + (numSamples - size) / shift;
        } else {
            n = (numSamples + shift / 2) / shift;
        }
        return (int) n;
    }

    /** Index of the first sample of frame {@code frame}; negative without snip edges (the signal is mirrored). */
    public long firstSampleOfFrame(int frame) {
        int shift = windowShiftSamples();
        if (snipEdges) {
            return (long) frame * shift;
        }
        return (long) frame * shift + shift / 2 - windowSizeSamples() / 2;
    }

    /** Reads the options this record knows from {@code args}, Kaldi defaults (dither 0) for the others. */
    public static FrameOptions fromArgs(KaldiArgs args) {
        FrameOptions d = defaults();
        return new FrameOptions(
                args.getDouble("sample-frequency", d.sampleFrequencyHz),
                args.getDouble("frame-shift", d.frameShiftMs),
                args.getDouble("frame-length", d.frameLengthMs),
                args.getDouble("dither", d.dither),
                args.getDouble("preemphasis-coefficient", d.preemphasisCoefficient),
                args.getBool("remove-dc-offset", d.removeDcOffset),
                WindowType.fromKaldiName(args.getString("window-type", d.windowType.kaldiName())),
                args.getBool("round-to-power-of-two", d.roundToPowerOfTwo),
                args.getDouble("blackman-coeff", d.blackmanCoeff),
                args.getBool("snip-edges", d.snipEdges),
                args.getBool("allow-downsample", d.allowDownsample),
                args.getBool("allow-upsample", d.allowUpsample));
    }

    /** These options as Kaldi command-line strings, every option spelled out. */
    public List<String> toKaldiArgs() {
        return List.of(
                "--sample-frequency=" + sampleFrequencyHz,
                "--frame-shift=" + frameShiftMs,
                "--frame-length=" + frameLengthMs,
                "--dither=" + dither,
                "--preemphasis-coefficient=" + preemphasisCoefficient,
                "--remove-dc-offset=" + removeDcOffset,
                "--window-type=" + windowType.kaldiName(),
                "--round-to-power-of-two=" + roundToPowerOfTwo,
                "--blackman-coeff=" + blackmanCoeff,
                "--snip-edges=" + snipEdges,
                "--allow-downsample=" + allowDownsample,
                "--allow-upsample=" + allowUpsample);
    }

    private static int shiftSamples(double sampleFrequencyHz, double frameShiftMs) {
        return (int) (sampleFrequencyHz * 0.001 * frameShiftMs);
    }

    private static int sizeSamples(double sampleFrequencyHz, double frameLengthMs) {
        return (int) (sampleFrequencyHz * 0.001 * frameLengthMs);
    }
}
