package carousel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.io.Json;
import carousel.speech.audio.AudioReader;
import carousel.speech.corpus.FrameGeometry;
import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.corpus.ScanOptions;
import carousel.speech.corpus.ScannedUtterance;
import carousel.speech.corpus.Split;
import carousel.speech.corpus.TimitCorpus;
import carousel.speech.feature.Fbank;
import carousel.speech.feature.FbankOptions;
import carousel.speech.kaldi.FloatMatrix;
import carousel.speech.kaldi.KaldiScp;
import carousel.speech.kaldi.ScpEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carousel features corpus} on the TEST split of the shipped demo corpus (32 utterances) and on broken copies. */
class FeaturesCorpusCommandTest {

    static final Path DEMO = Path.of("data", "demo-corpus");

    @TempDir
    Path tmp;

    @Test
    void testSplitGivesFeaturesAndTargetsOfEqualLengthInCorpusOrder() throws IOException {
        Path out = tmp.resolve("test");
        CliRun r = CliRun.of("features", "corpus", "--corpus", DEMO.toString(), "--out-dir", out.toString(),
                "--split", "test", "--targets", "phones39", "--jobs", "2");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("done 32 of 32 utterances"), r.err());
        assertTrue(r.err().contains("features: 32/32 utterances (100%)"), r.err());   // the progress bar's last line in a log

        TimitCorpus corpus = TimitCorpus.open(DEMO);
        List<ScannedUtterance> test = corpus.scan(ScanOptions.DEFAULT).good(Split.TEST);
        List<ScpEntry> feats = KaldiScp.read(out.resolve("feats.scp"));
        Map<String, ScpEntry> targets = KaldiScp.index(out.resolve("targets.scp"));
        assertEquals(test.stream().map(u -> u.utterance().id()).toList(), feats.stream().map(ScpEntry::key).toList());
        assertEquals(32, targets.size());
        PhoneMap to39 = PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_39);
        Fbank fbank = new Fbank(FbankOptions.defaults());
        long frames = 0;
        for (int i = 0; i < test.size(); i++) {
            ScannedUtterance u = test.get(i);
            FloatMatrix f = KaldiScp.readMatrix(feats.get(i));
            int[] y = KaldiScp.readIntVector(targets.get(u.utterance().id()));
            assertEquals(23, f.cols());
            assertEquals(FrameGeometry.KALDI_16K.numFrames(u.numSamples()), f.rows(), u.utterance().id());
            assertEquals(f.rows(), y.length, u.utterance().id() + ": features and targets differ in length");
            assertArrayEquals(u.phoneTargets(to39, FrameGeometry.KALDI_16K), y, u.utterance().id());
            for (int label : y) assertTrue(label >= 0 && label < 39, u.utterance().id() + ": label " + label);
            frames += f.rows();
            if (i % 8 == 0)
                assertArrayEquals(fbank.compute(AudioReader.read(u.utterance().wav())).data(), f.data(), u.utterance().id());
        }
        List<String> utt2spk = Files.readAllLines(out.resolve("utt2spk"));
        assertEquals(32, utt2spk.size());
        assertEquals(test.getFirst().utterance().id() + " " + test.getFirst().utterance().speaker(), utt2spk.getFirst());

        Map<String, Object> info = Json.readObject(out.resolve("info.json"));
        assertEquals(32L, info.get("utterances_written"));
        assertEquals(32L, info.get("utterances_attempted"));
        assertEquals(frames, info.get("frames"));
        assertEquals(39L, info.get("num_classes"));
        assertEquals("timit39", info.get("phone_set"));
        assertEquals(23L, info.get("feature_dim"));
        assertEquals(PhoneSet.TIMIT_39.symbols(), info.get("phones"));
    }

    @Test
    void statesRefineThePhones48TargetsAndDeltasTripleTheDimension() throws IOException {
        Path phones = tmp.resolve("phones");
        Path states = tmp.resolve("states");
        CliRun a = CliRun.of("features", "corpus", "--corpus", DEMO.toString(), "--out-dir", phones.toString(), "--split", "test");
        CliRun b = CliRun.of("features", "corpus", "--corpus", DEMO.toString(), "--out-dir", states.toString(), "--split", "test",
                "--kind", "mfcc", "--targets", "states", "--add-deltas", "--cmvn=mean", "--num-ceps=20");
        assertEquals(0, a.exit(), a.toString());
        assertEquals(0, b.exit(), b.toString());
        Map<String, ScpEntry> p = KaldiScp.index(phones.resolve("targets.scp"));
        Map<String, ScpEntry> s = KaldiScp.index(states.resolve("targets.scp"));
        Map<String, ScpEntry> f = KaldiScp.index(states.resolve("feats.scp"));
        assertEquals(p.keySet(), s.keySet());
        boolean sawMiddleState = false;
        for (String key : p.keySet()) {
            int[] y48 = KaldiScp.readIntVector(p.get(key));
            int[] y144 = KaldiScp.readIntVector(s.get(key));
            assertEquals(y48.length, y144.length, key);
            assertEquals(y144.length, KaldiScp.readMatrix(f.get(key)).rows(), key);
            assertEquals(60, KaldiScp.readMatrix(f.get(key)).cols(), key);
            for (int t = 0; t < y48.length; t++) {
                assertEquals(y48[t], y144[t] / 3, key + " frame " + t);
                sawMiddleState |= y144[t] % 3 == 1;
            }
        }
        assertTrue(sawMiddleState);
        Map<String, Object> info = Json.readObject(states.resolve("info.json"));
        assertEquals(144L, info.get("num_classes"));
        assertEquals("mean", info.get("cmvn"));
        assertTrue(((List<?>) info.get("kaldi_options")).contains("--num-ceps=20"), info.toString());
    }

    @Test
    void aBrokenUtteranceIsWarnedAboutAndSkipped() throws IOException {
        Path corpus = copySpeaker(tmp.resolve("corpus"), "SX128", "SX286");
        Path bad = corpus.resolve("TEST/DR3/MBLS0/SX286.WAV");
        Files.write(bad, new byte[]{'R', 'I', 'F', 'F', 1, 2, 3});
        Path out = tmp.resolve("out");
        CliRun r = CliRun.of("features", "corpus", "--corpus", corpus.toString(), "--out-dir", out.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("warning: MBLS0_SX286") && l.contains(bad.toString())), r.err());
        assertTrue(r.err().contains("done 1 of 2 utterances"), r.err());
        assertEquals(List.of("MBLS0_SX128"), KaldiScp.read(out.resolve("feats.scp")).stream().map(ScpEntry::key).toList());

        Files.write(corpus.resolve("TEST/DR3/MBLS0/SX128.WAV"), new byte[]{'R', 'I', 'F', 'F', 1, 2, 3});
        CliRun none = CliRun.of("features", "corpus", "--corpus", corpus.toString(), "--out-dir", out.toString());
        assertEquals(1, none.exit(), none.toString());
        assertTrue(none.err().contains("done 0 of 2 utterances"), none.err());
    }

    @Test
    void badOptionsAndBadCorporaAreErrors() {
        String outDir = tmp.resolve("x").toString();
        CliRun snip = CliRun.of("features", "corpus", "--corpus", DEMO.toString(), "--out-dir", outDir, "--snip-edges=false");
        assertEquals(2, snip.exit(), snip.toString());
        assertTrue(snip.err().contains("--snip-edges"), snip.err());
        CliRun unknown = CliRun.of("features", "corpus", "--corpus", DEMO.toString(), "--out-dir", outDir, "--num-mel-binz=40");
        assertEquals(2, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("--num-mel-binz"), unknown.err());
        CliRun targets = CliRun.of("features", "corpus", "--corpus", DEMO.toString(), "--out-dir", outDir, "--targets", "phones40");
        assertEquals(2, targets.exit(), targets.toString());
        assertTrue(targets.err().contains("phones40"), targets.err());
        CliRun missing = CliRun.of("features", "corpus", "--out-dir", outDir);
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("--corpus"), missing.err());
        Path notCorpus = tmp.resolve("empty");
        CliRun bad = CliRun.of("features", "corpus", "--corpus", tmp.toString(), "--out-dir", notCorpus.toString());
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains(tmp.toString()) && bad.err().contains("TRAIN or TEST"), bad.err());
    }

    /** A corpus of one TEST speaker with the given sentences copied from the demo corpus. */
    static Path copySpeaker(Path root, String... sentences) throws IOException {
        Path dir = Files.createDirectories(root.resolve("TEST/DR3/MBLS0"));
        for (String s : sentences)
            for (String ext : List.of("WAV", "PHN", "WRD", "TXT"))
                Files.copy(DEMO.resolve("TEST/DR3/MBLS0/" + s + "." + ext), dir.resolve(s + "." + ext));
        return root;
    }
}
