package carousel.cli;

import carousel.io.FormatException;
import carousel.speech.lexicon.LetterToSound;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lexicon.PhoneBridge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code carousel lexicon pronounce}: pronunciations of words, from a dictionary or else letter-to-sound rules. */
@Command(name = "pronounce", mixinStandardHelpOptions = true,
        description = {"Prints each word with its pronunciations: from --lexicon when it lists the word,",
                "else from the letter-to-sound model (marked 'g2p').",
                "Example: carousel lexicon pronounce --g2p g2p.arpa --lexicon cmudict-en-us.dict carousel"})
public final class LexiconPronounceCommand implements Callable<Integer> {

    @Option(names = "--g2p", required = true, paramLabel = "FILE", description = "A graphone model from 'lexicon g2p'.")
    Path model;

    @Option(names = "--lexicon", paramLabel = "DICT", description = "A CMU Sphinx dictionary to look words up first.")
    Path lexicon;

    @Parameters(paramLabel = "WORD", arity = "1..*", description = "Words to pronounce.")
    List<String> words;

    @Override
    public Integer call() throws IOException {
        ScoreCommand.requireFile(model, "--g2p");
        try {
            Lexicon lex = null;
            if (lexicon != null) {
                ScoreCommand.requireFile(lexicon, "--lexicon");
                lex = Lexicon.readCmu(lexicon);
            }
            LetterToSound g2p = LetterToSound.load(model, PhoneBridge.CMU_39);
            for (String w : words) {
                List<List<String>> known = lex == null ? List.of() : lex.pronunciations(w);
                if (!known.isEmpty()) {
                    known.forEach(p -> System.out.println(w + "\t" + String.join(" ", p)));
                } else {
                    System.out.println(w + "\t" + String.join(" ", g2p.pronounceSymbols(w)) + "\tg2p");
                }
            }
            return 0;
        } catch (FormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
