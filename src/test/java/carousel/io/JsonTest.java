package carousel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    private static Object parse(String text) throws JsonException {
        return Json.parse(text, "t.json");
    }

    private static JsonException parseError(String text) {
        return assertThrows(JsonException.class, () -> parse(text), () -> "should refuse: " + text);
    }

    @Test
    void parsesEveryValueTypeToTheDocumentedJavaTypes() throws Exception {
        Map<String, Object> m = Json.parseObject(
                "{\"z\": 1, \"a\": -2.5, \"s\": \"x\", \"t\": true, \"f\": false, \"n\": null, \"l\": [1, [2]], \"o\": {}}",
                "t.json");
        assertEquals(List.of("z", "a", "s", "t", "f", "n", "l", "o"), new ArrayList<>(m.keySet()), "member order kept");
        assertEquals(1L, m.get("z"));
        assertEquals(-2.5, m.get("a"));
        assertEquals("x", m.get("s"));
        assertEquals(Boolean.TRUE, m.get("t"));
        assertEquals(Boolean.FALSE, m.get("f"));
        assertTrue(m.containsKey("n"));
        assertNull(m.get("n"));
        assertEquals(List.of(1L, List.of(2L)), m.get("l"));
        assertEquals(Map.of(), m.get("o"));
        assertInstanceOf(LinkedHashMap.class, m.get("o"));
    }

    @Test
    void integersAreLongsAndEverythingElseIsDouble() throws Exception {
        assertEquals(0L, parse("0"));
        assertEquals(0L, parse("-0"));
        assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, parse("-9223372036854775808"));
        assertEquals(9.223372036854775808E18, parse("9223372036854775808"), "past long range falls back to double");
        assertEquals(1.0, parse("1.0"));
        assertEquals(100.0, parse("1e2"));
        assertEquals(100.0, parse("1E+2"));
        assertEquals(0.0125, parse("1.25e-2"));
        assertEquals(-0.0, parse("-0.0"));
    }

    @Test
    void decodesEscapesAndSurrogatePairs() throws Exception {
        assertEquals("a\"b\\c/d\b\f\n\r\t", parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\""));
        assertEquals("é€", parse("\"\\u00e9\\u20AC\""));
        assertEquals("\uD834\uDD1E", parse("\"\\ud834\\udd1e\""), "G clef as a surrogate pair");
        assertEquals("ü raw", parse("\"ü raw\""));
    }

    @Test
    void refusesWhatRfc8259Refuses() {
        String[][] cases = {
            {"", "empty input"},
            {"   ", "empty input"},
            {"{\"a\": 1,}", "expected a string key"},
            {"[1, 2,]", "unexpected ']', expected a value"},
            {"{'a': 1}", "expected a string key"},
            {"[01]", "leading zeros"},
            {"[+1]", "unexpected '+'"},
            {"[1.]", "after the decimal point"},
            {"[.5]", "unexpected '.'"},
            {"[1e]", "exponent"},
            {"[NaN]", "word 'NaN'"},
            {"[Infinity]", "word 'Infinity'"},
            {"[-Infinity]", "expected a digit"},
            {"[tru]", "word 'tru'"},
            {"[nulls]", "expected ',' or ']'"},
            {"\"a\nb\"", "unescaped character U+000A in string"},
            {"\"abc", "unterminated string"},
            {"\"\\x\"", "invalid escape sequence '\\x'"},
            {"\"\\u12G4\"", "invalid hex digit 'G'"},
            {"\"\\u12\"", "truncated \\u escape"},
            {"\"\\u12\" ", "invalid hex digit '\"'"},
            {"{\"a\" 1}", "expected ':'"},
            {"{\"a\": 1 \"b\": 2}", "expected ',' or '}'"},
            {"[1] [2]", "after the JSON value"},
            {"// comment\n1", "unexpected '/'"},
            {"{\"a\": 1, \"a\": 2}", "duplicate key \"a\""},
            {"1e999", "out of the range of a double"},
        };
        for (String[] c : cases) {
            JsonException e = parseError(c[0]);
            assertTrue(e.getMessage().contains(c[1]), () -> "for " + c[0] + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("t.json:"), e.getMessage());
        }
    }

    @Test
    void truncatedAndMisplacedInputSaysWhatWasExpected() {
        String[][] cases = {
            {"[1,2", "t.json:1:5: unexpected end of input, expected ',' or ']' after an array element"},
            {"{\"a\"", "t.json:1:5: unexpected end of input, expected ':' after an object key"},
            {"{\"a\":[}", "t.json:1:6: unexpected '}', expected ']' to close the array"},
            {"{\"a\":1}}", "t.json:1:8: unexpected '}' after the JSON value"},
            {"[1]\n\n  nullx", "t.json:3:3: unexpected 'n' after the JSON value"},
            {"[true false]", "t.json:1:7: expected ',' or ']' after an array element, got 'f'"},
            {"[\"\\u00", "t.json:1:7: unterminated string"},
            {"\uFEFF[1,]", "t.json:1:5: unexpected ']', expected a value"},
        };
        for (String[] c : cases) {
            assertEquals(c[1], parseError(c[0]).getMessage(), () -> "for " + c[0]);
        }
    }

    @Test
    void errorsGiveLineAndColumn() {
        JsonException e = parseError("{\n  \"hidden_size\": 7,\n  \"x\": ]\n}");
        assertEquals(3, e.line());
        assertEquals(8, e.column());
        assertEquals("t.json:3:8: unexpected ']', expected a value", e.getMessage());
        JsonException crlf = parseError("[1,\r\n2,\r\n@]");
        assertEquals(3, crlf.line());
        assertEquals(1, crlf.column());
    }

    @Test
    void limitsNestingDepth() throws Exception {
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertInstanceOf(List.class, parse(ok));
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertTrue(parseError(deep).getMessage().contains("nesting deeper than " + Json.MAX_DEPTH));
        String veryDeep = "{\"a\":".repeat(100_000);
        assertTrue(parseError(veryDeep).getMessage().contains("nesting deeper"));
    }

    @Test
    void refusesNumbersLongerThanJacksonsLimitInOneLine() {
        String message = parseError("[" + "1".repeat(5000) + "]").getMessage();
        assertTrue(message.startsWith("t.json:1:") && message.contains("too large") && !message.contains("`"), message);
    }

    @Test
    void skipsALeadingByteOrderMark() throws Exception {
        assertEquals(5L, parse("\uFEFF5"));
    }

    @Test
    void prettyPrintsWithTwoSpacesAndScalarArraysOnOneLine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell", "lstm");
        m.put("hidden_size", 7);
        m.put("shape", new int[] {3, 4});
        m.put("rate", 0.5);
        m.put("empty", Map.of());
        m.put("none", List.of());
        m.put("nested", List.of(Map.of("k", true), List.of()));
        m.put("nothing", null);
        String expected = """
                {
                  "cell": "lstm",
                  "hidden_size": 7,
                  "shape": [3, 4],
                  "rate": 0.5,
                  "empty": {},
                  "none": [],
                  "nested": [
                    {
                      "k": true
                    },
                    []
                  ],
                  "nothing": null
                }""";
        assertEquals(expected, Json.write(m));
        assertEquals("{\"cell\":\"lstm\",\"hidden_size\":7,\"shape\":[3,4],\"rate\":0.5,\"empty\":{},\"none\":[],"
                + "\"nested\":[{\"k\":true},[]],\"nothing\":null}", Json.writeCompact(m));
    }

    @Test
    void escapesStringsSoTheyReadBack() throws Exception {
        String tricky = "q\"b\\s/\n\r\t\b\f\u0000\u001f\u007f é \uD834\uDD1E lone\uD800 \uDC00";
        String json = Json.quote(tricky);
        // every surrogate is escaped (Jackson's escapes see one char at a time), so a lone one still gives valid UTF-8
        assertEquals("\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0000\\u001f\u007f é \\ud834\\udd1e lone\\ud800 \\udc00\"", json);
        assertEquals(tricky, parse(json));
    }

    @Test
    void roundTripsNumbersExactly() throws Exception {
        double[] values = {0.1, -2.5e-300, 1e300, 3.0, 7.0, Double.MIN_VALUE, Math.PI};
        for (double v : values) {
            assertEquals(v, parse(Json.write(v)), () -> "for " + v);
        }
        assertEquals(0.1f, ((Double) parse(Json.write(0.1f))).floatValue());
        assertEquals(-5L, parse(Json.write(-5)));
        assertEquals(Long.MIN_VALUE, parse(Json.write(Long.MIN_VALUE)));
    }

    @Test
    void writerRefusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new float[] {Float.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, 2)));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.write(cycle));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }

    @Test
    void typedAccessGivesActionableMessages() throws Exception {
        Map<String, Object> c = Json.parseObject(
                "{\"hidden_size\": \"abc\", \"layers\": 2, \"big\": 3000000000, \"rate\": 0.5, \"flag\": 1,"
                        + " \"shape\": [1, \"x\"], \"name\": null}", "config.json");
        assertEquals("config.json: hidden_size must be an integer, got \"abc\"",
                assertThrows(FormatException.class, () -> Json.getInt(c, "hidden_size", "config.json")).getMessage());
        assertEquals("config.json: missing key \"input_size\"",
                assertThrows(FormatException.class, () -> Json.getInt(c, "input_size", "config.json")).getMessage());
        assertEquals("config.json: big must be an integer in the int range, got 3000000000",
                assertThrows(FormatException.class, () -> Json.getInt(c, "big", "config.json")).getMessage());
        assertEquals("config.json: rate must be an integer, got 0.5",
                assertThrows(FormatException.class, () -> Json.getLong(c, "rate", "config.json")).getMessage());
        assertEquals("config.json: flag must be true or false, got 1",
                assertThrows(FormatException.class, () -> Json.getBoolean(c, "flag", "config.json")).getMessage());
        assertEquals("config.json: shape must be an array of integers, got \"x\" at index 1",
                assertThrows(FormatException.class, () -> Json.getIntArray(c, "shape", "config.json")).getMessage());
        assertEquals("config.json: name must be a string, got null",
                assertThrows(FormatException.class, () -> Json.getString(c, "name", "config.json")).getMessage());
        assertEquals("config.json: layers must be an object, got 2",
                assertThrows(FormatException.class, () -> Json.getObject(c, "layers", "config.json")).getMessage());
        assertEquals(2, Json.getInt(c, "layers", "config.json"));
        assertEquals(3000000000L, Json.getLong(c, "big", "config.json"));
        assertEquals(0.5, Json.getDouble(c, "rate", "config.json"));
        assertEquals(2.0, Json.getDouble(c, "layers", "config.json"));
        assertEquals(9, Json.optInt(c, "absent", 9, "config.json"));
        assertEquals("dflt", Json.optString(c, "name", "dflt", "config.json"), "null counts as absent");
        assertTrue(Json.optBoolean(c, "absent", true, "config.json"));
        assertEquals(1e-3, Json.optDouble(c, "absent", 1e-3, "config.json"));
    }

    @Test
    void requireOnlyKeysCatchesMisspellings() throws Exception {
        Map<String, Object> c = Json.parseObject("{\"hiden_size\": 3}", "config.json");
        FormatException e = assertThrows(FormatException.class,
                () -> Json.requireOnlyKeys(c, "config.json", "hidden_size", "input_size"));
        assertEquals("config.json: unknown key \"hiden_size\" (known keys: hidden_size, input_size)", e.getMessage());
        Json.requireOnlyKeys(Json.parseObject("{\"input_size\": 3}", "c"), "c", "hidden_size", "input_size");
    }

    @Test
    void parseObjectRefusesOtherTopLevelValues() {
        FormatException e = assertThrows(FormatException.class, () -> Json.parseObject("[1]", "config.json"));
        assertEquals("config.json: expected a JSON object at the top level, got an array", e.getMessage());
    }

    @Test
    void filesRoundTripAndBadUtf8IsAFormatError(@TempDir Path dir) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "Ünïcode ✓");
        m.put("list", List.of(1L, 2.5, "x"));
        Path file = dir.resolve("c.json");
        Json.write(file, m);
        assertTrue(Files.readString(file).endsWith("}\n"));
        assertEquals(m, Json.readObject(file));

        Path bad = dir.resolve("bad.json");
        Files.write(bad, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'});
        FormatException e = assertThrows(FormatException.class, () -> Json.read(bad));
        assertEquals(bad + ": text is not valid UTF-8", e.getMessage());

        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"a\": }", StandardCharsets.UTF_8);
        JsonException je = assertThrows(JsonException.class, () -> Json.read(broken));
        assertEquals(broken + ":1:7: unexpected '}', expected a value", je.getMessage());
    }
}
