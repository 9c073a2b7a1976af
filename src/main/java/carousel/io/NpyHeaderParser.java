package carousel.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the header of a {@code .npy} file: the repr of a Python dict such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (7, 3), }}, followed by spaces and a
 * newline (NumPy "format.rst", versions 1.0 to 3.0).
 *
 * <p>Only the subset of Python literal syntax that NumPy writes is accepted: a flat dict with
 * quoted string keys, and values that are quoted strings (no escapes), {@code True},
 * {@code False}, integers (an old-style trailing {@code L} allowed) or tuples of integers. A list
 * value (a structured dtype) is refused as unsupported. Values come back as {@link String},
 * {@link Boolean}, {@link Long} or {@code long[]} for tuples.
 */
final class NpyHeaderParser {

    private final String text;
    private final String source;
    private int pos;

    private NpyHeaderParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses the header text; keys keep their order. */
    static Map<String, Object> parse(String text, String source) throws FormatException {
        return new NpyHeaderParser(text, source).parseDict();
    }

    private Map<String, Object> parseDict() throws FormatException {
        skipWhitespace();
        expect('{', "the header to start with '{'");
        Map<String, Object> dict = new LinkedHashMap<>();
        while (true) {
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                break;
            }
            String key = parseString();
            skipWhitespace();
            expect(':', "':' after key " + Json.quote(key));
            skipWhitespace();
            Object value = parseValue();
            if (dict.put(key, value) != null) {
                throw error("duplicate key " + Json.quote(key));
            }
            skipWhitespace();
            if (peek() == ',') {
                pos++;
            } else if (peek() == '}') {
                pos++;
                break;
            } else {
                throw error("expected ',' or '}' after the value of " + Json.quote(key));
            }
        }
        skipWhitespace();
        if (pos < text.length()) {
            throw error("unexpected text after the closing '}'");
        }
        return dict;
    }

    private Object parseValue() throws FormatException {
        char c = peek();
        if (c == '\'' || c == '"') {
            return parseString();
        } else if (c == '(') {
            return parseTuple();
        } else if (c == '-' || isDigit(c)) {
            return parseInt();
        } else if (text.startsWith("True", pos)) {
            pos += 4;
            return Boolean.TRUE;
        } else if (text.startsWith("False", pos)) {
            pos += 5;
            return Boolean.FALSE;
        } else if (c == '[') {
            throw error("structured dtypes (a list as descr) are not supported");
        }
        throw error("expected a string, True, False, an integer or a tuple");
    }

    private String parseString() throws FormatException {
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw error("expected a quoted string");
        }
        int start = ++pos;
        while (pos < text.length() && text.charAt(pos) != quote) {
            char c = text.charAt(pos);
            if (c == '\\' || c == '\n') {
                throw error("unsupported character in a string");
            }
            pos++;
        }
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        return text.substring(start, pos++);
    }

    private long[] parseTuple() throws FormatException {
        pos++; // '('
        List<Long> items = new ArrayList<>();
        boolean sawComma = false;
        while (true) {
            skipWhitespace();
            if (peek() == ')') {
                pos++;
                break;
            }
            items.add(parseInt());
            skipWhitespace();
            if (peek() == ',') {
                pos++;
                sawComma = true;
            } else if (peek() == ')') {
                pos++;
                break;
            } else {
                throw error("expected ',' or ')' in a tuple");
            }
        }
        if (items.size() == 1 && !sawComma) {
            throw error("a one-element tuple needs a trailing comma, e.g. (3,)");
        }
        long[] result = new long[items.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = items.get(i);
        }
        return result;
    }

    private long parseInt() throws FormatException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int digitsStart = pos;
        while (isDigit(peek())) {
            pos++;
        }
        if (pos == digitsStart) {
            throw error("expected an integer");
        }
        if (pos - digitsStart > 18) {
            throw error("integer " + text.substring(start, pos) + " is too large");
        }
        long value = Long.parseLong(text, start, pos, 10);
        if (peek() == 'L') {
            pos++;
        }
        return value;
    }

    private void expect(char c, String what) throws FormatException {
        if (peek() != c) {
            throw error("expected " + what);
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\n'
                || text.charAt(pos) == '\t' || text.charAt(pos) == '\r')) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private FormatException error(String problem) {
        String shown = text.strip();
        if (shown.length() > 120) {
            shown = shown.substring(0, 117) + "...";
        }
        return new FormatException(source, "malformed .npy header at character " + pos + ": " + problem
                + " (header: " + Json.quote(shown) + ")");
    }
}
