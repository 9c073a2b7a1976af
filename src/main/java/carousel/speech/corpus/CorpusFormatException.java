package carousel.speech.corpus;

import carousel.io.FormatException;
import java.nio.file.Path;

/**
 * A corpus file that cannot be used: a malformed or non-covering {@code .PHN}, an unknown phone, an
 * unreadable audio header, labels that do not fit the features. The message names the utterance, the
 * file and line, and the problem; {@link #problem()} gives the same as data.
 */
public final class CorpusFormatException extends FormatException {

    private static final long serialVersionUID = 1L;

    private final transient CorpusProblem corpusProblem;

    public CorpusFormatException(CorpusProblem problem) {
        super(problem.toString(), problem.file() == null ? problem.utteranceId() : problem.file().toString(), problem.line(), problem.message());
        this.corpusProblem = problem;
    }

    public CorpusFormatException(String utteranceId, Path file, int line, String message) {
        this(new CorpusProblem(utteranceId, file, line, message));
    }

    /** The problem, with utterance, file and line as separate fields. */
    public CorpusProblem corpusProblem() {
        return corpusProblem;
    }
}
