package carousel.speech.audio;

import java.util.Objects;

/**
 * What an audio file's header says, after it has been checked against the file's length.
 *
 * @param source the file or source name
 * @param container WAV or SPHERE
 * @param encoding how each sample is stored
 * @param sampleRateHz samples per second per channel
 * @param numChannels interleaved channels, at least 1
 * @param numSamplesPerChannel samples in each channel (the file holds at least this many)
 */
public record AudioInfo(String source, AudioContainer container, SampleEncoding encoding, int sampleRateHz,
                        int numChannels, long numSamplesPerChannel) {

    public AudioInfo {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(encoding, "encoding");
        if (sampleRateHz <= 0 || numChannels <= 0 || numSamplesPerChannel < 0) {
            throw new IllegalArgumentException("bad audio info: sampleRateHz=" + sampleRateHz + ", numChannels="
                    + numChannels + ", numSamplesPerChannel=" + numSamplesPerChannel);
        }
    }

    /** Duration in seconds. */
    public double durationSeconds() {
        return numSamplesPerChannel / (double) sampleRateHz;
    }
}
