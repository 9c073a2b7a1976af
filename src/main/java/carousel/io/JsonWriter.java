package carousel.io;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * Writes Java values as JSON text (RFC 8259), pretty-printed with a 2-space indent or compact.
 *
 * <p>Accepted values: {@link Map} with {@link String} keys (written in iteration order),
 * {@link Collection}, {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]},
 * {@link String}, {@link Boolean}, {@code null}, and the numbers {@link Integer}, {@link Long},
 * {@link Short}, {@link Byte}, {@link Float}, {@link Double}, {@link BigInteger},
 * {@link BigDecimal}. Non-finite numbers are refused since JSON has no way to write them. Doubles
 * and floats are written in their shortest round-trip form ({@link Double#toString}), so an
 * integral double reads back as a double ({@code 7.0}), not as a long.
 *
 * <p>Pretty layout: each object member and each element of an array that holds objects or
 * arrays goes on its own line; an array of scalars only stays on one line ({@code [3, 4]}), which
 * keeps shapes and small vectors readable. Strings escape {@code "}, {@code \}, control characters
 * and unpaired surrogates; all other characters are written as they are (the file is UTF-8).
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    private final boolean pretty;

    JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** Writes one value and returns the text. */
    String write(Object value) {
        writeValue(value, 0);
        return out.toString();
    }

    private void writeValue(Object value, int depth) {
        if (depth > Json.MAX_DEPTH) {
            throw new IllegalArgumentException("JSON value nested deeper than " + Json.MAX_DEPTH
                    + " levels (a container that contains itself?)");
        }
        switch (value) {
            case null -> out.append("null");
            case String s -> writeString(s);
            case Boolean b -> out.append(b.booleanValue());
            case Number n -> writeNumber(n);
            case Map<?, ?> map -> writeObject(map, depth);
            case Collection<?> c -> writeArray(c.toArray(), depth);
            case int[] a -> writeArray(Arrays.stream(a).boxed().toArray(), depth);
            case long[] a -> writeArray(Arrays.stream(a).boxed().toArray(), depth);
            case double[] a -> writeArray(Arrays.stream(a).boxed().toArray(), depth);
            case float[] a -> {
                Object[] boxed = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    boxed[i] = a[i];
                }
                writeArray(boxed, depth);
            }
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName()
                    + " as JSON (use Map, List, String, Number, Boolean, null or a primitive array)");
        }
    }

    private void writeNumber(Number n) {
        switch (n) {
            case Integer i -> out.append(i.intValue());
            case Long l -> out.append(l.longValue());
            case Short s -> out.append(s.shortValue());
            case Byte b -> out.append(b.byteValue());
            case BigInteger b -> out.append(b);
            case BigDecimal b -> out.append(b);
            case Double d -> {
                requireFinite(d);
                out.append(d.doubleValue());
            }
            case Float f -> {
                requireFinite(f.doubleValue());
                out.append(f.floatValue());
            }
            default -> throw new IllegalArgumentException("cannot write a " + n.getClass().getName()
                    + " as a JSON number");
        }
    }

    private static void requireFinite(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON cannot represent the number " + d);
        }
    }

    private void writeObject(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            newline(depth + 1);
            writeString(key);
            out.append(pretty ? ": " : ":");
            writeValue(e.getValue(), depth + 1);
        }
        newline(depth);
        out.append('}');
    }

    private void writeArray(Object[] elements, int depth) {
        if (elements.length == 0) {
            out.append("[]");
            return;
        }
        boolean multiline = false;
        for (Object e : elements) {
            if (!isScalar(e)) {
                multiline = true;
                break;
            }
        }
        out.append('[');
        for (int i = 0; i < elements.length; i++) {
            if (i > 0) {
                out.append(',');
                if (pretty && !multiline) {
                    out.append(' ');
                }
            }
            if (multiline) {
                newline(depth + 1);
            }
            writeValue(elements[i], depth + 1);
        }
        if (multiline) {
            newline(depth);
        }
        out.append(']');
    }

    private static boolean isScalar(Object value) {
        return value == null || value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private void newline(int depth) {
        if (pretty) {
            out.append('\n');
            out.repeat(' ', 2 * depth);
        }
    }

    private void writeString(String s) {
        out.append('"');
        int runStart = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = escapeFor(s, i, c);
            if (escape != null) {
                out.append(s, runStart, i).append(escape);
                runStart = i + 1;
            } else if (Character.isHighSurrogate(c)) {
                i++; // a valid pair: keep both halves
            }
        }
        out.append(s, runStart, s.length()).append('"');
    }

    /** The escape for the character at i, or null when it is written as it is. */
    private static String escapeFor(String s, int i, char c) {
        switch (c) {
            case '"':
                return "\\\"";
            case '\\':
                return "\\\\";
            case '\n':
                return "\\n";
            case '\r':
                return "\\r";
            case '\t':
                return "\\t";
            case '\b':
                return "\\b";
            case '\f':
                return "\\f";
            default:
                break;
        }
        boolean unpaired = Character.isLowSurrogate(c)
                || (Character.isHighSurrogate(c) && (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))));
        if (c < 0x20 || unpaired) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
