package carousel.cli;

import carousel.io.FormatException;
import carousel.speech.lexicon.LetterToSound;
import carousel.speech.lexicon.Lexicon;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** {@code carousel lexicon g2p}: trains a graphone model on a dictionary and measures it on held-out words. */
@Command(name = "g2p", mixinStandardHelpOptions = true,
        description = {"Learns letter-to-sound rules (a joint-sequence n-gram of graphones) from a CMU",
                "Sphinx dictionary, holding out every Nth word (by a hash of the word, so the split",
                "repeats), and prints the phone and word error rates on the held-out words.",
                "Example: carousel lexicon g2p --lexicon cmudict-en-us.dict --out g2p.arpa"})
public final class LexiconG2pCommand implements Callable<Integer> {

    @Option(names = "--lexicon", required = true, paramLabel = "DICT", description = "The dictionary (CMU Sphinx format).")
    Path lexicon;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The graphone model to write (ARPA).")
    Path out;

    @Option(names = "--order", paramLabel = "N", defaultValue = "5", description = "Graphone n-gram order. Default: ${DEFAULT-VALUE}.")
    int order;

    @Option(names = "--hold-out-every", paramLabel = "N", defaultValue = "50",
            description = "Hold out one word in N for testing (0: train on all). Default: ${DEFAULT-VALUE}.")
    int every;

    @Override
    public Integer call() throws IOException {
        if (order < 1 || every < 0 || every == 1) {
            throw new IllegalArgumentException("--order must be >= 1 and --hold-out-every 0 or >= 2");
        }
        ScoreCommand.requireFile(lexicon, "--lexicon");
        try {
            Lexicon lex = Lexicon.readCmu(lexicon);
            Predicate<String> heldOut = w -> every > 0 && Math.floorMod(w.hashCode() * 0x9E3779B9, every) == 0;
            long t0 = System.nanoTime();
            LetterToSound g2p = LetterToSound.train(lex, order, out, heldOut.negate());
            double trainS = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "trained on %s in %.1f s, wrote %s%n", lexicon, trainS, out);
            if (every > 0) {
                t0 = System.nanoTime();
                LetterToSound.Evaluation e = g2p.evaluate(lex, heldOut);
                double ms = (System.nanoTime() - t0) / 1e6 / Math.max(e.words(), 1);
                System.out.printf(Locale.ROOT, "held-out words %d: phone error rate %.2f%% [ %d / %d, %d ins, %d del, %d sub ],"
                                + " word error rate %.2f%%, %.2f ms per word%n", e.words(), e.phoneErrorPercent(),
                        e.phones().errors(), e.phones().numRef(), e.phones().insertions(), e.phones().deletions(),
                        e.phones().substitutions(), e.wordErrorPercent(), ms);
            }
            return 0;
        } catch (FormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
