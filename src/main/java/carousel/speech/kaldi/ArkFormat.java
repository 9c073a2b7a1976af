package carousel.speech.kaldi;

/**
 * How values are written into an archive: Kaldi's {@code ark:} (binary) or {@code ark,t:} (text).
 * Readers detect the form of every entry themselves.
 */
public enum ArkFormat {
    /** {@code key \0B<binary object>}: compact and exact; what Kaldi writes by default. */
    BINARY,
    /** {@code key  [ ... ]} for matrices, {@code key 1 2 3} for int vectors: readable, and exact here. */
    TEXT
}
