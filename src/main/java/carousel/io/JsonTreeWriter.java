package carousel.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * Writes Java values as JSON text (RFC 8259) with Jackson's streaming generator (jackson-core),
 * pretty-printed with a 2-space indent or compact, in the layout Carousel's files have always had.
 *
 * <p>Accepted values: {@link Map} with {@link String} keys (written in iteration order),
 * {@link Collection}, {@code int[]}, {@code long[]}, {@code float[]}, {@code double[]},
 * {@link String}, {@link Boolean}, {@code null}, and the numbers {@link Integer}, {@link Long},
 * {@link Short}, {@link Byte}, {@link Float}, {@link Double}, {@link BigInteger},
 * {@link BigDecimal}. Non-finite numbers are refused since JSON has no way to write them. Doubles
 * and floats are written in their shortest round-trip form ({@link Double#toString}), so an
 * integral double reads back as a double ({@code 7.0}), not as a long.
 *
 * <p>Pretty layout ({@link Layout}): each object member and each element of an array that holds
 * objects or arrays goes on its own line; an array of scalars only stays on one line ({@code [3, 4]}),
 * which keeps shapes and small vectors readable; members read {@code "key": value}. Strings escape
 * {@code "}, {@code \}, control characters (as {@code \n} or {@code \u001f}) and every UTF-16
 * surrogate (so that a lone one still gives valid UTF-8); all other characters are written as they
 * are (files are UTF-8).
 */
final class JsonTreeWriter {

    private static final JsonFactory FACTORY = new JsonFactoryBuilder().characterEscapes(new Escapes()).build();

    private JsonTreeWriter() {
    }

    /** One value as text, pretty or compact. */
    static String write(Object value, boolean pretty) {
        StringWriter out = new StringWriter();
        Layout layout = pretty ? new Layout() : null;
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (layout != null) {
                g.setPrettyPrinter(layout);
            }
            writeValue(g, layout, value, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator g, Layout layout, Object value, int depth) throws IOException {
        if (depth > Json.MAX_DEPTH) {
            throw new IllegalArgumentException("JSON value nested deeper than " + Json.MAX_DEPTH
                    + " levels (a container that contains itself?)");
        }
        switch (value) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Number n -> writeNumber(g, n);
            case Map<?, ?> map -> writeObject(g, layout, map, depth);
            case Collection<?> c -> writeArray(g, layout, c.toArray(), depth);
            case int[] a -> writeArray(g, layout, java.util.Arrays.stream(a).boxed().toArray(), depth);
            case long[] a -> writeArray(g, layout, java.util.Arrays.stream(a).boxed().toArray(), depth);
            case double[] a -> writeArray(g, layout, java.util.Arrays.stream(a).boxed().toArray(), depth);
            case float[] a -> {
                Object[] boxed = new Object[a.length];
                for (int i = 0; i < a.length; i++) {
                    boxed[i] = a[i];
                }
                writeArray(g, layout, boxed, depth);
            }
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName()
                    + " as JSON (use Map, List, String, Number, Boolean, null or a primitive array)");
        }
    }

    private static void writeNumber(JsonGenerator g, Number n) throws IOException {
        switch (n) {
            case Integer i -> g.writeNumber(i.intValue());
            case Long l -> g.writeNumber(l.longValue());
            case Short s -> g.writeNumber(s.shortValue());
            case Byte b -> g.writeNumber(b.intValue());
            case BigInteger b -> g.writeNumber(b);
            case BigDecimal b -> g.writeNumber(b);
            case Double d -> g.writeNumber(requireFinite(d));
            case Float f -> {
                requireFinite(f.doubleValue());
                g.writeNumber(f.floatValue());
            }
            default -> throw new IllegalArgumentException("cannot write a " + n.getClass().getName()
                    + " as a JSON number");
        }
    }

    private static double requireFinite(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON cannot represent the number " + d);
        }
        return d;
    }

    private static void writeObject(JsonGenerator g, Layout layout, Map<?, ?> map, int depth) throws IOException {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            g.writeFieldName(key);
            writeValue(g, layout, e.getValue(), depth + 1);
        }
        g.writeEndObject();
    }

    private static void writeArray(JsonGenerator g, Layout layout, Object[] elements, int depth) throws IOException {
        if (layout != null) {
            boolean multiline = false;
            for (Object e : elements) {
                multiline |= !(e == null || e instanceof String || e instanceof Number || e instanceof Boolean);
            }
            layout.nextArrayMultiline = multiline;
        }
        g.writeStartArray();
        for (Object e : elements) {
            writeValue(g, layout, e, depth + 1);
        }
        g.writeEndArray();
    }

    /**
     * The pretty layout as a Jackson {@link PrettyPrinter}: objects one member a line; arrays on one
     * line ({@code [3, 4]}) unless {@link #nextArrayMultiline} was set for them. One per document.
     */
    private static final class Layout implements PrettyPrinter {
        /** Set by the writer just before it starts an array: whether that array takes a line per element. */
        boolean nextArrayMultiline;
        /** For each open array, innermost first: whether it is multiline. */
        private final Deque<Boolean> arrays = new ArrayDeque<>();
        private int depth;

        private void newline(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) {
                g.writeRaw("  ");
            }
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            depth++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            newline(g);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newline(g);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            depth--;
            if (entries > 0) {
                newline(g);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw('[');
            arrays.push(nextArrayMultiline);
            depth++;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (arrays.element()) {
                newline(g);
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            if (arrays.element()) {
                newline(g);
            } else {
                g.writeRaw(' ');
            }
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            depth--;
            if (arrays.pop() && values > 0) {
                newline(g);
            }
            g.writeRaw(']');
        }
    }

    /**
     * Escapes as the files always had them: Jackson's standard escapes for {@code "}, {@code \} and
     * {@code \b \t \n \f \r}; other control characters and every surrogate as {@code \}{@code u} with
     * four lower-case hex digits.
     */
    private static final class Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        Escapes() {
            for (int c = 0; c < 0x20; c++) {
                if ("\b\t\n\f\r".indexOf(c) < 0) {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x20 || Character.isSurrogate((char) ch)
                    ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
