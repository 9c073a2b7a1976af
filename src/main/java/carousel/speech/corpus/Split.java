package carousel.speech.corpus;

/**
 * The two top-level parts of a TIMIT-layout corpus: the {@code TRAIN} and {@code TEST} directories.
 * The development and core test sets are subsets of {@link #TEST} (see {@link TimitSpeakers}).
 */
public enum Split {
    /** The {@code TRAIN} directory (462 speakers in TIMIT). */
    TRAIN,
    /** The {@code TEST} directory (168 speakers in TIMIT). */
    TEST;

    /** The directory name, upper case as in the TIMIT distribution ({@code TRAIN}, {@code TEST}). */
    public String directoryName() {
        return name();
    }
}
