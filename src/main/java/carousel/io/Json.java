package carousel.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON (RFC 8259) for Carousel's configuration files and the safetensors header: strict parsing and
 * writing through Jackson's streaming API (jackson-core; {@link JsonTreeReader}, {@link JsonTreeWriter}),
 * and typed access to parsed objects with error messages a user can act on.
 *
 * <p>Parsed values are {@code Map<String, Object>} (a {@link java.util.LinkedHashMap}, member
 * order kept), {@code List<Object>}, {@link String}, {@link Long} (integers without fraction or
 * exponent), {@link Double}, {@link Boolean} and {@code null}; see {@link JsonTreeReader} for what
 * "strict" refuses. Typed access looks like
 * <pre>{@code
 * Map<String, Object> config = Json.readObject(dir.resolve("config.json"));
 * int hidden = Json.getInt(config, "hidden_size", "config.json");
 * // config.json: hidden_size must be an integer, got "abc"
 * // config.json: missing key "hidden_size"
 * }</pre>
 *
 * <p>This is not a general data-binding library: there is no mapping to objects, on purpose.
 */
public final class Json {

    /** Deepest nesting of arrays and objects accepted, a guard against stack overflow. */
    public static final int MAX_DEPTH = 256;

    /** Longest text accepted, in characters (and the largest file, in bytes). */
    public static final int MAX_INPUT_CHARS = 128 * 1024 * 1024;

    private Json() {
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Parses JSON text.
     *
     * @param text   the text
     * @param source the name used in error messages, e.g. a file name
     * @return the value (see the class comment for the Java types)
     * @throws JsonException when the text is not strict JSON
     */
    public static Object parse(String text, String source) throws JsonException {
        return JsonTreeReader.parse(text, source);
    }

    /** Parses JSON text whose top level must be an object. */
    public static Map<String, Object> parseObject(String text, String source) throws FormatException {
        Object value = parse(text, source);
        if (!(value instanceof Map<?, ?>)) {
            throw new FormatException(source, "expected a JSON object at the top level, got " + describe(value));
        }
        return asObject(value);
    }

    /** Reads and parses a UTF-8 JSON file; errors name the file. */
    public static Object read(Path file) throws IOException {
        return parse(readText(file), file.toString());
    }

    /** Reads a UTF-8 JSON file whose top level must be an object. */
    public static Map<String, Object> readObject(Path file) throws IOException {
        return parseObject(readText(file), file.toString());
    }

    private static String readText(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_INPUT_CHARS) {
            throw new FormatException(file.toString(), "JSON file of " + size + " bytes exceeds the limit of "
                    + MAX_INPUT_CHARS + " bytes");
        }
        return decodeUtf8(Files.readAllBytes(file), file.toString());
    }

    /** Decodes UTF-8 strictly: malformed bytes are an error, not a replacement character. */
    static String decodeUtf8(byte[] bytes, String source) throws FormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(source, "text is not valid UTF-8");
        }
    }

    // ---------------------------------------------------------------- writing

    /** The value as pretty-printed JSON (2-space indent, no trailing newline). */
    public static String write(Object value) {
        return JsonTreeWriter.write(value, true);
    }

    /** The value as compact JSON: no whitespace at all. */
    public static String writeCompact(Object value) {
        return JsonTreeWriter.write(value, false);
    }

    /** Writes the value pretty-printed to a UTF-8 file, ending with a newline. */
    public static void write(Path file, Object value) throws IOException {
        Files.writeString(file, write(value) + "\n", StandardCharsets.UTF_8);
    }

    /** A string as a JSON string literal, with quotes and escapes: {@code a"b} → {@code "a\"b"}. */
    public static String quote(String s) {
        return writeCompact(s);
    }

    // ---------------------------------------------------------------- typed access

    /** The integer at key; an error unless it is a JSON integer within the range of {@code int}. */
    public static int getInt(Map<String, ?> map, String key, String source) throws FormatException {
        long v = getLong(map, key, source);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new FormatException(source, key + " must be an integer in the int range, got " + v);
        }
        return (int) v;
    }

    /** The integer at key, or the default when the key is absent or null. */
    public static int optInt(Map<String, ?> map, String key, int defaultValue, String source) throws FormatException {
        return map.get(key) == null ? defaultValue : getInt(map, key, source);
    }

    /** The integer at key; an error unless it is a JSON integer (no fraction, no exponent). */
    public static long getLong(Map<String, ?> map, String key, String source) throws FormatException {
        if (require(map, key, source) instanceof Long l) {
            return l;
        }
        throw wrongType(map, key, "an integer", source);
    }

    /** The number at key (integer or not), as a double. */
    public static double getDouble(Map<String, ?> map, String key, String source) throws FormatException {
        Object v = require(map, key, source);
        if (v instanceof Long l) {
            return l.doubleValue();
        }
        if (v instanceof Double d) {
            return d;
        }
        throw wrongType(map, key, "a number", source);
    }

    /** The number at key, or the default when the key is absent or null. */
    public static double optDouble(Map<String, ?> map, String key, double defaultValue, String source)
            throws FormatException {
        return map.get(key) == null ? defaultValue : getDouble(map, key, source);
    }

    /** The string at key. */
    public static String getString(Map<String, ?> map, String key, String source) throws FormatException {
        if (require(map, key, source) instanceof String s) {
            return s;
        }
        throw wrongType(map, key, "a string", source);
    }

    /** The string at key, or the default when the key is absent or null. */
    public static String optString(Map<String, ?> map, String key, String defaultValue, String source)
            throws FormatException {
        return map.get(key) == null ? defaultValue : getString(map, key, source);
    }

    /** The boolean at key ({@code true} or {@code false}, not 0/1 or "true"). */
    public static boolean getBoolean(Map<String, ?> map, String key, String source) throws FormatException {
        if (require(map, key, source) instanceof Boolean b) {
            return b;
        }
        throw wrongType(map, key, "true or false", source);
    }

    /** The boolean at key, or the default when the key is absent or null. */
    public static boolean optBoolean(Map<String, ?> map, String key, boolean defaultValue, String source)
            throws FormatException {
        return map.get(key) == null ? defaultValue : getBoolean(map, key, source);
    }

    /** The object at key. */
    public static Map<String, Object> getObject(Map<String, ?> map, String key, String source) throws FormatException {
        Object v = require(map, key, source);
        if (v instanceof Map<?, ?>) {
            return asObject(v);
        }
        throw wrongType(map, key, "an object", source);
    }

    /** The array at key. */
    public static List<Object> getList(Map<String, ?> map, String key, String source) throws FormatException {
        Object v = require(map, key, source);
        if (v instanceof List<?>) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) v;
            return list;
        }
        throw wrongType(map, key, "an array", source);
    }

    /** The array of integers at key (each within the int range), e.g. a shape. */
    public static int[] getIntArray(Map<String, ?> map, String key, String source) throws FormatException {
        List<Object> list = getList(map, key, source);
        int[] result = new int[list.size()];
        for (int i = 0; i < result.length; i++) {
            if (!(list.get(i) instanceof Long l) || l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new FormatException(source, key + " must be an array of integers, got "
                        + describe(list.get(i)) + " at index " + i);
            }
            result[i] = (int) (long) l;
        }
        return result;
    }

    /**
     * Refuses keys outside the allowed set, which catches misspellings such as "hiden_size".
     *
     * @throws FormatException naming the first unknown key and listing the known ones
     */
    public static void requireOnlyKeys(Map<String, ?> map, String source, String... allowed) throws FormatException {
        Set<String> known = new LinkedHashSet<>(Arrays.asList(allowed));
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw new FormatException(source, "unknown key " + quote(key) + " (known keys: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /**
     * A short description of a parsed value for error messages: strings quoted (and cut after 40
     * characters), numbers and literals as written, containers as "an object" or "an array".
     */
    public static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> quote(s.length() <= 40 ? s : s.substring(0, 37) + "...");
            case Map<?, ?> _ -> "an object";
            case List<?> _ -> "an array";
            default -> String.valueOf(value);
        };
    }

    private static Object require(Map<String, ?> map, String key, String source) throws FormatException {
        if (!map.containsKey(key)) {
            throw new FormatException(source, "missing key " + quote(key));
        }
        return map.get(key);
    }

    private static FormatException wrongType(Map<String, ?> map, String key, String expected, String source) {
        return new FormatException(source, key + " must be " + expected + ", got " + describe(map.get(key)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value) {
        return (Map<String, Object>) value;
    }
}
