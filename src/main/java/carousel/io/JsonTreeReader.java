package carousel.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads strict JSON text (RFC 8259: T. Bray, ed., "The JavaScript Object Notation (JSON) Data
 * Interchange Format", IETF, December 2017) into Java values with Jackson's streaming parser
 * (jackson-core, FasterXML), the same library the Spark module brings.
 *
 * <p>Values map to Java as: object → {@link LinkedHashMap} (member order kept), array →
 * {@link ArrayList}, string → {@link String}, number → {@link Long} when written without fraction
 * or exponent and within the range of {@code long}, {@link Double} otherwise, {@code true/false} →
 * {@link Boolean}, {@code null} → {@code null}.
 *
 * <p>Strict means Jackson's defaults (no comments, trailing commas, single quotes, {@code NaN},
 * leading zeros or plus signs, raw control characters in strings) plus: no duplicate keys in one
 * object, nothing but whitespace after the value, no number beyond the range of a double. A leading
 * byte order mark is skipped (RFC 8259 section 8.1). Nesting deeper than {@link Json#MAX_DEPTH} is
 * refused by Jackson's read constraints, so that hostile input cannot overflow the stack. Jackson's
 * errors are re-worded by {@link JsonErrors} into one line naming the source, line, column and
 * problem. This class is not a data-binding layer: it only builds the plain tree above.
 */
final class JsonTreeReader {

    /** Thread-safe and reusable once built (Jackson's factories are). */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Json.MAX_DEPTH)
                    .maxStringLength(Json.MAX_INPUT_CHARS)
                    .maxDocumentLength(Json.MAX_INPUT_CHARS)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonTreeReader() {
    }

    /** Parses the whole text as one JSON value. */
    static Object parse(String text, String source) throws JsonException {
        if (text.length() > Json.MAX_INPUT_CHARS) {
            throw new JsonException(source, 1, 1, "input of " + text.length()
                    + " characters exceeds the limit of " + Json.MAX_INPUT_CHARS);
        }
        String body = !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
        int shift = body.length() == text.length() ? 0 : 1;
        try (JsonParser p = FACTORY.createParser(body)) {
            try {
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw at(source, text, shift, p.currentLocation(), "empty input, expected a JSON value");
                }
                Object value = readValue(p, source, text, shift);
                int after = (int) p.currentLocation().getCharOffset() + shift;
                while (after < text.length() && " \t\n\r".indexOf(text.charAt(after)) >= 0) {
                    after++;
                }
                if (after < text.length()) {
                    throw JsonErrors.at(source, text, after, "unexpected "
                            + JsonErrors.describe(text.charAt(after)) + " after the JSON value");
                }
                return value;
            } catch (StreamConstraintsException e) {
                throw JsonErrors.constraint(source, text, shift, p, e);
            } catch (JsonProcessingException e) {
                throw JsonErrors.translate(source, text, shift, p, e);
            }
        } catch (JsonException e) {
            throw e;
        } catch (IOException e) {
            throw new JsonException(source, 1, 1, "cannot parse: " + e.getMessage());
        }
    }

    /** Reads the value whose first token is current; leaves the parser on its last token. */
    private static Object readValue(JsonParser p, String source, String text, int shift) throws IOException {
        JsonToken token = p.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, readValue(p, source, text, shift));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p, source, text, shift));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT, LONG -> p.getLongValue();
                default -> finiteDouble(p, source, text, shift);
            };
            case VALUE_NUMBER_FLOAT -> finiteDouble(p, source, text, shift);
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw at(source, text, shift, p.currentTokenLocation(), "unexpected " + token);
        };
    }

    private static double finiteDouble(JsonParser p, String source, String text, int shift) throws IOException {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) {
            String literal = p.getText();
            throw at(source, text, shift, p.currentTokenLocation(), "number "
                    + (literal.length() <= 40 ? literal : literal.substring(0, 37) + "...")
                    + " is out of the range of a double");
        }
        return d;
    }

    private static JsonException at(String source, String text, int shift, JsonLocation where, String problem) {
        return JsonErrors.at(source, text, where.getCharOffset() + shift, problem);
    }
}
