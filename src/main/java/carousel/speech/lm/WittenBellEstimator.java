package carousel.speech.lm;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Estimates a word n-gram model of order N from sentences by interpolated Witten-Bell smoothing and
 * writes it as an ARPA back-off file. The same smoothing as {@link carousel.speech.decode.PhoneBigram},
 * carried to any order (I. H. Witten and T. C. Bell, "The zero-frequency problem", IEEE Trans. Inf.
 * Theory 37(4):1085-1094, 1991; interpolated form of S. F. Chen and J. Goodman, "An empirical study of
 * smoothing techniques for language modeling", TR-10-98, Harvard, 1998, section 2.4):
 *
 * <pre>
 *   P(w | h) = (c(h w) + T(h) P(w | h')) / (c(h) + T(h))     h' = h without its first word
 *   P(w)     = (c(w) + T0 / |V'|) / (n + T0)                  V' = vocabulary without <s>
 * </pre>
 *
 * where {@code c(h) = sum_w c(h w)}, {@code T(h)} the number of distinct words seen after {@code h},
 * {@code n} the tokens predicted and {@code T0} their distinct types. A sentence is {@code <s> w1 .. wn
 * </s>} (one {@code <s>}, as SRILM pads). Witten-Bell rather than modified Kneser-Ney: it needs no
 * discounts estimated from counts-of-counts, which the small texts this is for (a corpus's prompts) do
 * not have reliably, and every history's distribution sums to one by construction.
 *
 * <p><b>ARPA form.</b> Every n-gram seen in the text is listed with its interpolated probability; a
 * history's back-off weight is {@code T(h) / (c(h) + T(h))}, since an unseen {@code w} gets exactly
 * that times {@code P(w | h')}: the file represents the interpolated model exactly. Every word of the
 * vocabulary is a unigram, seen or not. Counts are held in sorted arrays ({@link NgramCounts}), so a
 * million-token text of order 6 takes a few hundred megabytes, not gigabytes.
 */
public final class WittenBellEstimator {

    private final int order;
    private final Vocabulary vocab;
    private final NgramCounts counts;
    /** prob[k][u]: P(last word | first k-1 words) of distinct k-gram u; prob[1] by word id over the vocabulary. */
    private final double[][] prob;

    /**
     * @param order     N, at least 1
     * @param vocab     the words; must hold {@code <s>} and {@code </s>}
     * @param sentences word ids of {@code vocab} without the sentence markers
     */
    public WittenBellEstimator(int order, Vocabulary vocab, Iterable<int[]> sentences) {
        if (order < 1) {
            throw new IllegalArgumentException("order must be >= 1, got " + order);
        }
        this.order = order;
        this.vocab = Objects.requireNonNull(vocab, "vocab");
        if (vocab.bos() < 0 || vocab.eos() < 0) {
            throw new IllegalArgumentException("the vocabulary needs <s> and </s>");
        }
        int n = 0;
        for (int[] s : sentences) {
            for (int i = 0; i < s.length; i++) {
                if (s[i] < 0 || s[i] >= vocab.size() || s[i] == vocab.bos() || s[i] == vocab.eos()) {
                    throw new IllegalArgumentException("word id " + s[i] + " at position " + i + " of sentence " + n
                            + " is not a word of the vocabulary");
                }
            }
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("no sentences to estimate a language model from");
        }
        this.counts = new NgramCounts(order, vocab.bos(), vocab.eos(), sentences);
        this.prob = new double[order + 1][];
        unigrams();
        for (int k = 2; k <= order; k++) {
            higher(k);
        }
    }

    /** P(w) = (c(w) + T0 / |V'|) / (n + T0) for every word but {@code <s>}. */
    private void unigrams() {
        long tokens = 0;
        int types = 0;
        double[] c = new double[vocab.size()];
        for (int u = 0; u < counts.end[1].length; u++) {
            int w = counts.word(1, u, 0);
            if (w != vocab.bos()) {
                c[w] = counts.count[1][u];
                tokens += counts.count[1][u];
                types++;
            }
        }
        prob[1] = new double[vocab.size()];
        for (int w = 0; w < vocab.size(); w++) {
            prob[1][w] = w == vocab.bos() ? 0 : (c[w] + (double) types / (vocab.size() - 1)) / (tokens + types);
        }
    }

    /** P(w | h) = (c(h w) + T(h) P(w | h')) / (c(h) + T(h)) for every k-gram h w of the text. */
    private void higher(int k) {
        int m = counts.end[k].length;
        double[] p = new double[m];
        int[] words = new int[k];
        int[] suffix = new int[k - 1];
        for (int u = 0; u < m; u++) {
            for (int i = 0; i < k; i++) {
                words[i] = counts.word(k, u, i);
            }
            System.arraycopy(words, 1, suffix, 0, k - 1);
            double lower = k == 2 ? prob[1][words[1]] : prob[k - 1][counts.find(suffix)];
            int h = counts.find(Arrays.copyOf(words, k - 1));
            p[u] = (counts.count[k][u] + counts.distinct[k - 1][h] * lower)
                    / (counts.followers[k - 1][h] + counts.distinct[k - 1][h]);
        }
        prob[k] = p;
    }

    /** {@code P(w | h)} of the interpolated model, {@code historyAndWord = h w} (at most N words). */
    public double probability(int[] historyAndWord) {
        int k = historyAndWord.length;
        if (k < 1 || k > order) {
            throw new IllegalArgumentException("an n-gram of 1.." + order + " words, got " + k);
        }
        if (k == 1) {
            return prob[1][historyAndWord[0]];
        }
        int u = counts.find(historyAndWord);
        if (u >= 0) {
            return prob[k][u];
        }
        double lower = probability(Arrays.copyOfRange(historyAndWord, 1, k));
        int h = counts.find(Arrays.copyOf(historyAndWord, k - 1));
        return h < 0 || counts.distinct[k - 1][h] == 0 ? lower
                : counts.distinct[k - 1][h] * lower / (counts.followers[k - 1][h] + counts.distinct[k - 1][h]);
    }

    /** Writes the model as an ARPA file (log10 values with 7 decimals). */
    public void write(Path file) throws IOException {
        int[] hist1 = new int[vocab.size()];
        Arrays.fill(hist1, -1);
        for (int u = 0; u < counts.end[1].length; u++) {
            hist1[counts.word(1, u, 0)] = u;
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("\\data\\\n");
            out.write("ngram 1=" + vocab.size() + "\n");
            for (int k = 2; k <= order; k++) {
                out.write("ngram " + k + "=" + counts.end[k].length + "\n");
            }
            out.write("\n\\1-grams:\n");
            for (int w = 0; w < vocab.size(); w++) {
                StringBuilder line = new StringBuilder(fmt(w == vocab.bos() ? -99 : Math.log10(prob[1][w])));
                line.append('\t').append(vocab.word(w));
                backoff(line, 1, hist1[w]);
                out.write(line.append('\n').toString());
            }
            for (int k = 2; k <= order; k++) {
                out.write("\n\\" + k + "-grams:\n");
                for (int u = 0; u < counts.end[k].length; u++) {
                    StringBuilder line = new StringBuilder(fmt(Math.log10(prob[k][u]))).append('\t');
                    for (int i = 0; i < k; i++) {
                        line.append(i > 0 ? " " : "").append(vocab.word(counts.word(k, u, i)));
                    }
                    backoff(line, k, u);
                    out.write(line.append('\n').toString());
                }
            }
            out.write("\n\\end\\\n");
        }
    }

    /** Appends the back-off weight T(h) / (c(h) + T(h)) of k-gram u when it is a history below the top order. */
    private void backoff(StringBuilder line, int k, int u) {
        if (k < order && u >= 0 && counts.distinct[k][u] > 0) {
            long t = counts.distinct[k][u];
            line.append('\t').append(fmt(Math.log10((double) t / (counts.followers[k][u] + t))));
        }
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.7f", x);
    }

    /** Number of distinct n-grams of order {@code k} seen (k >= 2), or the vocabulary size (k = 1). */
    public int count(int k) {
        return k == 1 ? vocab.size() : counts.end[k].length;
    }
}
