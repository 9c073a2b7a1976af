package carousel.speech.score;

import carousel.io.FormatException;
import java.nio.file.Path;

/** A transcript, CTM or utt2spk file that cannot be used; the message reads {@code FILE:LINE: problem}. */
public final class TranscriptFormatException extends FormatException {

    private static final long serialVersionUID = 1L;

    public TranscriptFormatException(Path file, int line, String problem) {
        super(file.toString(), line, problem);
    }
}
