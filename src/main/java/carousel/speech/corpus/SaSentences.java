package carousel.speech.corpus;

/**
 * Whether to keep TIMIT's two dialect calibration sentences ({@code SA1}, {@code SA2}), which every
 * speaker reads. Phone recognition work on TIMIT excludes them because the same two sentences from
 * every speaker would bias the phone statistics and leak text between training and test.
 */
public enum SaSentences {
    /** Drop utterances whose name starts with {@code SA} (the standard choice). */
    EXCLUDE,
    /** Keep them. */
    INCLUDE
}
