package carousel.speech.kaldi;

import carousel.io.FormatException;
import java.nio.file.Path;

/**
 * A Kaldi file that cannot be read as asked: truncated, malformed, of another type, or using a feature
 * this package does not support. The message names the file, the entry (key) when known, and the byte
 * offset or line, e.g. {@code feats.ark: entry 'utt7' at byte 1234: truncated: ...}.
 */
public final class KaldiFormatException extends FormatException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String key;

    private KaldiFormatException(Path file, String key, int line, String problem, String message) {
        super(message, file.toString(), line, problem);
        this.file = file;
        this.key = key;
    }

    /** A problem at byte {@code offset} of {@code file}, inside the entry {@code key} (null if not yet known). */
    static KaldiFormatException at(Path file, String key, long offset, String problem) {
        StringBuilder s = new StringBuilder().append(file).append(": ");
        if (key != null) {
            s.append("entry '").append(key).append("' ");
        }
        s.append("at byte ").append(offset).append(": ").append(problem);
        return new KaldiFormatException(file, key, 0, problem, s.toString());
    }

    /** A problem on line {@code line} (1-based) of a text file such as {@code wav.scp}. */
    static KaldiFormatException atLine(Path file, int line, String key, String problem) {
        String where = line > 0 ? file + ":" + line : file.toString();
        return new KaldiFormatException(file, key, Math.max(line, 0), problem, where + ": " + (key != null ? "'" + key + "': " : "") + problem);
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** The key of the entry being read, or null when the problem came before (or outside) any entry. */
    public String key() {
        return key;
    }
}
