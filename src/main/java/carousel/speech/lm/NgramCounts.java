package carousel.speech.lm;

import java.util.Arrays;

/**
 * The n-grams of a text and their counts, held as sorted arrays over one token stream (no object per
 * n-gram), for {@link WittenBellEstimator}. The sentences are laid end to end as {@code <s> w1 .. wn
 * </s>}; an order-k n-gram is named by the stream position of its last word. For each order the
 * distinct n-grams are sorted by their word ids (lexicographically), each with its count and, as a
 * history, the sum {@code c(h)} and number of distinct words {@code T(h)} that follow it.
 */
final class NgramCounts {

    final int order;
    /** The token stream. */
    private final int[] stream;
    /** (stream length): the position of the {@code <s>} that starts each token's sentence. */
    private final int[] sentenceStart;
    /** end[k][u]: stream position of the last word of distinct k-gram u (sorted order). */
    final int[][] end;
    /** count[k][u]: occurrences of k-gram u. */
    final long[][] count;
    /** followers[k][u], distinct[k][u]: c(h) and T(h) of k-gram u as a history (k < N). */
    final long[][] followers;
    final int[][] distinct;

    NgramCounts(int order, int bos, int eos, Iterable<int[]> sentences) {
        this.order = order;
        int total = 0;
        for (int[] s : sentences) {
            total = Math.addExact(total, s.length + 2);
        }
        stream = new int[total];
        sentenceStart = new int[total];
        int at = 0;
        for (int[] s : sentences) {
            int start = at;
            stream[at++] = bos;
            for (int w : s) {
                stream[at++] = w;
            }
            stream[at++] = eos;
            Arrays.fill(sentenceStart, start, at, start);
        }
        end = new int[order + 1][];
        count = new long[order + 1][];
        followers = new long[order + 1][];
        distinct = new int[order + 1][];
        for (int k = 1; k <= order; k++) {
            collect(k);
        }
        for (int k = 1; k < order; k++) {
            histories(k);
        }
    }

    /** Whether a k-gram ends at p: inside one sentence, {@code <s>} only as the 1-gram (a history). */
    private boolean ends(int p, int k) {
        return p - k + 1 >= sentenceStart[p] && (k == 1 || p != sentenceStart[p]);
    }

    /** Sorts the k-grams of the stream and counts the distinct ones. */
    private void collect(int k) {
        int n = 0;
        for (int p = 0; p < stream.length; p++) {
            n += ends(p, k) ? 1 : 0;
        }
        Integer[] pos = new Integer[n];
        n = 0;
        for (int p = 0; p < stream.length; p++) {
            if (ends(p, k)) {
                pos[n++] = p;
            }
        }
        Arrays.sort(pos, (a, b) -> compareAt(a, b, k));
        int[] e = new int[n];
        long[] c = new long[n];
        int u = -1;
        for (int i = 0; i < n; i++) {
            if (u < 0 || compareAt(e[u], pos[i], k) != 0) {
                e[++u] = pos[i];
            }
            c[u]++;
        }
        end[k] = Arrays.copyOf(e, u + 1);
        count[k] = Arrays.copyOf(c, u + 1);
    }

    /** Compares the k-grams ending at stream positions a and b. */
    private int compareAt(int a, int b, int k) {
        for (int i = k - 1; i >= 0; i--) {
            int d = Integer.compare(stream[a - i], stream[b - i]);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    /** c(h) and T(h) for every k-gram h from the (k+1)-grams, which are sorted so that each h's are adjacent. */
    private void histories(int k) {
        long[] f = new long[end[k].length];
        int[] t = new int[end[k].length];
        int[] next = end[k + 1];
        for (int u = 0; u < next.length; u++) {
            int h = find(k, next[u] - 1);
            f[h] += count[k + 1][u];
            t[h]++;
        }
        followers[k] = f;
        distinct[k] = t;
    }

    /** The index of the k-gram that ends at stream position p among the distinct k-grams (it must occur). */
    int find(int k, int p) {
        int u = find(Arrays.copyOfRange(stream, p - k + 1, p + 1));
        if (u < 0) {
            throw new IllegalStateException("the " + k + "-gram ending at " + p + " was not counted");
        }
        return u;
    }

    /** The index of the k-gram {@code words} (length k), or -1 when the text has none. */
    int find(int[] words) {
        int k = words.length;
        int lo = 0;
        int hi = end[k].length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int d = 0;
            for (int i = 0; i < k && d == 0; i++) {
                d = Integer.compare(stream[end[k][mid] - k + 1 + i], words[i]);
            }
            if (d < 0) {
                lo = mid + 1;
            } else if (d > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Word i (0-based) of distinct k-gram u. */
    int word(int k, int u, int i) {
        return stream[end[k][u] - k + 1 + i];
    }

}
