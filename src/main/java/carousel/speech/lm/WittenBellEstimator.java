package carousel.speech.lm;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * vocabulary is a unigram, seen or not.
 */
public final class WittenBellEstimator {

    /** An n-gram as word ids (a key for the count tables). */
    private record Gram(int[] w) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Gram g && Arrays.equals(w, g.w);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(w);
        }

        Gram prefix() {
            return new Gram(Arrays.copyOf(w, w.length - 1));
        }

        Gram suffix() {
            return new Gram(Arrays.copyOfRange(w, 1, w.length));
        }

        int last() {
            return w[w.length - 1];
        }
    }

    private final int order;
    private final Vocabulary vocab;
    /** counts[k]: k-gram -> count, k = 1..N (k-grams with k < N that end a sentence included). */
    private final List<Map<Gram, long[]>> counts = new ArrayList<>();
    /** history -> {c(h), T(h)} for histories of length 1..N-1. */
    private final Map<Gram, long[]> histories = new HashMap<>();
    private long tokens;
    private int types;
    private final Map<Gram, Double> memo = new HashMap<>();

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
        for (int k = 0; k <= order; k++) {
            counts.add(new HashMap<>());
        }
        int n = 0;
        for (int[] s : sentences) {
            count(s);
            n++;
        }
        if (n == 0) {
            throw new IllegalArgumentException("no sentences to estimate a language model from");
        }
        for (Gram g : counts.get(1).keySet()) {
            types += g.last() == vocab.bos() ? 0 : 1;
        }
    }

    private void count(int[] s) {
        int[] padded = new int[s.length + 2];
        padded[0] = vocab.bos();
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0 || s[i] >= vocab.size() || s[i] == vocab.bos() || s[i] == vocab.eos()) {
                throw new IllegalArgumentException("word id " + s[i] + " at position " + i + " is not a word of the vocabulary");
            }
            padded[i + 1] = s[i];
        }
        padded[s.length + 1] = vocab.eos();
        for (int end = 1; end < padded.length; end++) {
            tokens++;
            for (int k = 1; k <= Math.min(order, end + 1); k++) {
                Gram g = new Gram(Arrays.copyOfRange(padded, end + 1 - k, end + 1));
                counts.get(k).computeIfAbsent(g, x -> new long[1])[0]++;
                if (k > 1) {
                    long[] h = histories.computeIfAbsent(g.prefix(), x -> new long[2]);
                    h[0]++;
                    h[1] += counts.get(k).get(g)[0] == 1 ? 1 : 0;
                }
            }
        }
    }

    /** {@code P(w | h)} of the interpolated model, {@code g = h w}. */
    public double probability(int[] historyAndWord) {
        return prob(new Gram(historyAndWord.clone()));
    }

    private double prob(Gram g) {
        Double m = memo.get(g);
        if (m != null) {
            return m;
        }
        double p;
        int w = g.last();
        if (g.w().length == 1) {
            long[] c = counts.get(1).get(g);
            p = ((c == null ? 0 : c[0]) + (double) types / (vocab.size() - 1)) / (tokens + types);
        } else {
            Gram h = g.prefix();
            double lower = prob(g.suffix());
            long[] ht = histories.get(h);
            if (ht == null) {
                p = lower;
            } else {
                long[] c = counts.get(g.w().length).get(g);
                p = ((c == null ? 0 : c[0]) + ht[1] * lower) / (ht[0] + ht[1]);
            }
        }
        if (w == vocab.bos()) {
            p = 0;
        }
        memo.put(g, p);
        return p;
    }

    /** Writes the model as an ARPA file (log10 values with 7 decimals). */
    public void write(Path file) throws IOException {
        List<List<Gram>> listed = new ArrayList<>();
        listed.add(List.of());
        List<Gram> uni = new ArrayList<>();
        for (int w = 0; w < vocab.size(); w++) {
            uni.add(new Gram(new int[] {w}));
        }
        listed.add(uni);
        for (int k = 2; k <= order; k++) {
            List<Gram> grams = new ArrayList<>(counts.get(k).keySet());
            grams.sort(WittenBellEstimator::compare);
            listed.add(grams);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("\\data\\\n");
            for (int k = 1; k <= order; k++) {
                out.write("ngram " + k + "=" + listed.get(k).size() + "\n");
            }
            for (int k = 1; k <= order; k++) {
                out.write("\n\\" + k + "-grams:\n");
                for (Gram g : listed.get(k)) {
                    double p = g.last() == vocab.bos() ? -99 : Math.log10(prob(g));
                    StringBuilder line = new StringBuilder(fmt(p)).append('\t');
                    for (int i = 0; i < g.w().length; i++) {
                        line.append(i > 0 ? " " : "").append(vocab.word(g.w()[i]));
                    }
                    long[] ht = k < order ? histories.get(g) : null;
                    if (ht != null) {
                        line.append('\t').append(fmt(Math.log10((double) ht[1] / (ht[0] + ht[1]))));
                    }
                    out.write(line.append('\n').toString());
                }
            }
            out.write("\n\\end\\\n");
        }
    }

    private static int compare(Gram a, Gram b) {
        return Arrays.compare(a.w(), b.w());
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.7f", x);
    }

    /** Number of distinct n-grams of order {@code k} seen (k >= 2), or the vocabulary size (k = 1). */
    public int count(int k) {
        return k == 1 ? vocab.size() : counts.get(k).size();
    }
}
