package carousel.cli;

import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lexicon.LexiconFormat;
import carousel.speech.lexicon.PhoneBridge;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The word-search options {@code transcribe} and {@code decode --words} share (a picocli mixin). */
public final class WordSearchOptions {
    static final Path DEBIAN_CMUDICT = Path.of("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");

    @Option(names = "--lexicon", description = "Pronouncing dictionary (default: MODEL/lexicon.dict if present, else Debian's "
            + "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict from pocketsphinx-en-us).") Path lexicon;
    @Option(names = "--lexicon-format", defaultValue = "cmu", description = "cmu, kaldi or kaldi-prob (default ${DEFAULT-VALUE}).") String lexiconFormat;
    @Option(names = "--word-penalty", defaultValue = "0.0", description = "Log score added per word (negative: fewer words; default ${DEFAULT-VALUE}).") double wordPenalty;
    @Option(names = "--silence-prob", defaultValue = "0.5", description = "Probability of optional silence between words (default ${DEFAULT-VALUE}).") double silenceProb;
    @Option(names = "--max-active", defaultValue = "7000", description = "At most this many word-search tokens per frame (default ${DEFAULT-VALUE}).") int maxActive;

    /** The dictionary file: --lexicon, else MODEL/lexicon.dict, else Debian's CMU dictionary; checked to exist. */
    Path lexiconFile(Path modelDir) throws NoSuchFileException {
        Path p = lexicon != null ? lexicon : Files.isRegularFile(modelDir.resolve("lexicon.dict")) ? modelDir.resolve("lexicon.dict") : DEBIAN_CMUDICT;
        if (!Files.isRegularFile(p))
            throw new NoSuchFileException(p.toString(), null, "no pronouncing dictionary: give --lexicon (Debian: apt-get install pocketsphinx-en-us)");
        return p;
    }

    Lexicon readLexicon(Path modelDir) throws IOException {
        return Lexicon.read(lexiconFile(modelDir), LexiconFormat.parse(lexiconFormat), PhoneBridge.CMU_39);
    }

    WordDecoderOptions decoderOptions(double lmWeight, double beam) {
        return new WordDecoderOptions(lmWeight, wordPenalty, silenceProb, beam, maxActive);
    }
}
