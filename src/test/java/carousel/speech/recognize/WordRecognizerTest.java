package carousel.speech.recognize;

import carousel.speech.am.AcousticModel;
import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Waveform;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FeaturePipeline;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Words from audio through the whole chain (features, network, word search) with an untrained LSTM
 * (the words are whatever its random outputs favour; what is tested is that the streaming and the
 * whole-file paths agree exactly and that endpoints split a stream where the rules say).
 */
class WordRecognizerTest {
    static final Path WAV = Path.of("data/demo-corpus/TEST/DR3/MBLS0/SX128.WAV");
    static WordRecognizer recognizer;

    @BeforeAll
    static void build() throws IOException {
        AcousticModel am = UntrainedModels.lstmStates();
        Lexicon lexicon = Lexicon.read(Path.of("src/test/resources/words/lexicon.dict"), LexiconFormat.CMU, PhoneBridge.CMU_39);
        NgramLm lm = NgramLm.read(Path.of("src/test/resources/words/lm.arpa"));
        recognizer = new WordRecognizer(am, lexicon, lm, HmmTopology.fixed(am.config().targets().phones.size(), 3, 0.7), 1.0, WordDecoderOptions.DEFAULT);
    }

    static FeatureMatrix features(Waveform w) throws IOException {
        return features(recognizer, w);
    }

    static FeatureMatrix features(WordRecognizer recognizer, Waveform w) throws IOException {
        FeaturePipeline p = recognizer.model().config().features().kaldiOnly();
        return p.features(p.computer(), w);
    }

    @Test
    void streamingInRandomChunksEqualsTheWholeFile() throws IOException {
        assertStreamingEqualsWhole(recognizer);
    }

    @Test
    void aModelOnTiedStatesStreamsTheTriphoneSearchToo() throws IOException {
        AcousticModel am = UntrainedModels.lstmTied();
        Lexicon lexicon = Lexicon.read(Path.of("src/test/resources/words/lexicon.dict"), LexiconFormat.CMU, PhoneBridge.CMU_39);
        NgramLm lm = NgramLm.read(Path.of("src/test/resources/words/lm.arpa"));
        HmmTopology topo = HmmTopology.fixed(am.config().targets().phones.size(), 3, 0.7);
        WordRecognizer triphone = new WordRecognizer(am, lexicon, lm, topo, 1.0, WordDecoderOptions.DEFAULT);
        WordRecognizer marginal = new WordRecognizer(am, lexicon, lm, topo, 1.0, WordDecoderOptions.DEFAULT, null, ContextSearch.MARGINAL);
        assertTrue(triphone.decoder().context() != null && triphone.numAcousticIndices() > 144, "triphone search by default: " + triphone.numAcousticIndices());
        assertTrue(marginal.decoder().context() == null && marginal.numAcousticIndices() == 144);
        assertStreamingEqualsWhole(triphone);
    }

    /**
     * The word search weighs the HMM transitions as it weighs the acoustic scores, so multiplying every score
     * (acoustic scale, LM weight, word penalty; the beams with them) by one factor changes no result. It would
     * with the transitions added unscaled: at a tenth of the acoustic scale they would weigh ten times as much.
     * The shipped model on a demo sentence, without optional silence (its ln probabilities are not weighted).
     */
    @Test
    void scalingEveryScoreByOneFactorChangesNothing() throws IOException {
        Path dir = Path.of("models/harvard-lstmp");
        AcousticModel am = AcousticModel.load(dir);
        Lexicon lexicon = Lexicon.read(dir.resolve("lexicon.dict"), LexiconFormat.CMU, PhoneBridge.CMU_39);
        NgramLm lm = NgramLm.read(dir.resolve("lm.arpa"));
        HmmTopology topo = Recognizer.topology(am.config(), 0.7);
        WordRecognizer one = new WordRecognizer(am, lexicon, lm, topo, 1.0, new WordDecoderOptions(5, 20, 0, 160, 7000, 80));
        WordRecognizer tenth = new WordRecognizer(am, lexicon, lm, topo, 0.1, new WordDecoderOptions(0.5, 2, 0, 16, 7000, 8));
        assertEquals(1.0, one.decoder().topology().weight());
        assertEquals(0.1, tenth.decoder().topology().weight(), 1e-15);
        FeatureMatrix f = features(one, AudioReader.read(WAV));
        WordRecognizer.Result a = one.recognize(f), b = tenth.recognize(f);
        assertTrue(a.words().size() >= 5, "the shipped model recognises the sentence: " + a.text());
        assertEquals(a.text(), b.text());
        for (int i = 0; i < a.words().size(); i++) {
            assertEquals(a.words().get(i).startSeconds(), b.words().get(i).startSeconds(), 1e-9);
            assertEquals(a.words().get(i).endSeconds(), b.words().get(i).endSeconds(), 1e-9);
        }
    }

    private static void assertStreamingEqualsWhole(WordRecognizer recognizer) throws IOException {
        Waveform w = AudioReader.read(WAV);
        WordRecognizer.Result whole = recognizer.recognize(features(recognizer, w));
        assertFalse(whole.words().isEmpty(), "the search gives some words");
        Random rnd = new Random(1);
        StreamingRecognizer s = new StreamingRecognizer(recognizer, new StreamingRecognizer.Endpointing(100, 100, 100));
        float[] x = w.samples();
        for (int i = 0; i < x.length; ) {
            int n = Math.min(x.length - i, 1 + rnd.nextInt(3000));
            assertFalse(s.acceptWaveform(Arrays.copyOfRange(x, i, i + n), n), "no endpoint with 100 s rules");
            i += n;
            s.partialResult();
        }
        WordRecognizer.Result streamed = s.finalResult();
        assertEquals(whole.words().size(), streamed.words().size(), streamed.words().toString());
        for (int i = 0; i < whole.words().size(); i++) {
            WordRecognizer.Word a = whole.words().get(i), b = streamed.words().get(i);
            assertEquals(a.word(), b.word());
            assertEquals(a.startSeconds(), b.startSeconds());
            assertEquals(a.endSeconds(), b.endSeconds());
            assertEquals(a.confidence(), b.confidence(), 1e-6, "lattice posteriors agree to the scores' rounding");
        }
        // the whole-utterance forward (batched products) and the streaming step (one frame at a time) sum in
        // different orders in float32: the scores agree to rounding
        assertEquals(whole.score(), streamed.score(), 1e-5 * Math.abs(whole.score()));
    }

    @Test
    void anUnchangedPartialKeyMeansUnchangedPartialWords() throws IOException {
        Waveform w = AudioReader.read(WAV);
        StreamingRecognizer s = new StreamingRecognizer(recognizer, new StreamingRecognizer.Endpointing(100, 100, 0.8));
        short[] pcm = new short[160];   // 10 ms chunks: one frame each, the best path mostly stays
        float[] x = w.samples();
        StreamingRecognizer.PartialKey lastKey = null;
        List<WordRecognizer.Word> lastWords = null;
        int same = 0, changed = 0;
        for (int i = 0; i + pcm.length <= x.length; i += pcm.length) {
            for (int j = 0; j < pcm.length; j++) pcm[j] = (short) Math.max(-32768, Math.min(32767, Math.round(x[i + j])));
            s.acceptWaveform(pcm, pcm.length);
            StreamingRecognizer.PartialKey key = s.partialKey();
            List<WordRecognizer.Word> words = s.partialResult().words();
            if (key.equals(lastKey)) {
                assertEquals(lastWords, words, "same key, same words and times");
                same++;
            } else {
                changed++;
            }
            lastKey = key;
            lastWords = words;
        }
        assertTrue(same > 0 && changed > 1, "keys both stayed and changed: " + same + " / " + changed);
    }

    @Test
    void endpointsSplitALongStreamAndTimesKeepCounting() throws IOException {
        Waveform w = AudioReader.read(WAV);
        StreamingRecognizer s = new StreamingRecognizer(recognizer, new StreamingRecognizer.Endpointing(100, 100, 0.8));
        short[] pcm = new short[1600];   // 0.1 s chunks
        float[] x = w.samples();
        List<WordRecognizer.Result> utterances = new ArrayList<>();
        for (int i = 0; i + pcm.length <= x.length; i += pcm.length) {
            for (int j = 0; j < pcm.length; j++) pcm[j] = (short) Math.max(-32768, Math.min(32767, Math.round(x[i + j])));
            if (s.acceptWaveform(pcm, pcm.length)) utterances.add(s.result());
        }
        utterances.add(s.finalResult());
        // 2.2 s of audio with utterances of at most 0.8 s: two endpoints, three results
        assertEquals(3, utterances.size());
        // each utterance's words lie in its own stretch of the stream (times count from the stream's start)
        double lastEnd = 0;
        for (int u = 0; u < utterances.size(); u++)
            for (WordRecognizer.Word word : utterances.get(u).words()) {
                assertTrue(word.startSeconds() >= lastEnd - 1e-9, "times run on over utterances: " + word + " after " + lastEnd);
                assertTrue(word.startSeconds() >= 0.8 * u - 1e-9, "utterance " + u + " starts at " + 0.8 * u + " s: " + word);
                assertTrue(u == 2 || word.endSeconds() <= 0.8 * (u + 1) + 1e-9, "utterance " + u + " ends at " + 0.8 * (u + 1) + " s: " + word);
                assertTrue(word.endSeconds() > word.startSeconds());
                lastEnd = word.endSeconds();
            }
        assertFalse(utterances.get(1).words().isEmpty() && utterances.get(2).words().isEmpty(), "the later utterances have words of their own");
    }
}
