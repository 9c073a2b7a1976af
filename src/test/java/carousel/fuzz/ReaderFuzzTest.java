package carousel.fuzz;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.io.Npy;
import carousel.io.NpyArray;
import carousel.io.SafeTensors;
import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.speech.am.AmConfig;
import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Waveform;
import carousel.speech.corpus.PhoneAlignment;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.decode.PhoneBigram;
import carousel.speech.kaldi.ArkReader;
import carousel.speech.kaldi.FloatMatrix;
import carousel.speech.kaldi.KaldiScp;
import carousel.speech.score.Transcripts;
import carousel.tensor.DType;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jazzer fuzz tests of every file reader (issue 15; word LMs and lexicons included): whatever the bytes, a reader either returns
 * self-consistent content or throws {@link FormatException} (the one base of every reader's error);
 * any other exception, an {@link OutOfMemoryError} under the fuzzing heap cap, or an input running past
 * the per-input timeout is a finding. The default test run replays the seed and regression inputs under
 * {@code src/test/resources/carousel/fuzz/ReaderFuzzTestInputs/METHOD/}; {@code -Pfuzz} (see
 * {@code scripts/fuzz.sh}) fuzzes one method for a set time, and each finding, once fixed, is kept there
 * as a regression input.
 */
class ReaderFuzzTest {

    /** One scratch directory per JVM for the readers that take a path. */
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("carousel-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DIR.toFile().deleteOnExit();
    }

    /** Writes {@code bytes} to {@code name} in the scratch directory. */
    private static Path file(String name, byte[] bytes) throws IOException {
        return Files.write(DIR.resolve(name), bytes);
    }

    /** Runs a read; a FormatException is the expected answer to bad bytes, anything else propagates. */
    private interface Read {
        void run() throws IOException;
    }

    private static void expectOnlyFormatErrors(Read read) throws IOException {
        try {
            read.run();
        } catch (FormatException expected) {
            assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
        }
    }

    @FuzzTest
    void wav(byte[] bytes) throws IOException {
        // WAV and NIST SPHERE share one entry point that tells them apart by their magic
        expectOnlyFormatErrors(() -> {
            Waveform w = AudioReader.read(bytes, "fuzz.wav", 0);
            assertTrue(w.samples().length <= bytes.length, "more samples than bytes");
        });
        expectOnlyFormatErrors(() -> AudioReader.read(file("fuzz.wav", bytes)));
    }

    @FuzzTest
    void npy(byte[] bytes) throws IOException {
        expectOnlyFormatErrors(() -> {
            NpyArray a = Npy.readFloat(bytes, "fuzz.npy");
            long n = 1;
            for (int d : a.shape()) n *= d;
            assertEquals(n, a.data().length);
        });
        expectOnlyFormatErrors(() -> Npy.readInt(bytes, "fuzz.npy"));
    }

    @FuzzTest
    void safetensors(byte[] bytes) throws IOException {
        expectOnlyFormatErrors(() -> SafeTensors.read(bytes, "fuzz.safetensors"));
    }

    @FuzzTest
    void configJson(byte[] bytes) throws IOException {
        expectOnlyFormatErrors(() -> ModelFiles.fromJson(Json.parseObject(new String(bytes, StandardCharsets.UTF_8), "config.json"), "config.json"));
    }

    /** A whole model directory: config.json and model.safetensors from one input, loaded and run on one frame. */
    @FuzzTest
    void modelDirectory(FuzzedDataProvider data) throws IOException {
        Path dir = Files.createDirectories(DIR.resolve("model"));
        Files.writeString(dir.resolve(ModelFiles.CONFIG), data.consumeString(400));
        Files.write(dir.resolve(ModelFiles.WEIGHTS), data.consumeRemainingAsBytes());
        expectOnlyFormatErrors(() -> {
            SequenceModel m = ModelFiles.load(dir, DType.F32);
            m.forward(m.newCache(), carousel.tensor.Tensor.wrap(new float[m.config().inputSize()], 1, 1, m.config().inputSize()), 1, 1, null, null);
        });
    }

    @FuzzTest
    void amJson(byte[] bytes) throws IOException {
        expectOnlyFormatErrors(() -> AmConfig.fromJson(Json.parseObject(new String(bytes, StandardCharsets.UTF_8), "am.json"), "am.json"));
    }

    @FuzzTest
    void kaldiArk(byte[] bytes) throws IOException {
        Path ark = file("fuzz.ark", bytes);
        expectOnlyFormatErrors(() -> {
            for (Map.Entry<String, FloatMatrix> e : ArkReader.readMatrices(ark).entrySet())
                assertEquals((long) e.getValue().rows() * e.getValue().cols(), e.getValue().data().length);
        });
        expectOnlyFormatErrors(() -> ArkReader.readIntVectors(ark));
    }

    @FuzzTest
    void kaldiScp(byte[] bytes) throws IOException {
        Path scp = file("fuzz.scp", bytes);
        expectOnlyFormatErrors(() -> KaldiScp.read(scp));
    }

    @FuzzTest
    void phn(byte[] bytes) throws IOException {
        Path phn = file("fuzz.PHN", bytes);
        expectOnlyFormatErrors(() -> PhoneAlignment.read(phn, "FUZZ0_SX1"));
        // .WRD files have the .PHN layout with words for labels
        expectOnlyFormatErrors(() -> Transcripts.fromWordAlignment(phn, "FUZZ0_SX1"));
    }

    @FuzzTest
    void arpa(byte[] bytes) throws IOException {
        Path lm = file("fuzz.arpa", bytes);
        expectOnlyFormatErrors(() -> PhoneBigram.load(lm, PhoneSet.TIMIT_48));
    }

    @FuzzTest
    void ngramLm(byte[] bytes) throws IOException {
        Path lm = file("fuzz-words.arpa", bytes);
        expectOnlyFormatErrors(() -> carousel.speech.lm.NgramLm.read(lm));
    }

    @FuzzTest
    void lexicon(byte[] bytes) throws IOException {
        Path dict = file("fuzz.dict", bytes);
        expectOnlyFormatErrors(() -> carousel.speech.lexicon.Lexicon.readCmu(dict));
        for (carousel.speech.lexicon.LexiconFormat f : carousel.speech.lexicon.LexiconFormat.values())
            expectOnlyFormatErrors(() -> carousel.speech.lexicon.Lexicon.read(dict, f, carousel.speech.lexicon.PhoneBridge.CMU_39));
    }

    @FuzzTest
    void transcripts(byte[] bytes) throws IOException {
        Path t = file("fuzz.txt", bytes);
        expectOnlyFormatErrors(() -> Transcripts.read(t));
        expectOnlyFormatErrors(() -> Transcripts.readUtt2spk(t));
        expectOnlyFormatErrors(() -> Transcripts.readTrn(t));
    }
}
