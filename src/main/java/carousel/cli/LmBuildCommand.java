package carousel.cli;

import carousel.io.FormatException;
import carousel.speech.lm.NgramLm;
import carousel.speech.lm.TrainingText;
import carousel.speech.lm.WittenBellEstimator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code carousel lm build}: an n-gram model estimated from text by interpolated Witten-Bell, written as ARPA. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Estimates a word n-gram model from a text file (one sentence per line) with",
                "interpolated Witten-Bell smoothing and writes it in ARPA format. With --vocab,",
                "words outside the vocabulary become <unk>; otherwise the text's words are the vocabulary.",
                "Example: carousel lm build --order 3 --text prompts.txt --out lm.arpa"})
public final class LmBuildCommand implements Callable<Integer> {

    @Option(names = "--text", required = true, paramLabel = "FILE", description = "Training sentences, one per line.")
    Path text;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ARPA file to write.")
    Path out;

    @Option(names = "--order", paramLabel = "N", defaultValue = "3", description = "Order N (>= 1). Default: ${DEFAULT-VALUE}.")
    int order;

    @Option(names = "--vocab", paramLabel = "FILE", description = "Vocabulary, one word per line; others map to <unk>.")
    Path vocab;

    @Override
    public Integer call() throws IOException {
        if (order < 1) {
            throw new IllegalArgumentException("--order must be >= 1, got " + order);
        }
        ScoreCommand.requireFile(text, "--text");
        if (vocab != null) {
            ScoreCommand.requireFile(vocab, "--vocab");
        }
        try {
            TrainingText t = TrainingText.read(text, vocab);
            WittenBellEstimator est = new WittenBellEstimator(order, t.vocabulary(), t.sentences());
            est.write(out);
            NgramLm lm = NgramLm.read(out);
            System.out.printf(Locale.ROOT, "%s: %d sentences, vocabulary %d words%s%n", text, t.sentences().size(),
                    t.vocabulary().size(), vocab == null ? "" : ", " + t.unknownTokens() + " tokens mapped to <unk>");
            System.out.println("wrote " + out + ": " + lm);
            return 0;
        } catch (FormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
