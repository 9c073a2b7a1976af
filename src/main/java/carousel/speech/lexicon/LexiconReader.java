package carousel.speech.lexicon;

import carousel.io.TextLines;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.lm.LmFormatException;
import carousel.speech.lm.Vocabulary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Reads a pronouncing dictionary ({@link LexiconFormat}) into a {@link Lexicon}, streaming the file and
 * checking each line: strict UTF-8, every phone in the phone set, at least one phone, a probability in
 * {@code (0, 1]} for {@code lexiconp.txt}, no pronunciation listed twice for a word. A problem is one
 * {@link LmFormatException} naming {@code file:line}.
 */
final class LexiconReader {

    private static final Pattern SPACE = Pattern.compile("[ \t]+");
    private static final Pattern ALTERNATE = Pattern.compile("\\([0-9]+\\)$");

    private LexiconReader() {
    }

    static Lexicon read(Path file, LexiconFormat format, PhoneSet phones) throws IOException {
        Vocabulary.Builder words = new Vocabulary.Builder(1 << 14);
        int n = 0;
        int[] wordOf = new int[1 << 14];
        int[] lineOf = new int[1 << 14];
        float[] logProb = new float[1 << 14];
        int[] start = new int[(1 << 14) + 1];
        byte[] ids = new byte[1 << 16];
        int used = 0;
        try (TextLines in = TextLines.open(file)) {
            while (in.advance()) {
                String line = in.text();
                if (line == null) {
                    throw new LmFormatException(file, in.lineNumber(), "invalid UTF-8");
                }
                if (format == LexiconFormat.CMU) {
                    if (line.startsWith(";;;")) {
                        continue;
                    }
                    int hash = line.indexOf('#');
                    line = hash >= 0 ? line.substring(0, hash) : line;
                }
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                String[] f = SPACE.split(line);
                String word = format == LexiconFormat.CMU ? ALTERNATE.matcher(f[0]).replaceFirst("") : f[0];
                int first = 1;
                float lp = 0f;
                if (format == LexiconFormat.KALDI_PROB) {
                    lp = probability(f.length > 1 ? f[1] : "", file, in.lineNumber());
                    first = 2;
                }
                if (f.length <= first) {
                    throw new LmFormatException(file, in.lineNumber(), "word '" + word + "' has no phones");
                }
                if (n == wordOf.length) {
                    wordOf = Arrays.copyOf(wordOf, 2 * n);
                    lineOf = Arrays.copyOf(lineOf, 2 * n);
                    logProb = Arrays.copyOf(logProb, 2 * n);
                    start = Arrays.copyOf(start, 2 * n + 1);
                }
                if (used + f.length > ids.length) {
                    ids = Arrays.copyOf(ids, 2 * ids.length + f.length);
                }
                start[n] = used;
                for (int i = first; i < f.length; i++) {
                    ids[used++] = (byte) phone(f[i], format, phones, file, in.lineNumber());
                }
                int w = words.id(word);
                try {
                    wordOf[n] = w >= 0 ? w : words.add(word);
                } catch (IllegalArgumentException e) { // a word the vocabulary refuses (empty, e.g. a line "(2) AH0")
                    throw new LmFormatException(file, in.lineNumber(), e.getMessage());
                }
                lineOf[n] = in.lineNumber();
                logProb[n] = lp;
                n++;
            }
        }
        start[n] = used;
        if (n == 0) {
            throw new LmFormatException(file, "no pronunciations (an empty " + format.cliName() + " lexicon)");
        }
        return group(file, phones, words.build(), n, wordOf, lineOf, logProb, start, ids);
    }

    /** Orders the pronunciations by word (stable: file order within a word) and checks for duplicates. */
    private static Lexicon group(Path file, PhoneSet phones, Vocabulary words, int n, int[] wordOf, int[] lineOf,
                                 float[] logProb, int[] start, byte[] ids) throws LmFormatException {
        int numWords = words.size();
        int[] firstPron = new int[numWords + 1];
        for (int p = 0; p < n; p++) {
            firstPron[wordOf[p] + 1]++;
        }
        for (int w = 0; w < numWords; w++) {
            firstPron[w + 1] += firstPron[w];
        }
        int[] fill = Arrays.copyOf(firstPron, numWords);
        int[] order = new int[n];
        for (int p = 0; p < n; p++) {
            order[fill[wordOf[p]]++] = p;
        }
        int[] phoneStart = new int[n + 1];
        byte[] phoneIds = new byte[start[n]];
        float[] lp = new float[n];
        int used = 0;
        for (int q = 0; q < n; q++) {
            int p = order[q];
            phoneStart[q] = used;
            System.arraycopy(ids, start[p], phoneIds, used, start[p + 1] - start[p]);
            used += start[p + 1] - start[p];
            lp[q] = logProb[p];
        }
        phoneStart[n] = used;
        for (int w = 0; w < numWords; w++) {
            for (int a = firstPron[w]; a < firstPron[w + 1]; a++) {
                for (int b = firstPron[w]; b < a; b++) {
                    if (Arrays.equals(phoneIds, phoneStart[a], phoneStart[a + 1], phoneIds, phoneStart[b], phoneStart[b + 1])) {
                        throw new LmFormatException(file, lineOf[order[a]], "word '" + words.word(w)
                                + "' has this pronunciation already (line " + lineOf[order[b]] + ")");
                    }
                }
            }
        }
        return new Lexicon(phones, words, firstPron, phoneStart, phoneIds, lp);
    }

    private static int phone(String s, LexiconFormat format, PhoneSet phones, Path file, int line) throws LmFormatException {
        if (phones.contains(s)) {
            return phones.index(s);
        }
        if (format == LexiconFormat.CMU) {
            String bare = s.replaceFirst("[0-2]$", "");
            if (phones.contains(bare)) {
                return phones.index(bare);
            }
        }
        throw new LmFormatException(file, line, "unknown phone '" + s + "' (not in " + phones + ")");
    }

    private static float probability(String s, Path file, int line) throws LmFormatException {
        double p;
        try {
            p = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            p = Double.NaN;
        }
        if (!(p > 0 && p <= 1)) {
            throw new LmFormatException(file, line, "bad pronunciation probability '" + s + "' (must be a number in (0, 1])");
        }
        return (float) Math.log(p);
    }
}
