package carousel.io;

import java.io.IOException;

/**
 * A file (or in-memory input) whose content breaks its format: a bad magic number, a truncated
 * body, a shape that does not match the data, an unknown dtype, a missing or mistyped JSON key, a
 * byte that is not valid text, a malformed line. It is the one base type of every reader's error
 * (JSON, safetensors, npy, audio, Kaldi, corpus, language-model and transcript files), so that the
 * command line reports them all alike: one line, exit status 2.
 *
 * <p>The message always reads {@code "<source>: <problem>"}, or {@code "<source>:<line>: <problem>"}
 * for a problem on one line of a text file, where the source is the file name or a name the caller
 * gave for in-memory input, so that a user can find and fix the file; subclasses may put more
 * between the two (a column, a JSON path, an archive entry and byte offset). It is an
 * {@link IOException} because callers already handle those when they read files.
 */
public class FormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String problem;

    /**
     * @param source  the file name (or a caller-chosen name for in-memory input)
     * @param problem what is wrong, as a sentence fragment without the file name
     */
    public FormatException(String source, String problem) {
        this(source + ": " + problem, source, 0, problem);
    }

    /**
     * A problem on one line of a text file: {@code "<source>:<line>: <problem>"}.
     *
     * @param line the 1-based line, or 0 when the problem is not on one line (then no line is printed)
     */
    public FormatException(String source, int line, String problem) {
        this((line > 0 ? source + ":" + line : source) + ": " + problem, source, line, problem);
    }

    /**
     * For messages laid out otherwise: with a column, an archive entry or a byte offset (subclasses), or
     * naming the file inside the sentence ({@code "not a TIMIT-layout corpus: ROOT has no TRAIN ..."}).
     */
    public FormatException(String message, String source, int line, String problem) {
        super(message);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** The file name or the caller-chosen name of the input. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem in a text file, or 0 when it is not about one line. */
    public int line() {
        return line;
    }

    /** What is wrong, without the source name. */
    public String problem() {
        return problem;
    }
}
