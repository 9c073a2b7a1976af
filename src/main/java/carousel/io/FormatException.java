package carousel.io;

import java.io.IOException;

/**
 * A file (or in-memory input) whose content breaks its format: a bad magic number, a truncated
 * body, a shape that does not match the data, an unknown dtype, a missing or mistyped JSON key.
 *
 * <p>The message always reads {@code "<source>: <problem>"} (or {@code "<source>:<line>:<column>:
 * <problem>"} for {@link JsonException}), where the source is the file name or a name the caller
 * gave for in-memory input, so that a user can find and fix the file. It is an
 * {@link IOException} because callers already handle those when they read files.
 */
public class FormatException extends IOException {

    private final String source;
    private final String problem;

    /**
     * @param source  the file name (or a caller-chosen name for in-memory input)
     * @param problem what is wrong, as a sentence fragment without the file name
     */
    public FormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    /** For subclasses that put a position between the source and the problem. */
    protected FormatException(String source, String position, String problem) {
        super(source + ":" + position + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    /** The file name or the caller-chosen name of the input. */
    public String source() {
        return source;
    }

    /** What is wrong, without the source name. */
    public String problem() {
        return problem;
    }
}
