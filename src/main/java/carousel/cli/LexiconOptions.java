package carousel.cli;

import carousel.speech.lexicon.LetterToSound;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lexicon.LexiconFormat;
import carousel.speech.lexicon.PhoneBridge;
import carousel.speech.lm.Vocabulary;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The pronouncing-dictionary options of {@code transcribe}, {@code decode --words} and {@code align} (a picocli mixin). */
public final class LexiconOptions {
    static final Path DEBIAN_CMUDICT = Path.of("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");

    @Option(names = "--lexicon", description = "Pronouncing dictionary (default: MODEL/lexicon.dict if present, else Debian's "
            + "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict from pocketsphinx-en-us).") Path lexicon;
    @Option(names = "--lexicon-format", defaultValue = "cmu", description = "cmu, kaldi or kaldi-prob (default ${DEFAULT-VALUE}).") String lexiconFormat;
    @Option(names = "--g2p", description = "Letter-to-sound model (from 'carousel lexicon g2p'): words the dictionary lacks (of the LM, or of the"
            + " transcript) get guessed pronunciations.") Path g2p;

    /** The dictionary file: --lexicon, else MODEL/lexicon.dict, else Debian's CMU dictionary; checked to exist. */
    Path lexiconFile(Path modelDir) throws NoSuchFileException {
        Path p = lexicon != null ? lexicon : Files.isRegularFile(modelDir.resolve("lexicon.dict")) ? modelDir.resolve("lexicon.dict") : DEBIAN_CMUDICT;
        if (!Files.isRegularFile(p))
            throw new NoSuchFileException(p.toString(), null, "no pronouncing dictionary: give --lexicon (Debian: apt-get install pocketsphinx-en-us)");
        return p;
    }

    /** The dictionary; with --g2p, the words of {@code wanted} it lacks added with guessed pronunciations. */
    Lexicon read(Path modelDir, Iterable<String> wanted) throws IOException {
        Lexicon dict = Lexicon.read(lexiconFile(modelDir), LexiconFormat.parse(lexiconFormat), PhoneBridge.CMU_39);
        if (g2p == null) return dict;
        List<String> missing = new ArrayList<>();
        for (String w : wanted)
            if (!dict.contains(w) && !w.equals(Vocabulary.BOS) && !w.equals(Vocabulary.EOS) && !w.equals(Vocabulary.UNK)) missing.add(w);
        Lexicon out = dict.withGuesses(missing, LetterToSound.load(g2p, dict.phones()));
        System.err.println("carousel: " + (out.size() - dict.size()) + " words got pronunciations from " + g2p);
        return out;
    }
}
