package carousel.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Jackson's parse errors into {@link JsonException}s a user can act on: {@code
 * "<source>:<line>:<column>: <problem>"}, the problem said in JSON's own terms ("expected ',' or ']'
 * after an array element, got '}'") without Jackson's hints about its feature flags. Line and column
 * are counted here from the character offset Jackson reports, over the original text (so a skipped
 * byte order mark and {@code \r\n} line ends count as a reader expects).
 *
 * <p>The wording is matched on Jackson 2.x's messages; an error that no rule knows keeps Jackson's
 * own sentence, still with the file, line and column in front.
 */
final class JsonErrors {

    /** {@code Unexpected character ('x' (code 120)) [in numeric value]: rest}. */
    private static final Pattern UNEXPECTED_CHAR =
            Pattern.compile("Unexpected character \\(.*\\(code (\\d+)\\)\\)( in numeric value)?: (.*)", Pattern.DOTALL);
    /** {@code Unrecognized token 'x': ...} and {@code Non-standard token 'NaN': ...}. */
    private static final Pattern BAD_TOKEN =
            Pattern.compile("(?:Unrecognized|Non-standard) token '(.*)': .*", Pattern.DOTALL);
    private static final Pattern BAD_ESCAPE = Pattern.compile("Unrecognized character escape (.*) \\(code (\\d+)\\)");
    private static final Pattern CONTROL_CHAR =
            Pattern.compile("Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*", Pattern.DOTALL);
    /** {@code Unexpected close marker '}': expected ']' (for Array starting at ...)} or {@code ...: no open Object}. */
    private static final Pattern CLOSE_MARKER =
            Pattern.compile("Unexpected close marker '(.)': (?:expected '(.)'.*|.*)", Pattern.DOTALL);
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);
    /** Jackson's advice about enabling its own features, which a user of Carousel cannot follow. */
    private static final Pattern FEATURE_HINT = Pattern.compile(":? *(?:enable|to allow|\\(not recognized as one since).*",
            Pattern.DOTALL);

    private JsonErrors() {
    }

    /** A Jackson syntax error as a {@link JsonException}. */
    static JsonException translate(String source, String text, int shift, JsonParser p, JsonProcessingException e) {
        JsonLocation where = e.getLocation() != null ? e.getLocation() : p.currentLocation();
        long offset = Math.min(where.getCharOffset() + shift, text.length());
        String message = e.getOriginalMessage();
        Matcher m;
        if ((m = UNEXPECTED_CHAR.matcher(message)).matches()) {
            return unexpectedChar(source, text, offset, p, (char) Integer.parseInt(m.group(1)), m.group(3));
        }
        if ((m = BAD_TOKEN.matcher(message)).matches()) {
            return badToken(source, text, offset, p, m.group(1));
        }
        if ((m = BAD_ESCAPE.matcher(message)).matches()) {
            return at(source, text, offset - 2, "invalid escape sequence '\\" + (char) Integer.parseInt(m.group(2)) + "'");
        }
        if ((m = CONTROL_CHAR.matcher(message)).matches()) {
            return at(source, text, offset - 1, "unescaped " + describe((char) Integer.parseInt(m.group(1)))
                    + " in string (control characters must be escaped)");
        }
        if ((m = DUPLICATE.matcher(message)).matches()) {
            return at(source, text, offset, "duplicate key " + Json.quote(m.group(1)));
        }
        if (message.startsWith("Invalid numeric value: Leading zeroes")) {
            return at(source, text, offset, "leading zeros are not allowed in numbers");
        }
        if (message.startsWith("Unexpected end-of-input")) {
            return at(source, text, offset, message.contains("closing quote") || message.contains("escape")
                    ? "unterminated string"
                    : message.contains("colon") || p.currentToken() == JsonToken.FIELD_NAME ? "unexpected end of input, expected ':' after an object key"
                    : "unexpected end of input, " + expectedNext(p.getParsingContext()));
        }
        if ((m = CLOSE_MARKER.matcher(message)).matches()) {
            String got = describe(m.group(1).charAt(0));
            return at(source, text, offset - 1, m.group(2) == null ? "unexpected " + got + " (no open object or array to close)"
                    : "unexpected " + got + ", expected '" + m.group(2) + "' to close the "
                    + (m.group(2).equals("]") ? "array" : "object"));
        }
        return at(source, text, offset, FEATURE_HINT.matcher(message).replaceFirst(""));
    }

    /** Jackson's read-constraint failure (only nesting depth and sizes are constrained). */
    static JsonException constraint(String source, String text, int shift, JsonParser p, StreamConstraintsException e) {
        long offset = Math.min(p.currentLocation().getCharOffset() + shift, text.length());
        String problem = e.getOriginalMessage().contains("nesting depth")
                ? "nesting deeper than " + Json.MAX_DEPTH + " levels"
                : "too large: " + e.getOriginalMessage().replaceAll(", from `[^`]*`\\)", ")");
        return at(source, text, offset, problem);
    }

    private static JsonException unexpectedChar(String source, String text, long offset, JsonParser p, char c,
            String rest) {
        String got = describe(c);
        String problem;
        if (rest.startsWith("expected a valid value") || rest.startsWith("expected a value")
                || rest.startsWith("maybe a (non-standard) comment")) {
            problem = "unexpected " + got + ", expected a value";
        } else if (rest.startsWith("was expecting double-quote to start field name")) {
            problem = "expected a string key in object, got " + got;
        } else if (rest.startsWith("was expecting a colon")) {
            problem = "expected ':' after an object key, got " + got;
        } else if (rest.startsWith("was expecting comma to separate")) {
            problem = expectedNext(p.getParsingContext()) + ", got " + got;
        } else if (rest.startsWith("expected a hex-digit")) {
            int escape = text.lastIndexOf("\\u", (int) offset);
            problem = escape >= 0 && escape + 6 > text.length() ? "truncated \\u escape, expected 4 hex digits"
                    : "invalid hex digit " + got + " in \\u escape";
        } else if (rest.contains("Decimal point not followed by a digit")) {
            problem = "expected a digit after the decimal point, got " + got;
        } else if (rest.contains("Exponent indicator not followed by a digit")) {
            problem = "expected a digit in the exponent, got " + got;
        } else if (rest.contains("plus sign")) {
            problem = "unexpected " + got + ", JSON numbers have no plus sign";
        } else if (rest.contains("minus sign")) {
            problem = "expected a digit in number, got " + got;
        } else {
            problem = "unexpected " + got + ": " + FEATURE_HINT.matcher(rest).replaceFirst("");
        }
        return at(source, text, offset, problem);
    }

    /**
     * A word where a value belongs: {@code tru}, {@code NaN}, {@code -Infinity}, or a literal run into
     * more letters ({@code nulls}), which reads as the literal followed by a stray character.
     */
    private static JsonException badToken(String source, String text, long offset, JsonParser p, String word) {
        long start = Math.max(0, text.indexOf(word, (int) Math.max(0, offset - word.length() - 1)));
        for (String literal : new String[] {"true", "false", "null"}) {
            if (word.length() > literal.length() && word.startsWith(literal)) {
                JsonStreamContext context = p.getParsingContext();
                String got = describe(word.charAt(literal.length()));
                String problem = context.inRoot() ? "unexpected " + got + " after the JSON value"
                        : expectedNext(context) + ", got " + got;
                return at(source, text, start + literal.length(), problem);
            }
        }
        if (word.startsWith("-")) {
            return at(source, text, start + 1, "expected a digit in number, got " + describe(word.length() > 1
                    ? word.charAt(1) : '\0') + " (word '" + word + "')");
        }
        return at(source, text, start, "unexpected word '" + word + "', expected a value");
    }

    /** What must follow a complete element in the container being read. */
    private static String expectedNext(JsonStreamContext context) {
        if (context.inArray()) {
            return "expected ',' or ']' after an array element";
        }
        if (context.inObject()) {
            return "expected ',' or '}' after an object member";
        }
        return "expected a value";
    }

    /** One character for a message: {@code 'x'}, or its code point when it is invisible. */
    static String describe(char c) {
        if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
            return String.format("character U+%04X", (int) c);
        }
        if (c == '\uFEFF') {
            return "byte order mark U+FEFF";
        }
        return "'" + c + "'";
    }

    /** An exception at a character offset of the text, converted to a 1-based line and column. */
    static JsonException at(String source, String text, long offset, String problem) {
        int line = 1;
        int lineStart = 0;
        int end = (int) Math.max(0, Math.min(offset, text.length()));
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return new JsonException(source, line, end - lineStart + 1, problem);
    }
}
