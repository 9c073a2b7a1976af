package carousel.cli;

import carousel.speech.am.AcousticModel;
import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Waveform;
import carousel.speech.decode.HmmTopology;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.recognize.Aligner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code carousel align}: forced alignment of a known transcript to an audio file. */
@Command(name = "align", mixinStandardHelpOptions = true,
        description = {"Aligns a known transcript to an audio file (WAV or NIST SPHERE, resampled to the model's rate): each word's",
                "dictionary pronunciation through the acoustic model's HMM states by Viterbi, with optional silence between",
                "words. Prints word times as CTM lines (file channel start duration word), and phone times too with --phones.",
                "Words are matched in lower case with punctuation removed; words the dictionary lacks are an error unless",
                "--g2p guesses them.",
                "Example: carousel align --model models/harvard-lstmp --text \"The wharf could be seen at the farther shore.\" SX128.WAV"})
public final class AlignCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Acoustic model directory (config.json, model.safetensors, am.json).") Path modelDir;
    @Option(names = "--text", required = true, description = "The transcript.") String text;
    @Mixin LexiconOptions dictionary;
    @Option(names = "--acoustic-scale", defaultValue = "0.1", description = "Scale of the acoustic log-likelihoods (default ${DEFAULT-VALUE}).") double acousticScale;
    @Option(names = "--self-loop", defaultValue = "0.7", description = "HMM self-loop probability of every state for a model directory that does not record its own (default ${DEFAULT-VALUE}).") double selfLoop;
    @Option(names = "--phones", description = "Also print the phones (silences as the model's silence phone).") boolean phones;
    @Parameters(paramLabel = "FILE", description = "The audio file.") Path file;

    @Override
    public Integer call() throws Exception {
        List<String> words = normalise(text);
        if (words.isEmpty()) throw new IllegalArgumentException("--text has no words");
        AcousticModel am = AcousticModel.load(modelDir);
        Lexicon dict = dictionary.read(modelDir, words);
        HmmTopology topology = carousel.speech.recognize.Recognizer.topology(am.config(), selfLoop);
        Aligner aligner = new Aligner(am, dict, topology, acousticScale);
        FeaturePipeline p = am.config().features();
        Waveform w = AudioReader.read(file).checkSampleRate(p.sampleRateHz(), true);
        FeatureMatrix raw = p.features(p.computer(), w);
        Aligner.Result r;
        try {
            r = aligner.align(raw, words);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        String id = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        for (Aligner.Span s : r.words()) System.out.printf(Locale.ROOT, "%s 1 %.2f %.2f %s%n", id, s.startSeconds(), s.endSeconds() - s.startSeconds(), s.label());
        if (phones) {
            System.out.println();
            for (Aligner.Span s : r.phones()) System.out.printf(Locale.ROOT, "%s 1 %.2f %.2f %s%n", id, s.startSeconds(), s.endSeconds() - s.startSeconds(), s.label());
        }
        return 0;
    }

    /** Lower case, hyphens split, everything but letters, digits and apostrophes removed (the corpus tool's tokens). */
    static List<String> normalise(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace('-', ' ').replaceAll("[^\\p{L}\\p{N}' ]", " ").strip();
        return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }
}
