package carousel.speech.corpus;

import java.util.Objects;

/**
 * An utterance that passed {@link TimitCorpus#scan}: its audio header was read and its alignment
 * covers the audio with known phones.
 *
 * @param utterance    where its files are
 * @param sampleRateHz the audio rate
 * @param numSamples   samples in the audio (per channel)
 * @param alignment    the {@code .PHN} alignment covering {@code [0, numSamples)} exactly, in the
 *                     file's own symbols (fold it with {@link PhoneAlignment#mapped})
 */
public record ScannedUtterance(Utterance utterance, int sampleRateHz, long numSamples, PhoneAlignment alignment) {

    public ScannedUtterance {
        Objects.requireNonNull(utterance, "utterance");
        Objects.requireNonNull(alignment, "alignment");
        if (sampleRateHz <= 0 || numSamples < 0) {
            throw new IllegalArgumentException(utterance.id() + ": bad audio facts: " + sampleRateHz + " Hz, "
                    + numSamples + " samples");
        }
        if (alignment.endSample() != numSamples) {
            throw new IllegalArgumentException(utterance.id() + ": alignment ends at " + alignment.endSample()
                    + " but the audio has " + numSamples + " samples");
        }
    }

    /** Duration in seconds. */
    public double seconds() {
        return (double) numSamples / sampleRateHz;
    }

    /**
     * Frame phone labels in {@code map.to()} for frames placed by {@code geometry}; the number of labels
     * equals the number of frames Kaldi-style features of this audio have.
     */
    public int[] phoneTargets(PhoneMap map, FrameGeometry geometry) throws CorpusFormatException {
        checkRate(geometry);
        return FrameTargets.phones(alignment.mapped(map), map.to(), geometry);
    }

    /** Frame HMM-state labels ({@link FrameTargets#STATES_PER_PHONE} per phone of {@code map.to()}). */
    public int[] stateTargets(PhoneMap map, FrameGeometry geometry) throws CorpusFormatException {
        checkRate(geometry);
        return FrameTargets.states(alignment.mapped(map), map.to(), geometry, FrameTargets.STATES_PER_PHONE);
    }

    private void checkRate(FrameGeometry geometry) throws CorpusFormatException {
        if (geometry.sampleRateHz() != sampleRateHz) {
            throw new CorpusFormatException(utterance.id(), utterance.wav(), 0, "audio is " + sampleRateHz
                    + " Hz but the frame geometry assumes " + geometry.sampleRateHz() + " Hz");
        }
    }
}
