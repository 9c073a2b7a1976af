package carousel.speech.decode;

import carousel.io.TextLines;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.lm.LmFormatException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A phone bigram language model {@code P(next | previous)} over the phones of a {@link PhoneSet}, with
 * a sentence start {@code <s>} (a history only) and a sentence end {@code </s>} (predicted only).
 *
 * <p><b>Estimate.</b> {@link #estimate} uses interpolated Witten-Bell smoothing (I. H. Witten and T. C.
 * Bell, "The zero-frequency problem", IEEE Trans. Inf. Theory 37(4):1085-1094, 1991; in the
 * interpolated form of S. F. Chen and J. Goodman, "An empirical study of smoothing techniques for
 * language modeling", TR-10-98, Harvard, 1998):
 *
 * <pre>
 *   P(w | h) = (c(h, w) + T(h) * Puni(w)) / (c(h) + T(h))       T(h) = number of distinct w seen after h
 *   Puni(w)  = (c(w) + T0 / (V + 1)) / (N + T0)                  T0   = number of distinct w seen at all
 * </pre>
 *
 * where {@code w} ranges over the V phones and {@code </s>}; a history never seen gets {@code Puni}.
 * Every bigram thus has a non-zero probability, every history's distribution sums to 1, and no
 * parameter needs tuning: a history followed by many different phones keeps more mass for unseen ones,
 * which suits a small vocabulary whose bigrams are mostly seen (add-k would need k chosen on held-out
 * data, and gives the same mass to every history).
 *
 * <p><b>Files.</b> {@link #save} writes the ARPA back-off format (as read by SRILM and Kaldi's
 * {@code arpa2fst}): log10 probabilities, seen bigrams listed, the others given by back-off
 * {@code P(w|h) = bow(h) * Puni(w)}, which represents the interpolated model exactly. {@link #load} reads
 * such a file back, checks it against a phone set and says which file and line is wrong.
 */
public final class PhoneBigram {

    /** The sentence-start symbol (a history only). */
    public static final String BOS = "<s>";
    /** The sentence-end symbol (predicted only). */
    public static final String EOS = "</s>";

    /** Tolerance on the sum of a loaded history's probabilities (ARPA files are rounded). */
    static final double SUM_TOLERANCE = 1e-4;

    private final PhoneSet phones;
    // (V+1, V+1): rows are histories 0..V-1 = phones, V = <s>; columns are 0..V-1 = phones, V = </s>
    private final double[][] logProb;
    // (V+1) ln Puni over phones and </s>, for the ARPA unigram section
    private final double[] logUnigram;
    // (V+1, V+1): whether the bigram is listed in the ARPA file (seen in training)
    private final boolean[][] listed;

    private PhoneBigram(PhoneSet phones, double[][] logProb, double[] logUnigram, boolean[][] listed) {
        this.phones = phones;
        this.logProb = logProb;
        this.logUnigram = logUnigram;
        this.listed = listed;
    }

    /**
     * Estimates the model from training transcripts (phone indices into {@code phones}) by interpolated
     * Witten-Bell smoothing, as described above. An empty transcript counts as {@code <s> </s>}.
     *
     * @throws IllegalArgumentException when there are no transcripts or an index is outside the set
     */
    public static PhoneBigram estimate(PhoneSet phones, Iterable<int[]> transcripts) {
        Objects.requireNonNull(phones, "phones");
        int v = phones.size();
        long[][] c = new long[v + 1][v + 1];
        int n = 0;
        for (int[] t : transcripts) {
            int h = v;
            for (int i = 0; i < t.length; i++) {
                if (t[i] < 0 || t[i] >= v) {
                    throw new IllegalArgumentException("phone index " + t[i] + " at position " + i + " of transcript "
                            + n + " is outside " + phones);
                }
                c[h][t[i]]++;
                h = t[i];
            }
            c[h][v]++;
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("cannot estimate a phone bigram from no transcripts");
        }
        // unigram over the V+1 predicted symbols
        long[] cw = new long[v + 1];
        long total = 0;
        for (long[] row : c) {
            for (int w = 0; w <= v; w++) {
                cw[w] += row[w];
                total += row[w];
            }
        }
        int types = 0;
        for (long x : cw) {
            types += x > 0 ? 1 : 0;
        }
        double[] uni = new double[v + 1];
        double[] logUni = new double[v + 1];
        for (int w = 0; w <= v; w++) {
            uni[w] = (cw[w] + (double) types / (v + 1)) / (total + types);
            logUni[w] = Math.log(uni[w]);
        }
        double[][] lp = new double[v + 1][v + 1];
        boolean[][] listed = new boolean[v + 1][v + 1];
        for (int h = 0; h <= v; h++) {
            long ch = 0;
            int th = 0;
            for (int w = 0; w <= v; w++) {
                ch += c[h][w];
                th += c[h][w] > 0 ? 1 : 0;
                listed[h][w] = c[h][w] > 0;
            }
            for (int w = 0; w <= v; w++) {
                lp[h][w] = ch == 0 ? logUni[w] : Math.log((c[h][w] + th * uni[w]) / (ch + th));
            }
        }
        return new PhoneBigram(phones, lp, logUni, listed);
    }

    /**
     * A model given as a table of probabilities, for tests and hand-made models.
     *
     * @param probs (V+1, V+1): row {@code h} is the distribution after phone {@code h}, row V after
     *              {@code <s>}; column {@code w} is phone {@code w}, column V is {@code </s>}. Every
     *              entry {@code > 0}, every row sums to 1 within 1e-6.
     */
    public static PhoneBigram of(PhoneSet phones, double[][] probs) {
        Objects.requireNonNull(phones, "phones");
        int v = phones.size();
        if (probs.length != v + 1) {
            throw new IllegalArgumentException("need " + (v + 1) + " rows (" + v + " phones and <s>), got " + probs.length);
        }
        double[][] lp = new double[v + 1][v + 1];
        boolean[][] listed = new boolean[v + 1][v + 1];
        for (int h = 0; h <= v; h++) {
            if (probs[h].length != v + 1) {
                throw new IllegalArgumentException("row " + h + " needs " + (v + 1) + " columns (" + v
                        + " phones and </s>), got " + probs[h].length);
            }
            double sum = 0;
            for (int w = 0; w <= v; w++) {
                if (!(probs[h][w] > 0) || !Double.isFinite(probs[h][w])) {
                    throw new IllegalArgumentException("P(" + outputName(phones, w) + " | " + historyName(phones, h)
                            + ") must be > 0, got " + probs[h][w]);
                }
                sum += probs[h][w];
                lp[h][w] = Math.log(probs[h][w]);
                listed[h][w] = true;
            }
            if (Math.abs(sum - 1) > 1e-6) {
                throw new IllegalArgumentException("probabilities after " + historyName(phones, h)
                        + " sum to " + sum + ", not 1");
            }
        }
        double[] logUni = new double[v + 1];
        java.util.Arrays.fill(logUni, -Math.log(v + 1));
        return new PhoneBigram(phones, lp, logUni, listed);
    }

    private static String historyName(PhoneSet phones, int h) {
        return h == phones.size() ? BOS : phones.symbol(h);
    }

    private static String outputName(PhoneSet phones, int w) {
        return w == phones.size() ? EOS : phones.symbol(w);
    }

    public PhoneSet phones() {
        return phones;
    }

    /** {@code ln P(next | previous)}, both phone indices. */
    public double logProb(int previous, int next) {
        return logProb[checkPhone(previous)][checkPhone(next)];
    }

    /** {@code ln P(phone | <s>)}: the first phone of a sentence. */
    public double logProbStart(int phone) {
        return logProb[phones.size()][checkPhone(phone)];
    }

    /** {@code ln P(</s> | phone)}: the sentence ends after {@code phone}. */
    public double logProbEnd(int phone) {
        return logProb[checkPhone(phone)][phones.size()];
    }

    /** {@code ln P(</s> | <s>)}: the empty sentence. */
    public double logProbEmpty() {
        return logProb[phones.size()][phones.size()];
    }

    private int checkPhone(int p) {
        if (p < 0 || p >= phones.size()) {
            throw new IllegalArgumentException("phone index " + p + " outside " + phones);
        }
        return p;
    }

    /** {@code ln P(<s> t0 t1 ... </s>)}, the log-probability of a whole transcript including its end. */
    public double logProb(int[] transcript) {
        int v = phones.size();
        int h = v;
        double s = 0;
        for (int p : transcript) {
            s += logProb[h][checkPhone(p)];
            h = p;
        }
        return s + logProb[h][v];
    }

    /**
     * Perplexity on held-out transcripts: {@code exp(-sum ln P / M)} where M counts every phone and one
     * {@code </s>} per transcript (as SRILM's {@code ppl}).
     */
    public double perplexity(Iterable<int[]> transcripts) {
        double sum = 0;
        long m = 0;
        for (int[] t : transcripts) {
            sum += logProb(t);
            m += t.length + 1;
        }
        if (m == 0) {
            throw new IllegalArgumentException("perplexity of no transcripts");
        }
        return Math.exp(-sum / m);
    }

    // ---- ARPA files ----

    /** Writes the model in ARPA format (see the class comment); a file of a few kilobytes for 48 phones. */
    public void save(Path file) throws IOException {
        int v = phones.size();
        int numBigrams = 0;
        for (boolean[] row : listed) {
            for (boolean b : row) {
                numBigrams += b ? 1 : 0;
            }
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("\\data\\\n");
            w.write("ngram 1=" + (v + 2) + "\n");
            w.write("ngram 2=" + numBigrams + "\n\n");
            w.write("\\1-grams:\n");
            w.write(fmt(-99.0) + "\t" + BOS + "\t" + fmt(log10Backoff(v)) + "\n");
            for (int p = 0; p < v; p++) {
                w.write(fmt(logUnigram[p] / LN10) + "\t" + phones.symbol(p) + "\t" + fmt(log10Backoff(p)) + "\n");
            }
            w.write(fmt(logUnigram[v] / LN10) + "\t" + EOS + "\n\n");
            w.write("\\2-grams:\n");
            for (int i = 0; i <= v; i++) {
                int h = i == 0 ? v : i - 1; // <s> first, then the phones in order
                for (int o = 0; o <= v; o++) {
                    if (listed[h][o]) {
                        w.write(fmt(logProb[h][o] / LN10) + "\t" + historyName(phones, h) + " "
                                + outputName(phones, o) + "\n");
                    }
                }
            }
            w.write("\n\\end\\\n");
        }
    }

    private static final double LN10 = Math.log(10);

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.8f", x);
    }

    /** log10 of the back-off weight of history h: (1 - sum listed P(w|h)) / (1 - sum listed Puni(w)). */
    private double log10Backoff(int h) {
        double num = 1;
        double den = 1;
        boolean any = false;
        for (int w = 0; w < logUnigram.length; w++) {
            if (listed[h][w]) {
                num -= Math.exp(logProb[h][w]);
                den -= Math.exp(logUnigram[w]);
                any = true;
            }
        }
        if (!any || num <= 1e-12 || den <= 1e-12) {
            return 0.0; // nothing backs off (every bigram listed) or nothing listed: weight 1
        }
        return Math.log10(num / den);
    }

    /**
     * Reads an ARPA bigram file written by {@link #save} or another toolkit (SRILM, IRSTLM, KenLM),
     * whose unigrams must be exactly the phones of {@code phones} plus {@code <s>} and {@code </s>}.
     * Each history's probabilities must sum to 1 within 1e-4.
     *
     * @throws LmFormatException naming the file and line for a malformed or inconsistent file
     */
    public static PhoneBigram load(Path file, PhoneSet phones) throws IOException {
        Objects.requireNonNull(phones, "phones");
        int v = phones.size();
        List<String> lines = TextLines.readAll(file, StandardCharsets.UTF_8, "language model");
        Map<String, Integer> outIndex = new HashMap<>();
        Map<String, Integer> histIndex = new HashMap<>();
        for (int p = 0; p < v; p++) {
            outIndex.put(phones.symbol(p), p);
            histIndex.put(phones.symbol(p), p);
        }
        outIndex.put(EOS, v);
        histIndex.put(BOS, v);

        int[] declared = new int[3];
        int section = -1; // -1 before \data\, 0 in \data\, 1 or 2 in n-gram sections, 3 after \end\
        int[] seenCount = new int[3];
        double[] log10Uni = new double[v + 1];
        boolean[] uniSeen = new boolean[v + 2]; // phones, </s>, <s>
        double[] log10Bow = new double[v + 1];
        double[][] log10Big = new double[v + 1][v + 1];
        boolean[][] listed = new boolean[v + 1][v + 1];
        int n = 0;
        for (String raw : lines) {
            n++;
            String t = raw.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (section == 3) {
                throw new LmFormatException(file, n, "text after \\end\\: '" + t + "'");
            }
            if (t.equals("\\data\\")) {
                if (section != -1) {
                    throw new LmFormatException(file, n, "second \\data\\ header");
                }
                section = 0;
                continue;
            }
            if (section == -1) {
                throw new LmFormatException(file, n, "expected the \\data\\ header of an ARPA file, got '" + t + "'");
            }
            if (t.equals("\\1-grams:") || t.equals("\\2-grams:")) {
                int s = t.charAt(1) - '0';
                if (s != section + 1) {
                    throw new LmFormatException(file, n, t + " out of order");
                }
                section = s;
                continue;
            }
            if (t.equals("\\end\\")) {
                if (section != 2) {
                    throw new LmFormatException(file, n, "\\end\\ before the \\2-grams: section");
                }
                section = 3;
                continue;
            }
            if (t.startsWith("\\")) {
                throw new LmFormatException(file, n, "unexpected section '" + t + "' (a phone bigram has 1-grams and 2-grams only)");
            }
            if (section == 0) {
                if (!t.matches("ngram\\s+[0-9]{1,9}\\s*=\\s*[0-9]{1,9}")) {
                    throw new LmFormatException(file, n, "expected 'ngram N=COUNT', got '" + t + "'");
                }
                String[] kv = t.substring(5).split("=");
                int order = Integer.parseInt(kv[0].strip());
                if (order < 1 || order > 2) {
                    throw new LmFormatException(file, n, "a phone bigram has orders 1 and 2, not " + order);
                }
                declared[order] = Integer.parseInt(kv[1].strip());
                continue;
            }
            String[] f = t.split("\\s+");
            int order = section;
            if (f.length != 1 + order && f.length != 2 + order) {
                throw new LmFormatException(file, n, "expected 'log10prob " + (order == 1 ? "phone" : "phone phone")
                        + " [backoff]', got '" + t + "'");
            }
            double lp = parseNumber(f[0], file, n, true);
            seenCount[order]++;
            if (order == 1) {
                String sym = f[1];
                int slot = sym.equals(BOS) ? v + 1 : outIndex.getOrDefault(sym, -1);
                if (slot < 0) {
                    throw new LmFormatException(file, n, "unigram '" + sym + "' is not in " + phones);
                }
                if (uniSeen[slot]) {
                    throw new LmFormatException(file, n, "unigram '" + sym + "' listed twice");
                }
                uniSeen[slot] = true;
                if (slot <= v) {
                    log10Uni[slot] = lp;
                }
                if (f.length == 3) {
                    if (sym.equals(EOS)) {
                        throw new LmFormatException(file, n, EOS + " cannot have a back-off weight (it is never a history)");
                    }
                    log10Bow[sym.equals(BOS) ? v : slot] = parseNumber(f[2], file, n, false);
                }
            } else {
                if (f.length == 4) {
                    throw new LmFormatException(file, n, "a bigram has no back-off weight in a bigram model: '" + t + "'");
                }
                Integer h = histIndex.get(f[1]);
                Integer w = outIndex.get(f[2]);
                if (h == null) {
                    throw new LmFormatException(file, n, "history '" + f[1] + "' is not " + BOS + " or a phone of " + phones);
                }
                if (w == null) {
                    throw new LmFormatException(file, n, "'" + f[2] + "' is not " + EOS + " or a phone of " + phones);
                }
                if (listed[h][w]) {
                    throw new LmFormatException(file, n, "bigram '" + f[1] + " " + f[2] + "' listed twice");
                }
                listed[h][w] = true;
                log10Big[h][w] = lp;
            }
        }
        if (section != 3) {
            throw new LmFormatException(file, "ends without \\end\\" + (section < 2 ? " (no \\2-grams: section)" : ""));
        }
        for (int order = 1; order <= 2; order++) {
            if (declared[order] != seenCount[order]) {
                throw new LmFormatException(file, "\\data\\ declares ngram " + order + "=" + declared[order] + " but "
                        + seenCount[order] + " are listed");
            }
        }
        for (int slot = 0; slot < v + 2; slot++) {
            if (!uniSeen[slot]) {
                String sym = slot < v ? phones.symbol(slot) : slot == v ? EOS : BOS;
                throw new LmFormatException(file, "no unigram for '" + sym + "' (the file must cover " + phones
                        + ", " + BOS + " and " + EOS + ")");
            }
        }
        double[] logUni = new double[v + 1];
        for (int w = 0; w <= v; w++) {
            logUni[w] = log10Uni[w] * LN10;
        }
        double[][] lp = new double[v + 1][v + 1];
        for (int h = 0; h <= v; h++) {
            double sum = 0;
            for (int w = 0; w <= v; w++) {
                lp[h][w] = listed[h][w] ? log10Big[h][w] * LN10 : (log10Bow[h] + log10Uni[w]) * LN10;
                sum += Math.exp(lp[h][w]);
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new LmFormatException(file, "probabilities after '" + historyName(phones, h) + "' sum to "
                        + String.format(Locale.ROOT, "%.6f", sum) + ", not 1");
            }
        }
        return new PhoneBigram(phones, lp, logUni, listed);
    }

    /** A log10 probability ({@code <= 0}) or back-off weight (any finite number). */
    private static double parseNumber(String s, Path file, int line, boolean probability) throws LmFormatException {
        double x;
        try {
            x = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new LmFormatException(file, line, "not a number: '" + s + "'");
        }
        if (!Double.isFinite(x) || (probability && x > 0)) {
            throw new LmFormatException(file, line, (probability ? "log10 probability must be a number <= 0"
                    : "log10 back-off weight must be a finite number") + ", got '" + s + "'");
        }
        return x;
    }
}
