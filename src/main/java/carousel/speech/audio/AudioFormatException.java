package carousel.speech.audio;

import carousel.io.FormatException;

/**
 * An audio file that cannot be read: damaged (truncated, sizes that contradict the file length), or in an
 * encoding this package does not decode (shorten-compressed SPHERE, unknown WAV format codes). The message
 * always names the file (or the in-memory source) and the problem.
 */
public class AudioFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    /** @param source the file or source name, as shown to users; @param problem what is wrong with it */
    public AudioFormatException(String source, String problem) {
        super(source, problem);
    }
}
