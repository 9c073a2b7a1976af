package carousel.cli;

import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of issue 15, each ending in exactly one line {@code carousel CMD: FILE[:LINE]: problem}
 * and exit status 2 (bad input), or exit status 1 and "internal error" (a bug); the stack trace only
 * with {@code --debug}.
 */
class ErrorPathTest {
    static final Path FIXTURE = Path.of("src/test/resources/fixtures/torch/lstmp-2layer");
    static final Path INPUT = FIXTURE.resolve("input.npy");

    @TempDir Path tmp;

    private static void badInput(String expectedLine, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(2, r.exit(), r.toString());
        assertEquals(expectedLine + "\n", r.err().replaceAll("(?m)^WARNING.*\\n", ""), r.toString());
    }

    private Path model(String key, String value) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(key + value));
        Files.copy(FIXTURE.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve("config.json"), Files.readString(FIXTURE.resolve("config.json"))
                .replaceFirst("\"" + key + "\": *[0-9]+", "\"" + key + "\": " + value));
        return dir;
    }

    @Test
    void mutatedModelDirectoriesAreRefusedAtOnce() throws IOException {
        Path out = tmp.resolve("y.npy");
        Path layers = model("num_layers", "2147483647");
        badInput("carousel forward: " + layers.resolve("config.json") + ": num_layers 2147483647 exceeds the limit of 64",
                "forward", "--model", layers.toString(), "--input", INPUT.toString(), "--output", out.toString());
        Path hidden = model("hidden_size", "100000000");
        badInput("carousel forward: " + hidden.resolve("config.json") + ": hidden_size 100000000 exceeds the limit of 65536",
                "forward", "--model", hidden.toString(), "--input", INPUT.toString(), "--output", out.toString());
        Path disagree = model("hidden_size", "30000");
        badInput("carousel forward: " + disagree.resolve("model.safetensors") + ": tensor \"lstm.weight_ih_l0\" has shape [32, 4], the model of config.json needs [120000, 4]",
                "forward", "--model", disagree.toString(), "--input", INPUT.toString(), "--output", out.toString());
        badInput("carousel forward: " + tmp.resolve("config.json") + ": a model directory needs config.json",
                "forward", "--model", tmp.toString(), "--input", INPUT.toString(), "--output", out.toString());
    }

    @Test
    void directoriesMissingFilesAndNaNInputAreNamed() throws IOException {
        Path out = tmp.resolve("y.npy");
        badInput("carousel forward: " + tmp + ": is a directory, not a file",
                "forward", "--model", FIXTURE.toString(), "--input", tmp.toString(), "--output", out.toString());
        badInput("carousel forward: " + tmp.resolve("nope.npy") + ": no such file",
                "forward", "--model", FIXTURE.toString(), "--input", tmp.resolve("nope.npy").toString(), "--output", out.toString());
        carousel.io.NpyArray x = carousel.io.Npy.readFloat(INPUT);
        float[] d = x.data().clone();
        d[2 * x.dim(1) * x.dim(2) + 1] = Float.NaN; // frame 2, batch 0, feature 1
        Path nan = tmp.resolve("nan.npy");
        carousel.io.Npy.write(nan, new carousel.io.NpyArray(x.shape(), d));
        badInput("carousel forward: " + nan + ": non-finite value NaN at frame 2, batch 0, feature 1 (the first one)",
                "forward", "--model", FIXTURE.toString(), "--input", nan.toString(), "--output", out.toString());
        assertFalse(Files.exists(out));
        badInput("carousel features fbank: " + tmp + ": is a directory, not a file", "features", "fbank", tmp.toString(), out.toString());
        badInput("carousel features fbank: --frame-shift and --frame-length must be at most 1000.0 ms, got 10.0 and 1.0E9 ms",
                "features", "fbank", "--frame-length=1000000000", "data/demo-corpus/TEST/DR3/MBLS0/SX128.WAV", out.toString());
    }

    @Test
    void textIsDecodedStrictlyWithFileAndLine() throws IOException {
        Path ref = Files.writeString(tmp.resolve("ref.txt"), "A_1 h# b h#\nA_2 h# d h#\n");
        Path latin1 = Files.write(tmp.resolve("hyp.txt"), "A_1 h# b h#\nA_2 h# d\u00e9 h#\n".getBytes(StandardCharsets.ISO_8859_1));
        badInput("carousel score: " + latin1 + ":2: byte 0xe9 at column 9 is not valid UTF-8", "score", "--ref", ref.toString(), "--hyp", latin1.toString());
        Path control = Files.writeString(tmp.resolve("ctl.txt"), "A_1 h# b\u0001 h#\n");
        badInput("carousel score: " + control + ":1: control character U+0001 at column 9", "score", "--ref", ref.toString(), "--hyp", control.toString());
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
        badInput("carousel score: " + empty + ": no hypotheses: the file has no 'utt-id phone ...' line", "score", "--ref", ref.toString(), "--hyp", empty.toString());
        badInput("carousel score: " + tmp + ": is a directory, not a file",
                "score", "--ref", ref.toString(), "--hyp", tmp.toString());
    }

    @Test
    void anUnknownReferencePhoneIsReportedOnItsOwnLine() throws IOException {
        Path corpus = FeaturesCorpusCommandTest.copySpeaker(tmp.resolve("c"), "SX128");
        Path phn = corpus.resolve("TEST/DR3/MBLS0/SX128.PHN");
        var lines = new java.util.ArrayList<>(Files.readAllLines(phn));
        lines.set(2, lines.get(2).replaceFirst("\\S+$", "zz"));
        Files.write(phn, lines);
        Path hyp = Files.writeString(tmp.resolve("hyp.txt"), "MBLS0_SX128 sil\n");
        badInput("carousel score: " + phn + ":3: unknown phone 'zz' for map 61-39", "score", "--ref", corpus.toString(), "--hyp", hyp.toString());
        Files.write(phn, "0 100 h\u0007#\n".getBytes(StandardCharsets.ISO_8859_1));
        badInput("carousel score: MBLS0_SX128: " + phn + ":1: control character U+0007 at column 8", "score", "--ref", corpus.toString(), "--hyp", hyp.toString());
    }

    /** A small acoustic model directory (untrained weights) of the given network and frame context. */
    private Path acousticModel(ModelConfig net, int context) throws IOException {
        int D = 40, C = TargetSet.STATES.numClasses();
        float[] mean = new float[D], std = new float[D], priors = new float[C];
        Arrays.fill(std, 1f);
        Arrays.fill(priors, (float) -Math.log(C));
        AmConfig am = new AmConfig(FeaturePipeline.fbank40().withNormalization(new FeaturePipeline.Normalization(mean, std)).withContext(context, context), TargetSet.STATES, 0, priors);
        SequenceModel m = new SequenceModel(net, DType.F32);
        m.initialize(new Rng(1));
        Path dir = tmp.resolve(net.cell().configName() + context);
        new AcousticModel(m, am).save(dir, Map.of());
        return dir;
    }

    @Test
    void decodeChecksItsLmAndStreamingBeforeComputingFeatures() throws IOException {
        int C = TargetSet.STATES.numClasses();
        Path lstm = acousticModel(ModelConfig.lstm(40, 8, 1, 0, false, C), 0);
        Path arpa = Files.write(tmp.resolve("lm.arpa"), "\\data\\\nngram 1=3\n\\1-grams:\n-1 caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRun r = CliRun.of("decode", "--model", lstm.toString(), "--corpus", "data/demo-corpus", "--lm", arpa.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().endsWith("carousel decode: " + arpa + ":4: byte 0xe9 at column 7 is not valid UTF-8\n"), r.toString());
        assertFalse(r.err().contains("done"), "no features before the LM is read: " + r);
        Path dnn = acousticModel(ModelConfig.dnn(40 * 3, 8, 1, carousel.tensor.Activation.RELU, C), 1);
        r = CliRun.of("decode", "--model", dnn.toString(), "--corpus", "data/demo-corpus", "--streaming");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().endsWith("carousel decode: streaming decoding needs a recurrent model without stacked frames; this model reads 3 stacked frames (decode it whole, without --streaming)\n"), r.toString());
        assertFalse(r.err().contains("done"), "no features before --streaming is checked: " + r);
    }

    @Test
    void internalErrorsExitOneAndTracesNeedDebug() throws IOException {
        StringWriter s = new StringWriter();
        assertEquals(1, Main.report(new IllegalStateException("broken invariant"), "carousel x", new PrintWriter(s), false));
        assertEquals("carousel x: internal error: IllegalStateException: broken invariant (run with --debug for the stack trace)\n", s.toString());
        s = new StringWriter();
        assertEquals(2, Main.report(new java.util.concurrent.ExecutionException(new carousel.io.FormatException("f.npy", "bad")), "carousel x", new PrintWriter(s), false));
        assertEquals("carousel x: f.npy: bad\n", s.toString());
        s = new StringWriter();
        assertEquals(1, Main.report(new OutOfMemoryError("Java heap space"), "carousel x", new PrintWriter(s), false));
        assertEquals("carousel x: internal error: out of memory (Java heap space); give Java more heap with CAROUSEL_JAVA_OPTS=-Xmx..."
                + " (run with --debug for the stack trace)\n", s.toString());
        Path layers = model("num_layers", "99");
        CliRun r = CliRun.of("forward", "--debug", "--model", layers.toString(), "--input", INPUT.toString(), "--output", tmp.resolve("y.npy").toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("\tat carousel.model.ModelFiles"), r.toString());
        assertTrue(r.err().endsWith("carousel forward: " + layers.resolve("config.json") + ": num_layers 99 exceeds the limit of 64\n"), r.toString());
    }
}
