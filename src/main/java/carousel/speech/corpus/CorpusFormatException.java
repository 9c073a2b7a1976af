package carousel.speech.corpus;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A corpus file that cannot be used: a malformed or non-covering {@code .PHN}, an unknown phone, an
 * unreadable audio header, labels that do not fit the features. The message names the utterance, the
 * file and line, and the problem; {@link #problem()} gives the same as data.
 */
public final class CorpusFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient CorpusProblem problem;

    public CorpusFormatException(CorpusProblem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public CorpusFormatException(String utteranceId, Path file, int line, String message) {
        this(new CorpusProblem(utteranceId, file, line, message));
    }

    /** The problem, with utterance, file and line as separate fields. */
    public CorpusProblem problem() {
        return problem;
    }
}
