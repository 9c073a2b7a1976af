package carousel.speech.audio;

import java.util.Objects;

/**
 * One channel of audio: float samples at {@code sampleRateHz}, on Kaldi's 16-bit scale.
 *
 * <p>Scale: 16-bit PCM samples keep their integer values (in [-32768, 32767]), as Kaldi's wave reader does and
 * as Kaldi's features assume (its energies and log filterbanks depend on the scale). Other encodings are scaled
 * to the same range: 8-bit unsigned PCM as (b - 128) * 256, 24-bit PCM / 256, 32-bit PCM / 65536, IEEE float
 * * 32768, μ-law and A-law by the ITU-T G.711 expansion to 16-bit linear. (Kaldi itself leaves 8-bit and 32-bit
 * PCM unscaled; we scale them so that features do not depend on the bit depth.)
 *
 * <p>The record holds the array it was given without copying; {@code equals} compares the array by identity.
 *
 * @param source where the audio came from (a file path or a description), used in error messages
 * @param sampleRateHz samples per second, positive
 * @param samples the samples, one channel
 */
public record Waveform(String source, int sampleRateHz, float[] samples) {

    public Waveform {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(samples, "samples");
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be positive, got " + sampleRateHz);
        }
    }

    /** A waveform made in memory, with source {@code "<memory>"}. */
    public Waveform(int sampleRateHz, float[] samples) {
        this("<memory>", sampleRateHz, samples);
    }

    /** Number of samples. */
    public int numSamples() {
        return samples.length;
    }

    /** Duration in seconds. */
    public double durationSeconds() {
        return samples.length / (double) sampleRateHz;
    }

    /**
     * This waveform at {@code expectedHz}: itself when the rates agree, a band-limited resampled copy when they
     * differ and {@code allowResampling} is true.
     *
     * @throws SampleRateMismatchException when the rates differ and resampling is not allowed
     */
    public Waveform checkSampleRate(int expectedHz, boolean allowResampling) throws SampleRateMismatchException {
        if (expectedHz <= 0) {
            throw new IllegalArgumentException("expectedHz must be positive, got " + expectedHz);
        }
        if (expectedHz == sampleRateHz) {
            return this;
        }
        if (!allowResampling) {
            throw new SampleRateMismatchException(source, expectedHz, sampleRateHz);
        }
        return new Waveform(source, expectedHz, new Resampler(sampleRateHz, expectedHz).resample(samples));
    }
}
