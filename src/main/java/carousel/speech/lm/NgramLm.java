package carousel.speech.lm;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A back-off n-gram language model of any order (Katz 1987; the ARPA form written by SRILM, KenLM,
 * CMU Sphinx): immutable and thread-safe, so one instance serves every decoder thread.
 *
 * <pre>
 *   P(w | h1..hk) = P*(w | h1..hk)                        when the n-gram h1..hk w is listed
 *                 = bow(h1..hk) * P(w | h2..hk)           otherwise (bow = 1 when h1..hk is not listed)
 * </pre>
 *
 * <p><b>States.</b> A decoder keeps an int <em>state</em> per hypothesis instead of its word history:
 * the longest suffix of the history that the model can still use (see {@link NgramTables}). States are
 * few (at most the number of listed n-grams below the top order) and comparable: equal states mean
 * equal futures, so hypotheses with equal states can be recombined. {@link #startState()} is the state
 * after {@code <s>}; {@link #next(int, int)} gives the probability of a word and the state after it in
 * one call, packed in a {@code long} so that the hot path allocates nothing.
 *
 * <p>All probabilities are natural logarithms as {@code float}. Words are ids of {@link #vocabulary()};
 * map a word outside it to {@link Vocabulary#unk()} (when the model has one) before asking.
 */
public final class NgramLm {

    private final NgramTables t;
    private final Vocabulary vocabulary;
    private final int start;

    NgramLm(NgramTables tables, Vocabulary vocabulary) {
        if (vocabulary.size() != tables.vocabSize) {
            throw new IllegalArgumentException("vocabulary of " + vocabulary.size() + " words for tables of "
                    + tables.vocabSize + " unigrams");
        }
        if (vocabulary.bos() < 0 || vocabulary.eos() < 0) {
            throw new IllegalArgumentException("an n-gram model needs the unigrams " + Vocabulary.BOS + " and " + Vocabulary.EOS);
        }
        this.t = tables;
        this.vocabulary = vocabulary;
        this.start = tables.next[1 + vocabulary.bos()];
    }

    /** Reads an ARPA file ({@link ArpaReader}). */
    public static NgramLm read(Path arpa) throws IOException {
        return ArpaReader.read(arpa);
    }

    /** The highest order N. */
    public int order() {
        return t.order;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** The number of listed n-grams of order {@code k} (1..N). */
    public long count(int k) {
        if (k < 1 || k > t.order) {
            throw new IllegalArgumentException("order " + k + " outside 1.." + t.order);
        }
        return t.counts[k];
    }

    /** The state after {@code <s>}: where every sentence starts. */
    public int startState() {
        return start;
    }

    /** The state with no history (unigram probabilities). */
    public int emptyState() {
        return 0;
    }

    /**
     * The ln probability of {@code word} in {@code state}, with back-off, and the state after it.
     *
     * @return both packed: read them with {@link #logProbOf(long)} and {@link #stateOf(long)}
     */
    public long next(int state, int word) {
        if (word < 0 || word >= t.vocabSize) {
            throw new IllegalArgumentException("word id " + word + " outside the vocabulary (0.." + (t.vocabSize - 1) + ")");
        }
        NgramTables tb = t;
        int s = state;
        int j = tb.orderOf(s);
        float backoff = 0f;
        while (true) {
            int e = tb.find(j + 1, s, word);
            if (e >= 0) {
                return pack(backoff + tb.prob[e], tb.next[e]);
            }
            backoff += tb.bow[s];
            s = tb.suffix(s, j);
            j--;
        }
    }

    static long pack(float logProb, int state) {
        return ((long) Float.floatToRawIntBits(logProb) << 32) | (state & 0xFFFFFFFFL);
    }

    /** The ln probability part of a {@link #next} result. */
    public static float logProbOf(long packed) {
        return Float.intBitsToFloat((int) (packed >>> 32));
    }

    /** The state part of a {@link #next} result. */
    public static int stateOf(long packed) {
        return (int) packed;
    }

    /** {@code ln P(word | state)} with back-off. */
    public float logProb(int state, int word) {
        return logProbOf(next(state, word));
    }

    /** {@code ln P(</s> | state)}: the sentence ends here. */
    public float finalLogProb(int state) {
        return logProbOf(next(state, vocabulary.eos()));
    }

    /** The number of words of history that {@code state} stands for (0 for the empty state). */
    public int stateLength(int state) {
        checkState(state);
        return t.orderOf(state);
    }

    /** An upper bound (exclusive) on state ids, for decoders that index tables by state. */
    public int stateBound() {
        return t.offset[t.order];
    }

    private void checkState(int state) {
        if (state < 0 || state >= t.offset[t.order]) {
            throw new IllegalArgumentException("LM state " + state + " outside 0.." + (t.offset[t.order] - 1));
        }
    }

    /**
     * {@code ln P(words </s> | <s>)}: a whole sentence of word ids, its end included (as SRILM's
     * {@code ppl} scores a line).
     */
    public double sentenceLogProb(int[] words) {
        int s = start;
        double sum = 0;
        for (int w : words) {
            long r = next(s, w);
            sum += logProbOf(r);
            s = stateOf(r);
        }
        return sum + finalLogProb(s);
    }

    /** Bytes held by the model's arrays (n-gram tables and vocabulary ids; word strings not counted). */
    public long arrayBytes() {
        return t.arrayBytes() + vocabulary.arrayBytes();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(t.order + "-gram LM (");
        for (int k = 1; k <= t.order; k++) {
            b.append(k > 1 ? ", " : "").append(k).append("-grams ").append(t.counts[k]);
        }
        return b.append(')').toString();
    }
}
