package carousel.cli;

import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.lexicon.LetterToSound;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lm.NgramLm;
import carousel.speech.lm.Vocabulary;
import carousel.speech.lexicon.LexiconFormat;
import carousel.speech.lexicon.PhoneBridge;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The word-search options {@code transcribe} and {@code decode --words} share (a picocli mixin). */
public final class WordSearchOptions {
    static final Path DEBIAN_CMUDICT = Path.of("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");

    @Option(names = "--lexicon", description = "Pronouncing dictionary (default: MODEL/lexicon.dict if present, else Debian's "
            + "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict from pocketsphinx-en-us).") Path lexicon;
    @Option(names = "--lexicon-format", defaultValue = "cmu", description = "cmu, kaldi or kaldi-prob (default ${DEFAULT-VALUE}).") String lexiconFormat;
    @Option(names = "--g2p", description = "Letter-to-sound model (from 'carousel lexicon g2p'): the LM's words missing from the lexicon get guessed"
            + " pronunciations, so that they can be recognised.") Path g2p;
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

    /** The lexicon, with --g2p the LM's words it lacks added with guessed pronunciations. */
    Lexicon readLexicon(Path modelDir, NgramLm lm) throws IOException {
        Lexicon lexicon = readLexicon(modelDir);
        if (g2p == null) return lexicon;
        List<String> missing = new ArrayList<>();
        Vocabulary v = lm.vocabulary();
        for (String w : v.words())
            if (!lexicon.contains(w) && !w.equals(Vocabulary.BOS) && !w.equals(Vocabulary.EOS) && !w.equals(Vocabulary.UNK)) missing.add(w);
        Lexicon out = lexicon.withGuesses(missing, LetterToSound.load(g2p, lexicon.phones()));
        System.err.println("carousel: " + (out.size() - lexicon.size()) + " of the LM's words got pronunciations from " + g2p);
        return out;
    }

    WordDecoderOptions decoderOptions(double lmWeight, double beam) {
        return new WordDecoderOptions(lmWeight, wordPenalty, silenceProb, beam, maxActive);
    }
}
