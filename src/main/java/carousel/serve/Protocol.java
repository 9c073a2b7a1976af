package carousel.serve;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.speech.recognize.WordRecognizer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket protocol, vosk-server's:
 * <ol>
 * <li>optionally first, a text message {@code {"config": {"sample_rate": 16000, "words": true, "max_alternatives": 0}}}
 *     (every key optional: the model's rate, words on, no alternatives); audio sent before any configuration
 *     is taken at the model's rate;</li>
 * <li>binary messages of 16-bit little-endian mono PCM at that rate, of any size (an odd byte waits for the next
 *     message); audio at another rate is resampled to the model's;</li>
 * <li>each binary message is answered, once its audio has been through the recognizer, by the final results of
 *     the utterances that ended in it ({@code {"text", "result": [{"word", "start", "end", "conf"}], "rtf"}},
 *     {@link WordRecognizer.Result#toJson}; {@code result} only with words on) and then one
 *     {@code {"partial": "the words so far", "partial_result": [...], "rtf"}};</li>
 * <li>{@code {"eof": 1}} ends the stream: the last utterance's final result, then the server closes with
 *     {@link #NORMAL}.</li>
 * </ol>
 * {@code rtf} is the stream's real-time factor so far: the CPU seconds of its work and its share of the batch steps
 * per second of its audio. Close codes: {@link #NORMAL} after {@code eof}; {@link #GOING_AWAY} when the server shuts down
 * (after the final result of the utterance in flight) or the connection was idle too long; {@link #BAD_DATA} for a
 * message that is not one of the above; {@link #POLICY_VIOLATION} when a stream passes the audio limit;
 * {@link #MESSAGE_TOO_BIG} for a message over the size limit; {@link #SERVER_ERROR} when recognition failed;
 * {@link #TRY_AGAIN_LATER} when the server has its maximum of streams. The close reason says which limit or what
 * was wrong.
 */
public final class Protocol {
    private Protocol() {}

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int BAD_DATA = 1003;
    public static final int POLICY_VIOLATION = 1008;
    public static final int MESSAGE_TOO_BIG = 1009;
    public static final int SERVER_ERROR = 1011;
    public static final int TRY_AGAIN_LATER = 1013;

    /** A stream's configuration: the audio's sample rate, whether results list the words, n-best alternatives of finals. */
    public record Config(int sampleRateHz, boolean words, int maxAlternatives) {
        public Config {
            if (sampleRateHz < 4000 || sampleRateHz > 192_000) throw new IllegalArgumentException("sample_rate must be 4000..192000 Hz, got " + sampleRateHz);
            if (maxAlternatives < 0 || maxAlternatives > 100) throw new IllegalArgumentException("max_alternatives must be 0..100, got " + maxAlternatives);
        }
    }

    /** What a text message asks: a configuration or the end of the stream. */
    public sealed interface Text permits Configure, Eof {}

    public record Configure(Config config) implements Text {}

    public record Eof() implements Text {}

    /**
     * A text message parsed: {@code {"config": {...}}} or {@code {"eof": 1}}.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static Text parse(String text, int modelRateHz) {
        try {
            Map<String, Object> m = Json.parseObject(text, "message");
            if (m.containsKey("eof") && m.size() == 1) return new Eof();
            if (!m.containsKey("config") || m.size() != 1) throw new IllegalArgumentException("expected {\"config\": {...}} or {\"eof\": 1}, got " + abbreviate(text));
            Map<String, Object> c = Json.getObject(m, "config", "config");
            Json.requireOnlyKeys(c, "config", "sample_rate", "words", "max_alternatives");
            int rate = c.containsKey("sample_rate") ? (int) Math.round(Json.getDouble(c, "sample_rate", "config")) : modelRateHz;
            return new Configure(new Config(rate, Json.optBoolean(c, "words", true, "config"), Json.optInt(c, "max_alternatives", 0, "config")));
        } catch (FormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }

    /** A final result: the recognizer's JSON (without the word list unless {@code words}), and the stream's RTF. */
    public static String finalResult(WordRecognizer.Result r, boolean words, double rtf) {
        Map<String, Object> m = r.toJson();
        if (!words) m.remove("result");
        m.put("rtf", round(rtf));
        return Json.writeCompact(m);
    }

    /** A partial result: the words so far (with their times when {@code words}), and the stream's RTF. */
    public static String partialResult(WordRecognizer.Result r, boolean words, double rtf) {
        return partialResult(partialWords(r, words), rtf);
    }

    /**
     * The part of a partial result that depends on the words only (the JSON object without its {@code rtf} and
     * closing brace), to be kept while the words stay the same and finished by {@link #partialResult(String, double)}.
     */
    public static String partialWords(WordRecognizer.Result r, boolean words) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("partial", r.text());
        if (words) m.put("partial_result", (List<?>) r.toJson().get("result"));
        String json = Json.writeCompact(m);
        return json.substring(0, json.length() - 1);
    }

    /** A partial result from {@link #partialWords} and the stream's RTF. */
    public static String partialResult(String partialWords, double rtf) {
        return partialWords + ",\"rtf\":" + Json.writeCompact(round(rtf)) + "}";
    }

    private static double round(double x) {
        return Double.isFinite(x) ? Math.round(x * 1e4) / 1e4 : 0;
    }
}
