package carousel.speech.corpus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The synthetic corpus shipped in {@code data/demo-corpus} (see its README): it must enumerate, every
 * {@code .PHN} must cover its audio exactly, every phone must fold, and the frame targets must have as
 * many frames as Kaldi features of the audio. Fails (does not skip) when the corpus is missing.
 */
class DemoCorpusTest {

    static final Path DEMO = Path.of("data", "demo-corpus");

    static TimitCorpus corpus;
    static CorpusScan scan;

    @BeforeAll
    static void open() throws IOException {
        assertTrue(Files.isDirectory(DEMO), "the shipped demo corpus is missing: " + DEMO.toAbsolutePath());
        corpus = TimitCorpus.open(DEMO);
        // exact coverage: the generator ends the last h# at the WAV length
        scan = corpus.scan(new ScanOptions(PhoneSet.TIMIT_61, 16000, 0));
    }

    @Test
    void enumeratesAllSpeakersAndUtterances() {
        assertEquals(96, corpus.utterances(Split.TRAIN).size());
        assertEquals(32, corpus.utterances(Split.TEST).size());
        assertEquals(12, corpus.speakers(Split.TRAIN).size());
        assertEquals(4, corpus.speakers(Split.TEST).size());
        assertTrue(corpus.layoutProblems().isEmpty(), corpus.layoutProblems().toString());
        assertFalse(corpus.isRealTimit());
        assertEquals(corpus.utterances(Split.TEST), corpus.testSet());
        assertEquals(List.of(), corpus.devSet());
        for (Utterance u : corpus.utterances()) {
            assertTrue(u.sentence().startsWith("SX"), u.id());
            assertTrue(u.wrd().isPresent() && u.txt().isPresent(), u.id());
        }
    }

    @Test
    void everyAlignmentCoversItsAudio() {
        assertEquals(List.of(), scan.problems());
        assertEquals("done 128 of 128 utterances", scan.summary());
    }

    @Test
    void sampleCountsAgreeWithFileSizesAndTranscripts() throws IOException {
        for (ScannedUtterance g : scan.good()) {
            // 16-bit mono: the data chunk is the file minus a 44-byte canonical header
            assertEquals(Files.size(g.utterance().wav()) - 44, 2 * g.numSamples(), g.utterance().id());
            // .TXT is "0 <num_samples> Sentence."
            String[] txt = Files.readString(g.utterance().txt().orElseThrow()).strip().split(" ", 3);
            assertEquals(Long.toString(g.numSamples()), txt[1], g.utterance().id());
        }
    }

    @Test
    void framesTargetsMatchKaldiFrameCountsInEveryPhoneSet() throws CorpusFormatException {
        PhoneMap to61 = PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_61);
        PhoneMap to48 = PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_48);
        PhoneMap to39 = PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_39);
        for (ScannedUtterance g : scan.good()) {
            int frames = (int) (1 + (g.numSamples() - 400) / 160);
            int[] p61 = g.phoneTargets(to61, FrameGeometry.KALDI_16K);
            int[] p39 = g.phoneTargets(to39, FrameGeometry.KALDI_16K);
            int[] s48 = g.stateTargets(to48, FrameGeometry.KALDI_16K);
            assertEquals(frames, p61.length, g.utterance().id());
            assertEquals(frames, p39.length, g.utterance().id());
            assertEquals(frames, s48.length, g.utterance().id());
            int[] p39via61 = new int[frames];
            for (int i = 0; i < frames; i++) {
                p39via61[i] = PhoneSet.TIMIT_39.index(to39.map(PhoneSet.TIMIT_61.symbol(p61[i])).orElseThrow());
                assertTrue(s48[i] >= 0 && s48[i] < 48 * 3);
            }
            assertArrayEquals(p39via61, p39, g.utterance().id());
            int sil = PhoneSet.TIMIT_39.index("sil");
            assertEquals(sil, p39[0], g.utterance().id() + " starts with h#");
            assertEquals(sil, p39[frames - 1], g.utterance().id() + " ends with h#");
        }
    }

    @Test
    void statisticsReport() {
        CorpusStats stats = CorpusStats.of(corpus, scan);
        assertEquals(128, stats.totalUtterances());
        assertEquals(16, stats.totalSpeakers());
        assertEquals(357.08 / 3600, stats.hours(), 0.01 / 3600);
        assertEquals(3490, stats.totalPhones());
        assertEquals(256, stats.phoneCounts().get("h#"));
        assertTrue(stats.unusedInventory().contains("q"));
        String report = stats.report();
        assertTrue(report.contains("TRAIN          96        12     0.075"), report);
        assertTrue(report.contains("done 128 of 128 utterances"), report);
        assertTrue(report.contains("problems: 0"), report);
    }
}
