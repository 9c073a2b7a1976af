package carousel.speech.corpus;

import java.util.Objects;

/**
 * What {@link TimitCorpus#scan(ScanOptions)} accepts as a good utterance.
 *
 * @param inventory          phone symbols allowed in the {@code .PHN} files (TIMIT's 61 by default;
 *                           the synthetic demo corpus uses a subset of them)
 * @param sampleRateHz       the audio rate every file must have (TIMIT: 16000)
 * @param maxUncoveredTailMs how far before the end of the audio the last segment may end; the tail is
 *                           labelled as the last segment (see {@link PhoneAlignment#coverAudio}). Default
 *                           100 ms: the final {@code h#} of real TIMIT files may stop short of the end of
 *                           the waveform, and 100 ms of trailing silence is still silence, while a longer
 *                           unlabelled tail suggests the label and audio files do not belong together
 */
public record ScanOptions(PhoneSet inventory, int sampleRateHz, double maxUncoveredTailMs) {

    /** TIMIT 61 phones, 16 kHz, up to 100 ms of unlabelled tail. */
    public static final ScanOptions DEFAULT = new ScanOptions(PhoneSet.TIMIT_61, 16000, 100.0);

    public ScanOptions {
        Objects.requireNonNull(inventory, "inventory");
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sampleRateHz must be > 0, got " + sampleRateHz);
        }
        if (!(maxUncoveredTailMs >= 0) || !Double.isFinite(maxUncoveredTailMs)) {
            throw new IllegalArgumentException("maxUncoveredTailMs must be >= 0, got " + maxUncoveredTailMs);
        }
    }

    /** The tail allowance in samples at {@link #sampleRateHz}. */
    public long maxUncoveredTailSamples() {
        return (long) Math.floor(maxUncoveredTailMs * sampleRateHz / 1000.0);
    }
}
