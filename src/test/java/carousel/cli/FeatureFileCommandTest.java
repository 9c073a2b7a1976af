package carousel.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.io.Npy;
import carousel.io.NpyArray;
import carousel.speech.audio.AudioReader;
import carousel.speech.feature.CmvnStats;
import carousel.speech.feature.DeltaOptions;
import carousel.speech.feature.Deltas;
import carousel.speech.feature.Fbank;
import carousel.speech.feature.FbankOptions;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.Mfcc;
import carousel.speech.feature.MfccOptions;
import carousel.speech.kaldi.ArkReader;
import carousel.speech.kaldi.FloatMatrix;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code carousel features fbank|mfcc} on a file of the shipped demo corpus, read back and compared with the library. */
class FeatureFileCommandTest {

    static final Path WAV = Path.of("data", "demo-corpus", "TEST", "DR3", "MBLS0", "SX128.WAV");

    @TempDir
    Path tmp;

    @Test
    void fbankNpyEqualsTheLibrarysFbank() throws IOException {
        assertTrue(Files.isRegularFile(WAV), "the shipped demo corpus is missing: " + WAV.toAbsolutePath());
        Path out = tmp.resolve("a.npy");
        CliRun r = CliRun.of("features", "fbank", "--num-mel-bins=40", WAV.toString(), out.toString());
        assertEquals(0, r.exit(), r.toString());
        FeatureMatrix expected = new Fbank(FbankOptions.parse("--num-mel-bins=40")).compute(AudioReader.read(WAV));
        NpyArray got = Npy.readFloat(out);
        assertArrayEquals(new int[]{expected.numFrames(), 40}, got.shape());
        assertTrue(expected.numFrames() > 100, "a sentence gives hundreds of frames, got " + expected.numFrames());
        assertArrayEquals(expected.data(), got.data());
        assertTrue(r.err().contains("wrote " + out + ": " + expected.numFrames() + " frames × 40"), r.err());
    }

    @Test
    void mfccArkWithMeanVarianceCmvnAndDeltas() throws IOException {
        Path out = tmp.resolve("a.ark");
        CliRun r = CliRun.of("features", "mfcc", "--cmvn=meanvar", "--add-deltas", WAV.toString(), out.toString());
        assertEquals(0, r.exit(), r.toString());
        Map<String, FloatMatrix> ark = ArkReader.readMatrices(out);
        assertEquals(List.of("SX128"), List.copyOf(ark.keySet()));
        FloatMatrix m = ark.get("SX128");
        assertEquals(39, m.cols());
        FeatureMatrix mfcc = new Mfcc(MfccOptions.defaults()).compute(AudioReader.read(WAV));
        FeatureMatrix expected = new Deltas(DeltaOptions.defaults()).apply(CmvnStats.normalizeUtterance(mfcc, true));
        assertEquals(mfcc.numFrames(), m.rows());
        assertArrayEquals(expected.data(), m.data());
        // the static part is normalised: mean 0, variance 1 per dimension
        for (int d = 0; d < 13; d++) {
            double sum = 0, sq = 0;
            for (int t = 0; t < m.rows(); t++) {
                sum += m.get(t, d);
                sq += m.get(t, d) * (double) m.get(t, d);
            }
            double mean = sum / m.rows();
            assertEquals(0, mean, 1e-4, "mean of dim " + d);
            assertEquals(1, sq / m.rows() - mean * mean, 1e-3, "variance of dim " + d);
        }
    }

    @Test
    void textArchiveFromTheExtensionOrFromFormat() throws IOException {
        Path bin = tmp.resolve("b.ark");
        Path txt = tmp.resolve("t.ark.txt");
        Path named = tmp.resolve("t.feats");
        assertEquals(0, CliRun.of("features", "fbank", WAV.toString(), bin.toString()).exit());
        assertEquals(0, CliRun.of("features", "fbank", WAV.toString(), txt.toString()).exit());
        CliRun r = CliRun.of("features", "fbank", "--format", "text-ark", "--key", "utt1", WAV.toString(), named.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.readString(txt, StandardCharsets.UTF_8).startsWith("SX128  ["));
        assertTrue(Files.readString(named, StandardCharsets.UTF_8).startsWith("utt1  ["));
        assertEquals(ArkReader.readMatrices(bin).get("SX128"), ArkReader.readMatrices(txt).get("SX128"));
        assertEquals(ArkReader.readMatrices(bin).get("SX128"), ArkReader.readMatrices(named).get("utt1"));
        assertEquals(23, ArkReader.readMatrices(bin).get("SX128").cols());
    }

    @Test
    void helpListsKaldiDefaultsThatAreTheLibrarysDefaults() {
        CommandLine features = new CommandLine(new Main()).getSubcommands().get("features");
        for (String name : List.of("fbank", "mfcc")) {
            String footer = String.join("\n", features.getSubcommands().get(name).getCommandSpec().usageMessage().footer());
            List<String> listed = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^\\s+(--[a-z-]+=\\S+)").matcher(footer);
            while (m.find()) listed.add(m.group(1));
            assertTrue(listed.size() >= 10, name + ": " + listed);
            assertTrue(listed.contains("--dither=0") && footer.contains("1.0"), footer);
            for (String opt : listed) {
                Object parsed = name.equals("fbank") ? FbankOptions.parse(opt) : MfccOptions.parse(opt);
                Object defaults = name.equals("fbank") ? FbankOptions.defaults() : MfccOptions.defaults();
                assertEquals(defaults, parsed, name + " --help says the default is " + opt);
            }
        }
        CliRun help = CliRun.of("features", "fbank", "--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("Example: carousel features fbank") && help.out().contains("--num-mel-bins=23"), help.out());
    }

    @Test
    void unknownOrBadKaldiOptionsAreUsageErrorsNamingTheOption() {
        Path out = tmp.resolve("x.npy");
        CliRun r = CliRun.of("features", "fbank", "--num-mel-binz=40", WAV.toString(), out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("unknown option --num-mel-binz") && r.err().contains("--num-mel-bins"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        CliRun bad = CliRun.of("features", "mfcc", "--num-ceps=abc", WAV.toString(), out.toString());
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("--num-ceps"), bad.err());
        CliRun cmvn = CliRun.of("features", "fbank", "--cmvn=median", WAV.toString(), out.toString());
        assertEquals(2, cmvn.exit(), cmvn.toString());
        assertTrue(cmvn.err().contains("median"), cmvn.err());
        CliRun ext = CliRun.of("features", "fbank", WAV.toString(), tmp.resolve("x.bin").toString());
        assertEquals(2, ext.exit(), ext.toString());
        assertTrue(ext.err().contains("x.bin") && ext.err().contains("--format"), ext.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void badOrMissingAudioIsAnErrorNamingTheFile() throws IOException {
        Path garbage = tmp.resolve("garbage.wav");
        Files.writeString(garbage, "this is not audio at all, but long enough to have a header");
        Path out = tmp.resolve("x.npy");
        CliRun r = CliRun.of("features", "fbank", garbage.toString(), out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains(garbage.toString()), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        Path missing = tmp.resolve("missing.wav");
        CliRun m = CliRun.of("features", "mfcc", missing.toString(), out.toString());
        assertEquals(2, m.exit(), m.toString());
        assertTrue(m.err().contains(missing.toString()) && m.err().contains("no such file"), m.err());
        CliRun rate = CliRun.of("features", "fbank", "--sample-frequency=8000", WAV.toString(), out.toString());
        assertEquals(2, rate.exit(), rate.toString());
        assertTrue(rate.err().contains(WAV.toString()) && rate.err().contains("16000"), rate.err());
        assertFalse(Files.exists(out));
    }
}
