package carousel.io;

/**
 * JSON text that does not follow RFC 8259 (or passes one of {@link Json}'s size and depth limits).
 * The message reads {@code "<source>:<line>:<column>: <problem>"}, with 1-based line and column
 * (columns count UTF-16 characters), e.g. {@code "config.json:3:17: expected ',' or '}' after an
 * object member, got ']'"}.
 */
public final class JsonException extends FormatException {

    private static final long serialVersionUID = 1L;

    private final int column;

    /**
     * @param source  the file name or caller-chosen name of the text
     * @param line    1-based line of the problem
     * @param column  1-based column of the problem
     * @param problem what is wrong there
     */
    public JsonException(String source, int line, int column, String problem) {
        super(source + ":" + line + ":" + column + ": " + problem, source, line, problem);
        this.column = column;
    }

    /** 1-based column of the problem, in UTF-16 characters. */
    public int column() {
        return column;
    }
}
