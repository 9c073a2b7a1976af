package carousel.speech.corpus;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a corpus: which utterance, which file and line, and what. Printed as
 * {@code MDAB0_SI1039: /data/timit/TEST/DR1/MDAB0/SI1039.PHN:7: unknown phone 'xx'}; parts that are not
 * known are left out.
 *
 * @param utteranceId the utterance ({@code SPEAKER_UTT}), or empty when the problem is not about one utterance
 * @param file        the file at fault, or {@code null} when none is
 * @param line        the 1-based line in {@code file}, or 0 when not about one line
 * @param message     what is wrong, for a person to read
 */
public record CorpusProblem(String utteranceId, Path file, int line, String message) {

    public CorpusProblem {
        Objects.requireNonNull(utteranceId, "utteranceId must not be null (use \"\" when there is none)");
        Objects.requireNonNull(message, "message must not be null");
        if (message.isBlank()) {
            throw new IllegalArgumentException("message must say what is wrong");
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be >= 0 (0 = no line), got " + line);
        }
        if (line > 0 && file == null) {
            throw new IllegalArgumentException("a line number (" + line + ") needs a file");
        }
    }

    /** A problem with one utterance's file as a whole. */
    public static CorpusProblem of(String utteranceId, Path file, String message) {
        return new CorpusProblem(utteranceId, file, 0, message);
    }

    /** Whether this problem concerns one utterance (as opposed to the corpus layout). */
    public boolean isAboutUtterance() {
        return !utteranceId.isEmpty();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (!utteranceId.isEmpty()) {
            s.append(utteranceId).append(": ");
        }
        if (file != null) {
            s.append(file);
            if (line > 0) {
                s.append(':').append(line);
            }
            s.append(": ");
        }
        return s.append(message).toString();
    }
}
