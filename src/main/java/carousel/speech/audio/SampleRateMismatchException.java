package carousel.speech.audio;

/**
 * Audio whose sample rate differs from the rate the features (or model) expect, where resampling was not
 * asked for. Kaldi's {@code compute-fbank-feats} refuses such audio in the same way unless given
 * {@code --allow-downsample} or {@code --allow-upsample}.
 */
public final class SampleRateMismatchException extends AudioFormatException {
    private static final long serialVersionUID = 1L;

    private final int expectedHz;
    private final int actualHz;

    /** @param source file or source name; @param expectedHz rate asked for; @param actualHz rate of the audio */
    public SampleRateMismatchException(String source, int expectedHz, int actualHz) {
        super(source, "sample rate is " + actualHz + " Hz but " + expectedHz
                + " Hz is expected (resample it, or allow resampling)");
        this.expectedHz = expectedHz;
        this.actualHz = actualHz;
    }

    /** The rate that was expected, in Hz. */
    public int expectedHz() {
        return expectedHz;
    }

    /** The rate of the audio, in Hz. */
    public int actualHz() {
        return actualHz;
    }
}
