package carousel.speech.lm;

import carousel.io.TextLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads an ARPA back-off language model of any order (the format of Paul/Baker's DARPA CSR LM files as
 * written by SRILM {@code ngram-count -lm}, KenLM {@code lmplz}, CMU {@code sphinx_lm_convert}) into an
 * {@link NgramLm}, streaming the file once.
 *
 * <pre>
 *   (any text)                      ignored up to the header
 *   \data\
 *   ngram 1=V ... ngram N=cN        counts, orders 1..N without gaps
 *   \1-grams:
 *   log10p  w  [log10bow]           V lines, fields separated by spaces or tabs
 *   ...
 *   \N-grams:
 *   log10p  w1 .. wN                no back-off weight at the top order
 *   \end\
 * </pre>
 *
 * Strict: the text must be UTF-8; the declared counts are checked against the file's size before any
 * table is allocated and against the lines listed; every n-gram's words must be unigrams and its
 * prefix listed one order below; a duplicate, a positive log probability, a missing {@code <s>} or
 * {@code </s>} are errors. Each problem is one {@link LmFormatException} naming {@code file:line}.
 * Fields are parsed straight from the bytes; only unigrams become strings.
 */
public final class ArpaReader {

    private final TextLines in;
    private final Path file;
    private final float[] numbers = new float[2];
    private final int[] ids = new int[64];

    private ArpaReader(TextLines in) {
        this.in = in;
        this.file = in.file();
    }

    /** Reads {@code file}. */
    public static NgramLm read(Path file) throws IOException {
        try (TextLines lines = TextLines.open(file)) {
            return new ArpaReader(lines).read(Files.size(file));
        }
    }

    private LmFormatException error(String problem) {
        return new LmFormatException(file, in.lineNumber(), problem);
    }

    private NgramLm read(long fileBytes) throws IOException {
        long[] counts = header(fileBytes);
        int order = counts.length - 1;
        NgramTables tables = new NgramTables(counts);
        WordBytes words = new WordBytes((int) counts[1]);
        Vocabulary.Builder vocab = new Vocabulary.Builder((int) counts[1]);
        expectSection(1);
        boolean more = true;
        for (int k = 1; k <= order; k++) {
            long listed = 0;
            while ((more = in.advance()) && !startsWithBackslash()) {
                if (isBlank()) {
                    continue;
                }
                if (++listed > counts[k]) {
                    throw error("more " + k + "-grams than the " + counts[k] + " declared in \\data\\");
                }
                if (k == 1) {
                    unigram(order, tables, words, vocab);
                } else {
                    ngram(k, order, tables, words);
                }
            }
            if (listed != counts[k]) {
                throw more ? error("\\data\\ declares ngram " + k + "=" + counts[k] + " but " + listed + " are listed")
                        : new LmFormatException(file, "\\data\\ declares ngram " + k + "=" + counts[k] + " but "
                        + listed + " are listed before the end of the file");
            }
            if (!more) {
                throw new LmFormatException(file, "ends without \\end\\");
            }
            if (k < order) {
                expectSection(k + 1);
            } else if (!lineEquals("\\end\\")) {
                throw error("expected \\end\\ after the " + order + "-grams, got '" + in.lenientText().strip() + "'");
            }
        }
        while (in.advance()) {
            if (!isBlank()) {
                throw error("text after \\end\\");
            }
        }
        Vocabulary v = vocab.build();
        if (v.bos() < 0 || v.eos() < 0) {
            throw new LmFormatException(file, "the unigrams lack " + (v.bos() < 0 ? Vocabulary.BOS : Vocabulary.EOS));
        }
        tables.finish();
        return new NgramLm(tables, v);
    }

    /** Skips to {@code \data\} and reads the counts; returns counts[0..N] (counts[0] unused). */
    private long[] header(long fileBytes) throws IOException {
        boolean found = false;
        while (!found && in.advance()) {
            found = lineEquals("\\data\\");
        }
        if (!found) {
            throw new LmFormatException(file, "no \\data\\ header (not an ARPA file)");
        }
        long[] counts = new long[1];
        long total = 0;
        while (in.advance() && !startsWithBackslash()) {
            if (isBlank()) {
                continue;
            }
            String t = in.lenientText().strip();
            if (!t.matches("ngram\\s+[0-9]{1,3}\\s*=\\s*[0-9]{1,12}")) {
                throw error("expected 'ngram N=COUNT', got '" + t + "'");
            }
            String[] kv = t.substring(5).split("=");
            int k = Integer.parseInt(kv[0].strip());
            long c = Long.parseLong(kv[1].strip());
            if (k != counts.length) {
                throw error("ngram " + k + " out of order (expected ngram " + counts.length + ")");
            }
            if (c < 1) {
                throw error("ngram " + k + "=0: every order needs at least one n-gram");
            }
            total += c;
            // the shortest n-gram line is "-1 w\n" (5 bytes); more than fits means a corrupt count
            if (total > fileBytes / 5 + 1) {
                throw error("declares " + total + " n-grams, more than a file of " + fileBytes + " bytes can hold");
            }
            counts = Arrays.copyOf(counts, k + 1);
            counts[k] = c;
        }
        if (counts.length < 2) {
            throw error("\\data\\ declares no n-gram counts");
        }
        return counts;
    }

    private void expectSection(int k) throws LmFormatException {
        if (in.end() == in.start() || !lineEquals("\\" + k + "-grams:")) {
            throw error("expected \\" + k + "-grams:, got '" + in.lenientText().strip() + "'");
        }
    }

    private boolean startsWithBackslash() {
        int i = skipSpace(in.start());
        return i < in.end() && in.bytes()[i] == '\\';
    }

    private boolean isBlank() {
        return skipSpace(in.start()) == in.end();
    }

    private boolean lineEquals(String s) {
        byte[] b = in.bytes();
        int i = skipSpace(in.start());
        int e = in.end();
        while (e > i && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        if (e - i != s.length()) {
            return false;
        }
        for (int j = 0; j < s.length(); j++) {
            if (b[i + j] != s.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private int skipSpace(int i) {
        byte[] b = in.bytes();
        int e = in.end();
        while (i < e && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    private int skipWord(int i) {
        byte[] b = in.bytes();
        int e = in.end();
        while (i < e && b[i] != ' ' && b[i] != '\t') {
            i++;
        }
        return i;
    }

    private static final float LN10 = (float) Math.log(10);

    /** Parses "log10p w [bow]": the word is added to the vocabulary. */
    private void unigram(int order, NgramTables tables, WordBytes words, Vocabulary.Builder vocab) throws LmFormatException {
        int i = skipSpace(in.start());
        int j = skipWord(i);
        float p = number(i, j, true);
        int ws = skipSpace(j);
        int we = skipWord(ws);
        if (ws == we) {
            throw error("expected 'log10prob word [log10backoff]', got '" + in.lenientText().strip() + "'");
        }
        String w = in.decode(ws, we);
        if (w == null) {
            throw error("invalid UTF-8 in the word");
        }
        float bow = 0f;
        int bs = skipSpace(we);
        if (bs < in.end()) {
            int be = skipWord(bs);
            if (skipSpace(be) != in.end()) {
                throw error("expected 'log10prob word [log10backoff]', got '" + in.lenientText().strip() + "'");
            }
            bow = number(bs, be, false);
        }
        int id;
        try {
            id = vocab.add(w);
        } catch (IllegalArgumentException e) { // a word the vocabulary refuses (empty, or with a control character)
            throw error(e.getMessage());
        }
        if (id < 0) {
            throw error("unigram '" + w + "' listed twice");
        }
        words.add(in.bytes(), ws, we);
        tables.setUnigram(id, p * LN10, bow * LN10);
    }

    /** Parses "log10p w1 .. wk [bow]" and inserts it. */
    private void ngram(int k, int order, NgramTables tables, WordBytes words) throws LmFormatException {
        int i = skipSpace(in.start());
        int j = skipWord(i);
        float p = number(i, j, true);
        if (k > ids.length) {
            throw error("order " + k + " is more than " + ids.length + " words");
        }
        for (int n = 0; n < k; n++) {
            int ws = skipSpace(j);
            j = skipWord(ws);
            if (ws == j) {
                throw error("expected 'log10prob' and " + k + " words, got '" + in.lenientText().strip() + "'");
            }
            ids[n] = words.find(in.bytes(), ws, j);
            if (ids[n] < 0) {
                String w = in.decode(ws, j);
                throw error(w == null ? "invalid UTF-8 in a word" : "word '" + w + "' is not among the unigrams");
            }
        }
        float bow = 0f;
        int bs = skipSpace(j);
        if (bs < in.end()) {
            int be = skipWord(bs);
            if (skipSpace(be) != in.end()) {
                throw error("expected 'log10prob', " + k + " words and an optional back-off, got '" + in.lenientText().strip() + "'");
            }
            if (k == order) {
                throw error("a " + k + "-gram of the top order cannot have a back-off weight");
            }
            bow = number(bs, be, false);
        }
        int context = 1 + ids[0];
        for (int n = 1; n < k - 1; n++) {
            context = tables.find(n + 1, context, ids[n]);
            if (context < 0) {
                throw error("its first " + (n + 1) + " words are not listed as a " + (n + 1) + "-gram");
            }
        }
        if (tables.insert(k, context, ids[k - 1], p * LN10, bow * LN10) < 0) {
            throw error("n-gram listed twice");
        }
    }

    /** A log10 probability ({@code <= 0}, {@code -inf} allowed) or back-off weight (finite). */
    private float number(int from, int to, boolean probability) throws LmFormatException {
        double x = parse(in.bytes(), from, to);
        if (Double.isNaN(x) || (probability ? x > 0 || x == Double.POSITIVE_INFINITY : Double.isInfinite(x))) {
            String s = in.decode(from, to);
            if (s == null) {
                throw error("invalid UTF-8 in a number");
            }
            throw error(Double.isNaN(x) && !"nan".equalsIgnoreCase(s) ? "not a number: '" + s + "'"
                    : (probability ? "log10 probability must be a number <= 0" : "log10 back-off weight must be finite")
                    + ", got '" + s + "'");
        }
        return (float) x;
    }

    /** Parses a decimal number from bytes: plain {@code [-]ddd.ddd} fast, anything else by {@link Double#parseDouble}. */
    static double parse(byte[] b, int from, int to) {
        int i = from;
        boolean neg = i < to && b[i] == '-';
        if (neg || (i < to && b[i] == '+')) {
            i++;
        }
        long m = 0;
        int digits = 0;
        int frac = 0;
        boolean dot = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                if (digits < 18 && frac < POW10.length - 1) {
                    m = m * 10 + (c - '0');
                    digits += m == 0 ? 0 : 1;
                    frac += dot ? 1 : 0;
                } else if (!dot) {
                    return slow(b, from, to);
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                return slow(b, from, to);
            }
        }
        if (i == from + (neg ? 1 : 0) || (dot && i == from + (neg ? 2 : 1))) {
            return Double.NaN;
        }
        double x = frac == 0 ? m : m / POW10[frac];
        return neg ? -x : x;
    }

    private static final double[] POW10 = new double[23];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private static double slow(byte[] b, int from, int to) {
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        if (s.equalsIgnoreCase("-inf") || s.equalsIgnoreCase("-infinity")) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
