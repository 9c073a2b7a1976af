package carousel.speech.recognize;

import carousel.model.StreamingModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.audio.AudioReader;
import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lexicon.LexiconFormat;
import carousel.speech.lexicon.PhoneBridge;
import carousel.speech.lm.NgramLm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Speculative look-ahead ({@link StreamingRecognizer#nextInputs}): the demo model on demo-corpus files played one
 * after another, with endpoint rules tight enough that utterances end in the middle of a chunk, so that frames
 * stepped ahead of an endpoint must be discarded and stepped again from the next utterance's fresh state. With
 * any look-ahead the finals and the partial after each chunk equal those of stepping one frame at a time, which
 * equal {@link StreamingRecognizer#acceptWaveform}'s.
 */
class StreamingLookaheadTest {
    static final Path MODEL = Path.of("models/harvard-lstmp");
    static final Path[] WAVS = {
            Path.of("data/demo-corpus/TEST/DR3/MBLS0/SX128.WAV"), Path.of("data/demo-corpus/TEST/DR7/FPWE0/SX413.WAV"),
            Path.of("data/demo-corpus/TEST/DR7/MCIF0/SX118.WAV"), Path.of("data/demo-corpus/TEST/DR5/FWWH0/SX120.WAV")};
    /** Endpoints after 0.3 s of silence after a word (the pauses between the files) or after 1.5 s of utterance. */
    static final StreamingRecognizer.Endpointing TIGHT = new StreamingRecognizer.Endpointing(0.3, 1.0, 1.5);
    static WordRecognizer recognizer;
    static float[] audio;

    @BeforeAll
    static void load() throws IOException {
        AcousticModel am = AcousticModel.load(MODEL);
        NgramLm lm = NgramLm.read(MODEL.resolve("lm.arpa"));
        Lexicon lexicon = Lexicon.read(MODEL.resolve("lexicon.dict"), LexiconFormat.CMU, PhoneBridge.CMU_39);
        recognizer = new WordRecognizer(am, lexicon, lm, Recognizer.topology(am.config(), 0.7), WordRecognizer.DEFAULT_ACOUSTIC_SCALE,
                WordDecoderOptions.DEFAULT);
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (Path p : WAVS) {
            float[] x = AudioReader.read(p).samples();
            parts.add(x);
            n += x.length;
        }
        audio = new float[n];
        int at = 0;
        for (float[] x : parts) {
            System.arraycopy(x, 0, audio, at, x.length);
            at += x.length;
        }
    }

    /** What a stream's client sees after each chunk: the finals that came (words, times, scores, alternatives) and the partial words. */
    static String seen(List<WordRecognizer.Result> finals, StreamingRecognizer s) {
        StringBuilder b = new StringBuilder();
        for (WordRecognizer.Result r : finals)
            b.append("final ").append(r.words()).append(' ').append(r.score()).append(' ').append(r.audioSeconds()).append(' ').append(r.alternatives()).append('\n');
        return b.append("partial ").append(s.partialResult().words()).append(' ').append(s.audioSeconds()).toString();
    }

    /** A stream stepped by its caller {@code lookahead} frames ahead of the search, in the given chunk sizes; what it saw per chunk, and the outputs it discarded. */
    static List<String> stepped(int lookahead, int[] chunks, long[] discarded) {
        StreamingRecognizer s = new StreamingRecognizer(recognizer, TIGHT);
        s.setMaxAlternatives(2);
        StreamingModel net = recognizer.streamingModel();
        StreamingModel.Scratch scratch = net.newScratch();
        List<String> seen = new ArrayList<>();
        int at = 0;
        for (int c = 0; c <= chunks.length; c++) {
            if (c < chunks.length) {
                s.addWaveform(Arrays.copyOfRange(audio, at, at + chunks[c]), chunks[c]);
                at += chunks[c];
            } else {
                s.addEnd();
            }
            for (List<float[]> xs = s.nextInputs(lookahead); !xs.isEmpty(); xs = s.nextInputs(lookahead)) {
                assertTrue(xs.size() <= lookahead, xs.size() + " inputs at a look-ahead of " + lookahead);
                for (float[] x : xs) s.acceptOutput(net.step(scratch, x, 0, s.networkState()), 0);
            }
            seen.add(seen(s.takeEndpoints(), s));
        }
        discarded[0] = s.discardedOutputs();
        s.close();
        return seen;
    }

    static int[] chunks(int size) {
        int[] c = new int[(audio.length + size - 1) / size];
        for (int i = 0; i < c.length; i++) c[i] = Math.min(size, audio.length - i * size);
        return c;
    }

    @Test
    void lookaheadGivesTheResultsOfSteppingOneFrameAtATime() {
        long[] discarded = new long[1];
        int[] tenth = chunks(1600);   // 100-ms chunks, as serve-bench sends
        List<String> one = stepped(1, tenth, discarded);
        assertEquals(0, discarded[0], "one frame at a time, nothing is stepped ahead");
        long finals = one.stream().flatMap(s -> s.lines()).filter(l -> l.startsWith("final")).count();
        assertTrue(finals >= 5, "the tight rules end several utterances: " + finals);
        for (int lookahead : new int[]{2, 10, 20}) {
            assertEquals(one, stepped(lookahead, tenth, discarded), "look-ahead " + lookahead);
            // an endpoint falls inside a look-ahead of 10 or 20 frames (of 2, only by the luck of its frame's parity)
            if (lookahead >= 10) assertTrue(discarded[0] > 0, "endpoints in the middle of a look-ahead: frames stepped again at " + lookahead);
        }
        Random rnd = new Random(7);
        int[] uneven = new int[audio.length / 400];
        int total = 0, k = 0;
        while (total < audio.length) {
            int n = Math.min(audio.length - total, 1 + rnd.nextInt(5000));
            if (k == uneven.length) uneven = Arrays.copyOf(uneven, 2 * k);
            uneven[k++] = n;
            total += n;
        }
        uneven = Arrays.copyOf(uneven, k);
        assertEquals(stepped(1, uneven, discarded), stepped(13, uneven, discarded), "uneven chunks");
    }

    @Test
    void steppingOneFrameAtATimeIsWhatAcceptWaveformDoes() {
        int[] tenth = chunks(1600);
        StreamingRecognizer s = new StreamingRecognizer(recognizer, TIGHT);
        s.setMaxAlternatives(2);
        List<String> seen = new ArrayList<>();
        int at = 0;
        for (int n : tenth) {
            boolean ended = s.acceptWaveform(Arrays.copyOfRange(audio, at, at + n), n);
            at += n;
            seen.add(seen(ended ? List.of(s.result()) : List.of(), s));
        }
        WordRecognizer.Result last = s.finalResult();
        seen.add(seen(List.of(last), s));
        assertEquals(stepped(10, tenth, new long[1]), seen);
    }
}
