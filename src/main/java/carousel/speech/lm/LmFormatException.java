package carousel.speech.lm;

import carousel.io.FormatException;
import java.nio.file.Path;

/**
 * A language-model or lexicon file that cannot be read: the message is {@code FILE:LINE: problem} (or
 * {@code FILE: problem} for a problem of the whole file, such as a missing {@code \end\}).
 */
public final class LmFormatException extends FormatException {

    private static final long serialVersionUID = 1L;

    /** A problem on one line (1-based). */
    public LmFormatException(Path file, int line, String problem) {
        super(file.toString(), line, problem);
    }

    /** A problem of the whole file. */
    public LmFormatException(Path file, String problem) {
        super(file.toString(), problem);
    }
}
