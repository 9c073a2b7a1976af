package carousel.cli;

import carousel.io.Json;
import carousel.speech.am.AcousticModel;
import carousel.speech.recognize.UntrainedModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code transcribe} and {@code decode --words} end to end on the demo corpus, with an untrained LSTM saved as a model directory. */
class WordCommandsTest {
    static final String WAV = "data/demo-corpus/TEST/DR3/MBLS0/SX128.WAV";
    static final String LEXICON = "src/test/resources/words/lexicon.dict";
    static final String LM = "src/test/resources/words/lm.arpa";
    @TempDir static Path dir;
    static Path model;

    @BeforeAll
    static void saveModel() throws IOException {
        AcousticModel am = UntrainedModels.lstmStates();
        model = dir.resolve("model");
        Files.createDirectories(model);
        am.save(model, Map.of());
    }

    @Test
    void transcribePrintsWordsAsTextJsonAndCtmAndStreamsAlike() throws IOException {
        CliRun text = CliRun.of("transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, WAV);
        assertEquals(0, text.exit(), text.toString());
        assertTrue(text.out().startsWith(WAV + " "), text.toString());
        String words = text.out().strip().substring(WAV.length() + 1);
        assertFalse(words.isBlank(), text.toString());
        for (String w : words.split(" ")) assertTrue(List.of("at", "be", "could", "farther", "see", "seen", "shore", "the", "wharf").contains(w), w);
        assertTrue(text.err().contains("done 1 of 1 files"), text.toString());

        CliRun json = CliRun.of("transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "--json", WAV);
        Map<String, Object> m = Json.parseObject(json.out().strip(), "stdout");
        assertEquals(words, m.get("text"));
        assertEquals(words.split(" ").length, ((List<?>) m.get("result")).size());
        for (Object o : (List<?>) m.get("result")) {
            double conf = ((Number) ((Map<?, ?>) o).get("conf")).doubleValue();
            assertTrue(conf > 0 && conf <= 1, "confidence " + conf);
        }

        CliRun nbest = CliRun.of("transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "--json",
                "--max-alternatives", "3", WAV);
        List<?> alts = (List<?>) Json.parseObject(nbest.out().strip(), "stdout").get("alternatives");
        assertTrue(alts.size() >= 1 && alts.size() <= 3, nbest.toString());
        assertEquals(words, ((Map<?, ?>) alts.get(0)).get("text"), "the first alternative is the result");

        CliRun srt = CliRun.of("transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "--srt", WAV);
        assertTrue(srt.out().matches("(?s)1\\n\\d\\d:\\d\\d:\\d\\d,\\d{3} --> \\d\\d:\\d\\d:\\d\\d,\\d{3}\\n[a-z ]+\\n\\n.*"), srt.toString());
        assertEquals(words, String.join(" ", srt.out().lines().filter(l -> l.matches("[a-z ]+")).toList()), "the cues hold the words in order");

        CliRun ctm = CliRun.of("transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "--ctm", WAV);
        assertEquals(words.split(" ").length, ctm.out().strip().split("\n").length, ctm.toString());
        assertTrue(ctm.out().startsWith("SX128 1 "), ctm.toString());

        CliRun streamed = CliRun.of("transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "--streaming", WAV);
        assertEquals(0, streamed.exit(), streamed.toString());
        assertEquals(text.out(), streamed.out(), "frame by frame through the live recognizer: the same words");
    }

    @Test
    void rescoringWithTheFirstPassLmChangesNothingAndALmWithoutTheWordsIsRefused(@TempDir Path tmp) throws IOException {
        String[] base = {"transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "--json"};
        String[] again = java.util.Arrays.copyOf(base, base.length + 3);
        again[base.length] = "--rescore-lm";
        again[base.length + 1] = LM;
        again[base.length + 2] = WAV;
        String[] first = java.util.Arrays.copyOf(base, base.length + 1);
        first[base.length] = WAV;
        CliRun one = CliRun.of(first);
        CliRun two = CliRun.of(again);
        assertEquals(0, two.exit(), two.toString());
        assertTrue(two.err().contains("rescoring with a 2-gram LM of 11 words"), two.toString());
        assertEquals(one.out(), two.out(), "the same words, times and confidences");

        Path small = tmp.resolve("small.arpa");
        Files.writeString(small, "\\data\\\nngram 1=3\n\n\\1-grams:\n-0.5\t</s>\n-99\t<s>\n-0.3\tthe\n\n\\end\\\n");
        again[base.length + 1] = small.toString();
        CliRun refused = CliRun.of(again);
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("the rescoring LM has no <unk> and lacks 8 words of the first pass"), refused.toString());
    }

    @Test
    void silentAudioIsRefusedAndEndpointingIsConfigurable(@TempDir Path tmp) throws IOException {
        Path silent = tmp.resolve("silent.wav");
        java.nio.ByteBuffer wav = java.nio.ByteBuffer.allocate(44 + 32000).order(java.nio.ByteOrder.LITTLE_ENDIAN);   // 1 s of 16-bit zeros
        wav.put("RIFF".getBytes()).putInt(36 + 32000).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16000).putInt(32000).putShort((short) 2).putShort((short) 16).put("data".getBytes()).putInt(32000);
        Files.write(silent, wav.array());
        for (String mode : new String[]{"--json", "--streaming"}) {
            CliRun r = CliRun.of("transcribe", "--model", model.toString(), "--lexicon", LEXICON, "--lm", LM, mode, silent.toString());
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().strip().endsWith(silent + ": silent (every one of its 16000 samples is 0.0)"), r.toString());
        }
        // an utterance of at most 0.5 s: the 2.6 s file is cut at several endpoints; by default at none (no 1 s pause)
        String[] base = {"transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "--streaming"};
        CliRun plain = CliRun.of(concat(base, WAV)), cut = CliRun.of(concat(base, "--endpoint-max", "0.5", WAV));
        assertEquals(0, cut.exit(), cut.toString());
        assertTrue(cut.err().lines().filter(l -> l.contains("[endpoint]")).count() >= 4, cut.toString());
        assertTrue(cut.err().lines().filter(l -> l.contains("[endpoint]")).count() > plain.err().lines().filter(l -> l.contains("[endpoint]")).count(),
                plain.toString());
        CliRun bad = CliRun.of(concat(base, "--endpoint-silence", "0", WAV));
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("endpointing times must be positive seconds"), bad.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void filesDecodedInParallelGiveWhatOneThreadGives() {
        String dir = "data/demo-corpus/TEST/DR3/MBLS0";
        CliRun one = CliRun.of("transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "--jobs", "1", dir);
        CliRun two = CliRun.of("transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "--jobs", "2", dir);
        assertEquals(0, one.exit(), one.toString());
        assertEquals(0, two.exit(), two.toString());
        assertEquals(8, one.out().strip().lines().count(), one.toString());
        assertEquals(one.out(), two.out());
    }

    @Test
    void transcribeRefusesMissingResourcesInOneLine() {
        CliRun noLm = CliRun.of("transcribe", "--model", model.toString(), "--lexicon", LEXICON, WAV);
        assertEquals(2, noLm.exit(), noLm.toString());
        assertTrue(noLm.err().strip().endsWith("lm.arpa: no language model: give --lm FILE.arpa"), noLm.toString());
        assertEquals(1, noLm.err().strip().lines().count(), noLm.toString());
        CliRun noAudio = CliRun.of("transcribe", "--model", model.toString(), "--acoustic-scale", "1", "--lexicon", LEXICON, "--lm", LM, "nope.wav");
        assertEquals(2, noAudio.exit(), noAudio.toString());
        assertTrue(noAudio.err().contains("nope.wav"), noAudio.toString());
    }

    @Test
    void theShippedModelRecognisesTheDemoSentences(@TempDir Path out) {
        CliRun r = CliRun.of("demo", "--out", out.toString(), "--show", "2");
        assertEquals(0, r.exit(), r.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("%WER ([0-9.]+) \\[").matcher(r.out());
        assertTrue(m.find(), r.toString());
        // 1.9 % when the model was shipped (models/harvard-lstmp/README.md); a broken front end, model or search is far above
        assertTrue(Double.parseDouble(m.group(1)) < 10, r.out());
        assertTrue(r.out().contains("REF: ") && r.out().contains("HYP: "), r.toString());
    }

    @Test
    void alignGivesEveryWordOfTheTranscriptInOrderWithTimes() throws IOException {
        CliRun r = CliRun.of("align", "--model", "models/harvard-lstmp", "--phones", "--text", "The wharf could be seen at the farther shore.", WAV);
        assertEquals(0, r.exit(), r.toString());
        String[] blocks = r.out().split("\n\n");
        List<String> words = blocks[0].lines().toList();
        assertEquals(List.of("the", "wharf", "could", "be", "seen", "at", "the", "farther", "shore"), words.stream().map(l -> l.split(" ")[4]).toList());
        double end = 0;
        for (String l : words) {
            String[] f = l.split(" ");
            assertEquals("SX128", f[0]);
            double start = Double.parseDouble(f[2]), dur = Double.parseDouble(f[3]);
            assertTrue(start >= end - 1e-9 && dur > 0, l);
            end = start + dur;
        }
        // every word starts within 50 ms of where the synthesiser put it (the corpus's .WRD, in samples at 16 kHz)
        List<String> ref = Files.readAllLines(Path.of(WAV.replace(".WAV", ".WRD")));
        for (int i = 0; i < ref.size(); i++)
            assertEquals(Integer.parseInt(ref.get(i).split(" ")[0]) / 16000.0, Double.parseDouble(words.get(i).split(" ")[2]), 0.05, words.get(i));
        assertTrue(blocks[1].lines().anyMatch(l -> l.endsWith(" sil")), "phones include the silences: " + blocks[1]);
        CliRun oov = CliRun.of("align", "--model", "models/harvard-lstmp", "--text", "the wharf zyxxyq", WAV);
        assertEquals(2, oov.exit(), oov.toString());
        assertTrue(oov.err().contains("not in the lexicon: zyxxyq"), oov.toString());
    }

    @Test
    void decodeWordsScoresAsSclite(@TempDir Path out) throws IOException {
        CliRun r = CliRun.of("decode", "--model", model.toString(), "--corpus", "data/demo-corpus", "--words", "--lexicon", LEXICON,
                "--word-lm", LM, "--out", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("%WER "), r.toString());
        assertTrue(r.out().contains("PER "), "phones are scored beside the words: " + r);
        CliRun two = CliRun.of("decode", "--model", model.toString(), "--corpus", "data/demo-corpus", "--words", "--lexicon", LEXICON,
                "--word-lm", LM, "--rescore-lm", LM);
        assertEquals(0, two.exit(), two.toString());
        assertTrue(two.out().contains("rescored with a 2-gram LM of 11 words"), two.toString());
        assertEquals(werLine(r.out()), werLine(two.out()), "rescoring with the first pass's LM: the same hypotheses");
        // most reference words of the demo TEST split are outside the nine-word vocabulary, and counted so
        assertTrue(r.out().matches("(?s).*OOV [0-9.]+% of reference words.*"), r.toString());
        List<String> hyp = Files.readAllLines(out.resolve("words/hyp.trn")), ref = Files.readAllLines(out.resolve("words/ref.trn"));
        assertEquals(32, hyp.size());
        assertEquals(32, ref.size());
        assertTrue(ref.stream().anyMatch(l -> l.startsWith("the wharf could be seen at the farther shore (MBLS0-")), ref.toString());
    }

    private static String werLine(String out) {
        return out.lines().filter(l -> l.startsWith("%WER")).findFirst().orElse("(no %WER line)");
    }
}
