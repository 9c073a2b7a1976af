package carousel.serve;

import carousel.io.Json;
import carousel.speech.am.AcousticModel;
import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lexicon.LexiconFormat;
import carousel.speech.lexicon.PhoneBridge;
import carousel.speech.lm.NgramLm;
import carousel.speech.recognize.Recognizer;
import carousel.speech.recognize.StreamingRecognizer;
import carousel.speech.recognize.WordRecognizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The shipped demo model as the server's tests load it (once per JVM), and helpers to read the server's replies. */
final class ServeTesting {
    private ServeTesting() {}

    static final Path MODEL = Path.of("models/harvard-lstmp");
    static final Path[] WAVS = {
            Path.of("data/demo-corpus/TEST/DR3/MBLS0/SX128.WAV"), Path.of("data/demo-corpus/TEST/DR7/FPWE0/SX413.WAV"),
            Path.of("data/demo-corpus/TEST/DR7/MCIF0/SX118.WAV"), Path.of("data/demo-corpus/TEST/DR5/FWWH0/SX120.WAV")};
    private static WordRecognizer recognizer;
    static NgramLm lm;
    static Lexicon lexicon;

    /** The demo model, dictionary and LM with the word search's defaults. */
    static synchronized WordRecognizer recognizer() throws IOException {
        if (recognizer == null) {
            AcousticModel am = AcousticModel.load(MODEL);
            lm = NgramLm.read(MODEL.resolve("lm.arpa"));
            lexicon = Lexicon.read(MODEL.resolve("lexicon.dict"), LexiconFormat.CMU, PhoneBridge.CMU_39);
            recognizer = new WordRecognizer(am, lexicon, lm, Recognizer.topology(am.config(), 0.7), WordRecognizer.DEFAULT_ACOUSTIC_SCALE,
                    WordDecoderOptions.DEFAULT);
        }
        return recognizer;
    }

    static RecognitionServer server(ServeLimits limits) throws Exception {
        return new RecognitionServer(recognizer(), StreamingRecognizer.Endpointing.DEFAULT, limits, "127.0.0.1", 0, line -> {});
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

    static SocketClient client(int port) throws Exception {
        return new SocketClient(HTTP, java.net.URI.create("ws://127.0.0.1:" + port + "/"), r -> {});
    }

    /** Sends samples in chunks of {@code chunk} samples, then eof. */
    static SocketClient sendAll(SocketClient c, float[] x, int chunk) throws Exception {
        for (int i = 0; i < x.length; i += chunk) c.bytes(SocketClient.pcm(x, i, Math.min(x.length, i + chunk)));
        return c.text("{\"eof\": 1}");
    }

    static Map<String, Object> json(String s) {
        try {
            return Json.parseObject(s, "reply");
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    /** The words of the final results among the replies, in order. */
    static List<String> finalWords(List<String> replies) {
        List<String> words = new ArrayList<>();
        for (String r : replies) {
            Map<String, Object> m = json(r);
            if (m.containsKey("text")) {
                String t = (String) m.get("text");
                if (!t.isEmpty()) words.addAll(Arrays.asList(t.split(" ")));
            }
        }
        return words;
    }

    static List<String> words(WordRecognizer.Result r) {
        return r.words().stream().map(WordRecognizer.Word::word).toList();
    }

    /** One stream alone through its own recognizer, fed in the same chunks: the words of its finals. */
    static List<String> aloneWords(float[] x, int chunk) throws IOException {
        return aloneFinals(x, chunk, StreamingRecognizer.Endpointing.DEFAULT).stream().flatMap(t -> t.isEmpty() ? java.util.stream.Stream.of() : Arrays.stream(t.split(" "))).toList();
    }

    /** One stream alone through its own recognizer (one frame at a time), fed in the same chunks: the text of each final. */
    static List<String> aloneFinals(float[] x, int chunk, StreamingRecognizer.Endpointing endpointing) throws IOException {
        StreamingRecognizer s = new StreamingRecognizer(recognizer(), endpointing);
        List<String> finals = new ArrayList<>();
        for (int i = 0; i < x.length; i += chunk) {
            int n = Math.min(chunk, x.length - i);
            if (s.acceptWaveform(Arrays.copyOfRange(x, i, i + n), n)) finals.add(s.result().text());
        }
        finals.add(s.finalResult().text());
        return finals;
    }

    /** The text of each final result among the replies, in order. */
    static List<String> finalTexts(List<String> replies) {
        List<String> texts = new ArrayList<>();
        for (String r : replies) if (json(r).get("text") instanceof String t) texts.add(t);
        return texts;
    }
}
