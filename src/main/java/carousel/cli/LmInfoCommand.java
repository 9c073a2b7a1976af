package carousel.cli;

import carousel.progress.CpuTime;
import carousel.io.TextLines;
import carousel.io.FormatException;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lexicon.LexiconFormat;
import carousel.speech.lexicon.PhoneBridge;
import carousel.speech.lm.NgramLm;
import carousel.speech.lm.Vocabulary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code carousel lm info}: order, counts, load time and memory of an ARPA model (and of a lexicon). */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Reads an ARPA language model and prints its order, n-gram counts, states, load",
                "time and memory (the arrays, and the heap retained after garbage collection).",
                "With --lexicon, also reads a pronouncing dictionary and counts LM words it lacks.",
                "With --score, prints ln P(words </s> | <s>) of each line of a text file.",
                "Example: carousel lm info lm.arpa --lexicon cmudict-en-us.dict"})
public final class LmInfoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The ARPA file.")
    Path file;

    @Option(names = "--lexicon", paramLabel = "DICT", description = "A pronouncing dictionary to read too.")
    Path lexicon;

    @Option(names = "--lexicon-format", paramLabel = "FMT", defaultValue = "cmu",
            description = "cmu (CMU Sphinx .dict, CMU-39 phones), kaldi or kaldi-prob (phones of TIMIT's 48). Default: ${DEFAULT-VALUE}.")
    String lexiconFormat;

    @Option(names = "--score", paramLabel = "TEXT",
            description = "Print ln P of each line (words outside the vocabulary are <unk>, an error without it).")
    Path score;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } catch (FormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private int run() throws IOException {
        ScoreCommand.requireFile(file, "FILE");
        long before = usedHeap();
        long t0 = System.nanoTime();
        long c0 = CpuTime.threadNanos();
        NgramLm lm = NgramLm.read(file);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (CpuTime.threadNanos() - c0) / 1e9;
        long retained = usedHeap() - before;
        System.out.println(file + ": " + lm);
        System.out.printf(Locale.ROOT, "order %d, vocabulary %d words%s, state ids < %d%n", lm.order(),
                lm.vocabulary().size(), lm.vocabulary().unk() >= 0 ? " (with <unk>)" : " (no <unk>)", lm.stateBound());
        System.out.printf(Locale.ROOT, "loaded in %.2f s (%.2f s CPU of this thread); arrays %.1f MiB; heap retained %.1f MiB%n",
                seconds, cpu, lm.arrayBytes() / 1048576.0, retained / 1048576.0);
        if (lexicon != null) {
            ScoreCommand.requireFile(lexicon, "--lexicon");
            LexiconFormat format = LexiconFormat.parse(lexiconFormat);
            before = usedHeap();
            t0 = System.nanoTime();
            c0 = CpuTime.threadNanos();
            Lexicon lex = Lexicon.read(lexicon, format, format == LexiconFormat.CMU ? PhoneBridge.CMU_39
                    : PhoneSet.TIMIT_48);
            seconds = (System.nanoTime() - t0) / 1e9;
            cpu = (CpuTime.threadNanos() - c0) / 1e9;
            retained = usedHeap() - before;
            int missing = 0;
            Vocabulary v = lm.vocabulary();
            for (int w = 0; w < v.size(); w++) {
                String word = v.word(w);
                if (w != v.bos() && w != v.eos() && w != v.unk() && !lex.contains(word)) {
                    missing++;
                }
            }
            System.out.println(lexicon + ": " + lex);
            System.out.printf(Locale.ROOT, "loaded in %.2f s (%.2f s CPU); arrays %.1f MiB; heap retained %.1f MiB%n",
                    seconds, cpu, lex.arrayBytes() / 1048576.0, retained / 1048576.0);
            System.out.printf(Locale.ROOT, "LM words without a pronunciation: %d of %d%n", missing, v.size());
        }
        if (score != null) {
            printScores(lm);
        }
        return 0;
    }

    private void printScores(NgramLm lm) throws IOException {
        ScoreCommand.requireFile(score, "--score");
        Vocabulary v = lm.vocabulary();
        try (TextLines in = TextLines.open(score)) {
            while (in.advance()) {
                String line = in.text();
                if (line == null) {
                    throw new IllegalArgumentException(score + ":" + in.lineNumber() + ": invalid UTF-8");
                }
                String[] f = line.strip().isEmpty() ? new String[0] : line.strip().split("\\s+");
                int[] ids = new int[f.length];
                for (int i = 0; i < f.length; i++) {
                    ids[i] = v.idOrUnk(f[i]);
                    if (ids[i] < 0) {
                        throw new IllegalArgumentException(score + ":" + in.lineNumber() + ": '" + f[i]
                                + "' is not in the LM's vocabulary, which has no <unk>");
                    }
                }
                System.out.printf(Locale.ROOT, "%.6f%n", lm.sentenceLogProb(ids));
            }
        }
    }


    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return r.totalMemory() - r.freeMemory();
    }
}
