package carousel.speech.lm;

import java.util.Arrays;

/**
 * The arrays of a back-off n-gram model, filled by a reader one n-gram at a time (orders ascending)
 * and then {@link #finish() finished}; {@link NgramLm} is the read-only view.
 *
 * <p><b>Entries.</b> Every n-gram has a global entry id: 0 is the empty context, {@code 1 + w} the
 * unigram of word {@code w} (dense, V entries), and an order-k n-gram ({@code k >= 2}) is
 * {@code offset[k] + slot}, its slot in order k's open-addressing table (linear probing, load at most
 * {@link #MAX_LOAD}). The table key of {@code (w1..wk)} is {@code (entry of (w1..wk-1)) << 32 | wk}: a
 * trie by hashing, no strings. Arrays over entries (empty slots included):
 * <pre>
 *   prob[e]    (all entries)      ln P(wk | w1..wk-1)
 *   next[e]    (all entries)      the LM state after the words w1..wk (see below)
 *   bow[e]     (orders 0..N-1)    ln back-off weight of the context w1..wk (0 when absent)
 *   suffix     (orders 3..N-1)    entry of the longest listed proper suffix (w2..wk, or shorter); not
 *                                 stored below order 3: a bigram's is the unigram of its word, a
 *                                 unigram's the empty context (see {@link #suffix(int, int)})
 *   keys[k][s] (orders 2..N)      the key of slot s, 0 for an empty slot
 * </pre>
 *
 * <p><b>States.</b> An LM state is the entry of the longest listed suffix of the history that is a
 * <em>context</em>: has a longer n-gram after it or a non-zero back-off weight (others behave exactly as
 * their suffix, so dropping them keeps states few, as KenLM's state minimisation does). Two histories
 * with the same state have the same distribution over the next word.
 */
final class NgramTables {

    static final double MAX_LOAD = 0.75;

    final int order;
    final int vocabSize;
    /** (N + 2): offset[k] is the first entry id of order k; offset[N + 1] the number of entries. */
    final int[] offset;
    final long[][] keys;
    final float[] prob;
    final int[] next;
    final float[] bow;
    /** Suffixes of the entries of orders 3..N-1, indexed by {@code e - offset[3]}. */
    private final int[] suffix3;
    /** Bit per context entry: whether a longer n-gram extends it. */
    private final long[] extended;
    final long[] counts;

    /**
     * @param counts (N + 1): counts[k] the number of order-k n-grams to be inserted, counts[1] = V
     */
    NgramTables(long[] counts) {
        this.order = counts.length - 1;
        if (order < 1) {
            throw new IllegalArgumentException("an n-gram model needs order >= 1");
        }
        this.vocabSize = Math.toIntExact(counts[1]);
        this.offset = new int[order + 2];
        this.keys = new long[order + 1][];
        offset[1] = 1;
        long total = 1L + vocabSize;
        for (int k = 2; k <= order + 1; k++) {
            offset[k] = (int) total;
            if (k <= order) {
                int cap = capacity(counts[k]);
                keys[k] = new long[cap];
                total += cap;
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("n-gram model too large for int entry ids (" + total + " slots)");
            }
        }
        this.prob = new float[(int) total];
        this.next = new int[(int) total];
        this.bow = new float[offset[order]];
        this.suffix3 = new int[order > 3 ? offset[order] - offset[3] : 0];
        this.extended = new long[(offset[order] + 63) / 64];
        this.counts = new long[order + 1];
        this.counts[1] = vocabSize;
    }

    /** Slots for n n-grams: at most {@link #MAX_LOAD} full, at least one slot free. */
    static int capacity(long n) {
        long cap = Math.max(n + 1, (long) Math.ceil(n / MAX_LOAD));
        if (cap > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(n + " n-grams of one order are more than this model can hold");
        }
        return (int) cap;
    }

    static long key(int context, int word) {
        return ((long) context << 32) | (word & 0xFFFFFFFFL);
    }

    /** A slot in [0, cap): a mixed hash mapped by multiply-shift (no power-of-two capacity needed). */
    private static int home(long key, int cap) {
        long h = key * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (((h >>> 32) * cap) >>> 32);
    }

    /** The order of entry {@code e} (0 for the empty context). */
    int orderOf(int e) {
        int k = 0;
        while (k < order && e >= offset[k + 1]) {
            k++;
        }
        return k;
    }

    /**
     * The entry of n-gram {@code context + word} of order {@code k}, or -1 when it is not listed.
     *
     * @param context the entry of the first k-1 words (0 for k = 1)
     */
    int find(int k, int context, int word) {
        if (k == 1) {
            return 1 + word;
        }
        long key = key(context, word);
        long[] t = keys[k];
        int cap = t.length;
        for (int i = home(key, cap); ; ) {
            long x = t[i];
            if (x == key) {
                return offset[k] + i;
            }
            if (x == 0) {
                return -1;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /**
     * Inserts order-k n-gram {@code context + word} ({@code k >= 2}) with its ln probability and (below
     * the top order) ln back-off weight, and returns its entry, or -1 when it is already listed.
     */
    int insert(int k, int context, int word, float lnProb, float lnBackoff) {
        long key = key(context, word);
        long[] t = keys[k];
        int cap = t.length;
        int i = home(key, cap);
        while (t[i] != 0) {
            if (t[i] == key) {
                return -1;
            }
            if (++i == cap) {
                i = 0;
            }
        }
        t[i] = key;
        int e = offset[k] + i;
        prob[e] = lnProb;
        extended[context >>> 6] |= 1L << context;
        if (k < order) {
            bow[e] = lnBackoff;
            if (k >= 3) {
                int cs = suffix(context, k - 1);
                suffix3[e - offset[3]] = longest(cs, orderOf(cs), word);
            }
        }
        counts[k]++;
        return e;
    }

    /** Sets unigram {@code word}'s ln probability and back-off weight. */
    void setUnigram(int word, float lnProb, float lnBackoff) {
        prob[1 + word] = lnProb;
        if (order > 1) {
            bow[1 + word] = lnBackoff;
        }
    }

    /** The entry of the longest listed n-gram {@code (words of context state s) + word}, s of order j. */
    int longest(int s, int j, int word) {
        while (true) {
            int e = find(j + 1, s, word);
            if (e >= 0) {
                return e;
            }
            s = suffix(s, j);
            j--;
        }
    }

    /** The back-off entry of entry {@code e} of order {@code k < N}: its longest listed proper suffix. */
    int suffix(int e, int k) {
        if (k <= 1) {
            return 0;
        }
        if (k == 2) {
            return 1 + (int) keys[2][e - offset[2]];
        }
        return suffix3[e - offset[3]];
    }

    boolean isContext(int e) {
        return e == 0 || (e < offset[order] && (bow[e] != 0f || (extended[e >>> 6] & (1L << e)) != 0));
    }

    /** Fills {@link #next} for every listed entry; call once, after the last insertion. */
    void finish() {
        for (int k = 1; k <= order; k++) {
            for (int e = offset[k]; e < offset[k + 1]; e++) {
                int cand;
                if (k < order) {
                    cand = e;
                } else if (k == 1) {
                    cand = 0;
                } else {
                    long key = keys[k][e - offset[k]];
                    if (key == 0) {
                        continue;
                    }
                    int context = (int) (key >>> 32);
                    int s = suffix(context, k - 1);
                    cand = longest(s, orderOf(s), (int) key);
                }
                while (!isContext(cand)) {
                    cand = suffix(cand, orderOf(cand));
                }
                next[e] = cand;
            }
        }
    }

    /** Bytes held by the arrays. */
    long arrayBytes() {
        long b = 4L * prob.length + 4L * next.length + 4L * bow.length + 4L * suffix3.length + 8L * extended.length;
        for (long[] t : keys) {
            b += t == null ? 0 : 8L * t.length;
        }
        return b;
    }

    @Override
    public String toString() {
        return "NgramTables order " + order + " counts " + Arrays.toString(counts);
    }
}
