package carousel.speech.decode;

import carousel.io.FormatException;
import java.nio.file.Path;

/**
 * A language-model file that cannot be read: the message is {@code FILE:LINE: problem} (or
 * {@code FILE: problem} for a problem of the whole file, such as a missing {@code \end\}).
 */
public final class LmFormatException extends FormatException {

    private static final long serialVersionUID = 1L;

    LmFormatException(Path file, int line, String problem) {
        super(file.toString(), line, problem);
    }

    LmFormatException(Path file, String problem) {
        super(file.toString(), problem);
    }
}
