package carousel.cli;

import carousel.speech.am.AcousticModel;
import carousel.speech.decode.HmmTopology;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lm.NgramLm;
import carousel.speech.recognize.Recognizer;
import carousel.speech.recognize.WordRecognizer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The options that make a word recognizer (a picocli mixin of {@code transcribe} and {@code serve}): the acoustic
 * model, the dictionary ({@link LexiconOptions}), the LM and the search ({@link WordSearchOptions}).
 */
public final class WordModelOptions {
    @Option(names = "--model", required = true, description = "Acoustic model directory (config.json, model.safetensors, am.json).") Path modelDir;
    @Mixin LexiconOptions dictionary;
    @Mixin WordSearchOptions search;
    @Option(names = "--lm", description = "ARPA n-gram language model (default: MODEL/lm.arpa).") Path lmFile;
    @Option(names = "--acoustic-scale", defaultValue = WordSearchOptions.ACOUSTIC_SCALE, description = "Scale of the acoustic log-likelihoods (default ${DEFAULT-VALUE}).") double acousticScale;
    @Option(names = "--lm-weight", description = "Weight of the LM log-probabilities (default " + WordSearchOptions.LM_WEIGHT + "; 0.1 for serve's phone loop).") Double lmWeight;
    @Option(names = "--beam", description = "Beam in log units (default " + WordSearchOptions.BEAM + "; serve: " + WordSearchOptions.SERVE_BEAM + ").") Double beam;
    @Option(names = "--self-loop", defaultValue = "0.7", description = "HMM self-loop probability of every state for a model directory that does not record its own (made before train-am recorded them; default ${DEFAULT-VALUE}: a 3-state phone of 10 frames).") double selfLoop;

    /** The LM file, checked to exist (a cheap check before loading anything large). */
    Path lmFile() throws NoSuchFileException {
        dictionary.lexiconFile(modelDir);
        Path lmPath = lmFile != null ? lmFile : modelDir.resolve("lm.arpa");
        if (!Files.isRegularFile(lmPath)) throw new NoSuchFileException(lmPath.toString(), null, "no language model: give --lm FILE.arpa");
        return lmPath;
    }

    /** Whether neither --lexicon nor --lm is given and the model directory has no lm.arpa (then {@link #loadPhoneLoop} recognises phones). */
    boolean noWords() {
        return dictionary.lexicon == null && lmFile == null && !Files.isRegularFile(modelDir.resolve("lm.arpa"));
    }

    /** The model with a free loop of the 39 CMU phones as its "words" ({@link carousel.speech.recognize.PhoneLoop}), for serve (its search defaults). */
    WordRecognizer loadPhoneLoop(String command) throws IOException {
        AcousticModel am = AcousticModel.load(modelDir);
        Recognizer.checkStreaming(am, carousel.model.StreamingModel.Weights.F32);
        WordRecognizer rec = carousel.speech.recognize.PhoneLoop.recognizer(am, Recognizer.topology(am.config(), selfLoop), acousticScale,
                search.decoderOptions(lmWeight != null ? lmWeight : carousel.speech.recognize.PhoneLoop.LM_WEIGHT, beam, true));
        System.err.println(command + ": no dictionary or LM: phone output (a free loop of the 39 CMU phones)");
        return rec;
    }

    /**
     * Loads the model, LM and dictionary; prints what was loaded as {@code command}'s line; with {@code streaming}, refuses a
     * model that cannot stream first; {@code serve}: the search defaults to serve's beam and max-active.
     */
    WordRecognizer load(String command, boolean streaming, boolean serve) throws IOException {
        Path lmPath = lmFile();
        var opt = search.decoderOptions(lmWeight != null ? lmWeight : Double.parseDouble(WordSearchOptions.LM_WEIGHT), beam, serve);
        long t0 = System.nanoTime();
        AcousticModel am = AcousticModel.load(modelDir);
        if (streaming) Recognizer.checkStreaming(am, carousel.model.StreamingModel.Weights.F32);
        NgramLm lm = NgramLm.read(lmPath);
        Lexicon lexicon = dictionary.read(modelDir, lm.vocabulary().words());
        HmmTopology topology = Recognizer.topology(am.config(), selfLoop);
        NgramLm rescoreLm = search.readRescoreLm();
        WordRecognizer rec = new WordRecognizer(am, lexicon, lm, topology, acousticScale, opt, rescoreLm);
        System.err.printf(Locale.ROOT, "%s: %d words in the lexicon (%d not in the LM), %d-gram LM of %d words%s, beam %s, max-active %d, loaded in %.1f s%n",
                command, lexicon.size(), rec.wordsWithoutLm(), lm.order(), lm.vocabulary().size(),
                rescoreLm == null ? "" : String.format(Locale.ROOT, ", rescoring with a %d-gram LM of %d words", rescoreLm.order(), rescoreLm.vocabulary().size()),
                opt.beam(), opt.maxActive(), (System.nanoTime() - t0) * 1e-9);
        return rec;
    }
}
