package carousel.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict recursive-descent parser for JSON text as defined by RFC 8259 (T. Bray, ed., "The
 * JavaScript Object Notation (JSON) Data Interchange Format", IETF, December 2017).
 *
 * <p>Values map to Java as: object → {@link LinkedHashMap} (member order kept), array →
 * {@link ArrayList}, string → {@link String}, number → {@link Long} when written without fraction
 * or exponent and within the range of {@code long}, {@link Double} otherwise, {@code true/false} →
 * {@link Boolean}, {@code null} → {@code null}.
 *
 * <p>Strict means: no comments, no trailing commas, no single quotes, no {@code NaN} or
 * {@code Infinity}, no leading zeros or plus signs, no raw control characters in strings, no
 * duplicate keys in one object, nothing but whitespace after the value. A leading byte order
 * mark is skipped (RFC 8259 section 8.1 lets parsers ignore it). Nesting deeper than
 * {@link Json#MAX_DEPTH} is refused so that hostile input cannot overflow the stack. One parser
 * object parses one text; it is not thread-safe.
 */
final class JsonParser {

    private final String text;
    private final String source;
    private int pos;
    private int depth;

    JsonParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /** Parses the whole text as one JSON value. */
    Object parseDocument() throws JsonException {
        if (text.length() > Json.MAX_INPUT_CHARS) {
            throw errorAt(0, "input of " + text.length() + " characters exceeds the limit of "
                    + Json.MAX_INPUT_CHARS);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            pos = 1;
        }
        skipWhitespace();
        if (pos >= text.length()) {
            throw errorAt(pos, "empty input, expected a JSON value");
        }
        Object value = parseValue();
        skipWhitespace();
        if (pos < text.length()) {
            throw errorAt(pos, "unexpected " + describe(text.charAt(pos)) + " after the JSON value");
        }
        return value;
    }

    private Object parseValue() throws JsonException {
        if (pos >= text.length()) {
            throw errorAt(pos, "unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> parseObject();
            case '[' -> parseArray();
            case '"' -> parseString();
            case 't' -> parseLiteral("true", Boolean.TRUE);
            case 'f' -> parseLiteral("false", Boolean.FALSE);
            case 'n' -> parseLiteral("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield parseNumber();
                }
                throw errorAt(pos, "unexpected " + describeWordAt(pos) + ", expected a value");
            }
        };
    }

    private Map<String, Object> parseObject() throws JsonException {
        int start = pos;
        enter(start);
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw errorAt(pos, "expected a string key in object, got " + describeAt(pos));
            }
            int keyPos = pos;
            String key = parseString();
            skipWhitespace();
            if (peek() != ':') {
                throw errorAt(pos, "expected ':' after object key, got " + describeAt(pos));
            }
            pos++;
            skipWhitespace();
            Object value = parseValue();
            if (map.containsKey(key)) {
                throw errorAt(keyPos, "duplicate key " + Json.quote(key) + " in object");
            }
            map.put(key, value);
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                depth--;
                return map;
            } else {
                throw errorAt(pos, "expected ',' or '}' after an object member, got " + describeAt(pos));
            }
        }
    }

    private List<Object> parseArray() throws JsonException {
        enter(pos);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(parseValue());
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                depth--;
                return list;
            } else {
                throw errorAt(pos, "expected ',' or ']' after an array element, got " + describeAt(pos));
            }
        }
    }

    private void enter(int at) throws JsonException {
        if (++depth > Json.MAX_DEPTH) {
            throw errorAt(at, "nesting deeper than " + Json.MAX_DEPTH + " levels");
        }
    }

    private String parseString() throws JsonException {
        int start = pos;
        pos++; // opening quote
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= text.length()) {
                throw errorAt(start, "unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(runStart, pos)
                        : sb.append(text, runStart, pos).toString();
                pos++;
                return s;
            } else if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, runStart, pos);
                sb.append(parseEscape());
                runStart = pos;
            } else if (c < 0x20) {
                throw errorAt(pos, "unescaped " + describe(c) + " in string (control characters must be escaped)");
            } else {
                pos++;
            }
        }
    }

    /** Parses one escape sequence starting at the backslash; leaves pos after it. */
    private char parseEscape() throws JsonException {
        int at = pos;
        pos++; // backslash
        if (pos >= text.length()) {
            throw errorAt(at, "unterminated escape sequence");
        }
        char e = text.charAt(pos++);
        return switch (e) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                if (pos + 4 > text.length()) {
                    throw errorAt(at, "truncated \\u escape, expected 4 hex digits");
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = hexValue(text.charAt(pos + i));
                    if (d < 0) {
                        throw errorAt(pos + i, "invalid hex digit " + describe(text.charAt(pos + i))
                                + " in \\u escape");
                    }
                    v = v * 16 + d;
                }
                pos += 4;
                yield (char) v;
            }
            default -> throw errorAt(at, "invalid escape sequence '\\" + e + "'");
        };
    }

    private Object parseNumber() throws JsonException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        char c = peek();
        if (c == '0') {
            pos++;
            if (isDigit(peek())) {
                throw errorAt(start, "leading zeros are not allowed in numbers");
            }
        } else if (isDigit(c)) {
            skipDigits();
        } else {
            throw errorAt(pos, "expected a digit in number, got " + describeAt(pos));
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw errorAt(pos, "expected a digit after the decimal point, got " + describeAt(pos));
            }
            skipDigits();
        }
        c = peek();
        if (c == 'e' || c == 'E') {
            integral = false;
            pos++;
            c = peek();
            if (c == '+' || c == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw errorAt(pos, "expected a digit in the exponent, got " + describeAt(pos));
            }
            skipDigits();
        }
        String literal = text.substring(start, pos);
        if (integral && literal.length() <= 20) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException outOfLongRange) {
                // falls through to double, like JavaScript would
            }
        }
        double d = Double.parseDouble(literal);
        if (Double.isInfinite(d)) {
            throw errorAt(start, "number " + abbreviate(literal) + " is out of the range of a double");
        }
        return d;
    }

    private Object parseLiteral(String word, Object value) throws JsonException {
        if (!text.startsWith(word, pos)) {
            throw errorAt(pos, "unexpected " + describeWordAt(pos) + ", expected a value");
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        } else if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The character at pos, or U+0000 at the end (never valid where it is checked). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** The word (letters and digits) starting at {@code at}, or the single character there. */
    private String describeWordAt(int at) {
        int end = at;
        while (end < text.length() && end - at < 16 && Character.isLetterOrDigit(text.charAt(end))) {
            end++;
        }
        return end > at && Character.isLetter(text.charAt(at)) ? "word '" + text.substring(at, end) + "'"
                : describeAt(at);
    }

    private String describeAt(int at) {
        return at < text.length() ? describe(text.charAt(at)) : "end of input";
    }

    private static String describe(char c) {
        if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
            return String.format("character U+%04X", (int) c);
        }
        if (c == '\uFEFF') {
            return "byte order mark U+FEFF";
        }
        return "'" + c + "'";
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** An exception at a character offset, converted to 1-based line and column. */
    private JsonException errorAt(int offset, String problem) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(offset, text.length());
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
