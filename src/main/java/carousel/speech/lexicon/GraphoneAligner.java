package carousel.speech.lexicon;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Aligns the letters of words with their phones, each letter taking no phone, one phone or two phones
 * (as {@code x} → {@code K S}): the graphones of a joint-sequence model (M. Bisani and H. Ney,
 * "Joint-sequence models for grapheme-to-phoneme conversion", Speech Communication 50(5):434-451, 2008,
 * here with Jiampojamarn et al.'s many-to-many restriction to 1-to-{0,1,2}: S. Jiampojamarn, G.
 * Kondrak and T. Sherif, "Applying many-to-many alignments and hidden Markov models to letter-to-phoneme
 * conversion", NAACL-HLT 2007).
 *
 * <p>The probabilities {@code p(letter, chunk)} are estimated by expectation-maximisation over all
 * alignments of every (word, pronunciation) pair (forward-backward on the (letters × phones) lattice),
 * then each pair's most probable alignment is taken. A chunk is coded as an int: 0 for no phone,
 * {@code 1 + p} for phone p, {@code 1 + 64 + 64 p1 + p2} for two phones (phone ids below 64). The
 * probabilities are a dense table (letter slot, chunk code): letters are numbered as first seen.
 */
final class GraphoneAligner {

    /** A (word, pronunciation) example: letters and phone ids. */
    record Example(String letters, int[] phones) {
    }

    /** Number of chunk codes. */
    static final int CHUNKS = 1 + 64 + 64 * 64;

    private final Map<Character, Integer> letterSlot = new HashMap<>();
    /** (letters, CHUNKS): p(letter, chunk), joint over all pairs. */
    private double[][] prob = new double[0][];

    static int single(int p) {
        return 1 + p;
    }

    static int pair(int p1, int p2) {
        return 1 + 64 + 64 * p1 + p2;
    }

    /** The phones of a chunk code. */
    static int[] phones(int chunk) {
        if (chunk == 0) {
            return new int[0];
        }
        if (chunk <= 64) {
            return new int[] {chunk - 1};
        }
        int c = chunk - 65;
        return new int[] {c / 64, c % 64};
    }

    /** Runs {@code iterations} EM iterations over the examples. */
    void train(List<Example> examples, int iterations) {
        for (Example e : examples) {
            for (int i = 0; i < e.letters().length(); i++) {
                letterSlot.putIfAbsent(e.letters().charAt(i), letterSlot.size());
            }
        }
        for (int it = 0; it < iterations; it++) {
            double[][] counts = new double[letterSlot.size()][CHUNKS];
            for (Example e : examples) {
                expect(e, counts, it == 0);
            }
            double total = 0;
            for (double[] row : counts) {
                for (double c : row) {
                    total += c;
                }
            }
            for (double[] row : counts) {
                for (int c = 0; c < CHUNKS; c++) {
                    row[c] /= total;
                }
            }
            prob = counts;
        }
    }

    private int[] slots(String letters) {
        int[] s = new int[letters.length()];
        for (int i = 0; i < s.length; i++) {
            Integer x = letterSlot.get(letters.charAt(i));
            s[i] = x == null ? -1 : x;
        }
        return s;
    }

    /** The prior weight of a chunk in the first iteration (one phone per letter is the usual case). */
    private static double initial(int chunk) {
        return chunk == 0 ? 0.5 : chunk <= 64 ? 1.0 : 0.2;
    }

    private double p(int slot, int chunk, boolean first) {
        if (first) {
            return initial(chunk);
        }
        return slot < 0 ? 0 : prob[slot][chunk];
    }

    /** Adds the expected counts of example {@code e}'s chunks (forward-backward). */
    private void expect(Example e, double[][] counts, boolean first) {
        int[] w = slots(e.letters());
        int[] ph = e.phones();
        int n = w.length;
        int m = ph.length;
        if (m > 2 * n) {
            return;
        }
        double[][] a = new double[n + 1][m + 1]; // a[i][j]: letters [0,i) with phones [0,j)
        double[][] b = new double[n + 1][m + 1]; // b[i][j]: letters [i,n) with phones [j,m)
        a[0][0] = 1;
        for (int i = 1; i <= n; i++) {
            int l = w[i - 1];
            for (int j = 0; j <= m; j++) {
                double s = a[i - 1][j] * p(l, 0, first);
                if (j >= 1) {
                    s += a[i - 1][j - 1] * p(l, single(ph[j - 1]), first);
                }
                if (j >= 2) {
                    s += a[i - 1][j - 2] * p(l, pair(ph[j - 2], ph[j - 1]), first);
                }
                a[i][j] = s;
            }
        }
        double z = a[n][m];
        if (!(z > 0)) {
            return;
        }
        b[n][m] = 1;
        for (int i = n - 1; i >= 0; i--) {
            int l = w[i];
            for (int j = m; j >= 0; j--) {
                double s = b[i + 1][j] * p(l, 0, first);
                if (j + 1 <= m) {
                    s += b[i + 1][j + 1] * p(l, single(ph[j]), first);
                }
                if (j + 2 <= m) {
                    s += b[i + 1][j + 2] * p(l, pair(ph[j], ph[j + 1]), first);
                }
                b[i][j] = s;
            }
        }
        for (int i = 0; i < n; i++) {
            int l = w[i];
            for (int j = 0; j <= m; j++) {
                if (a[i][j] == 0) {
                    continue;
                }
                add(counts, l, 0, a[i][j] * p(l, 0, first) * b[i + 1][j] / z);
                if (j + 1 <= m) {
                    int c = single(ph[j]);
                    add(counts, l, c, a[i][j] * p(l, c, first) * b[i + 1][j + 1] / z);
                }
                if (j + 2 <= m) {
                    int c = pair(ph[j], ph[j + 1]);
                    add(counts, l, c, a[i][j] * p(l, c, first) * b[i + 1][j + 2] / z);
                }
            }
        }
    }

    private static void add(double[][] counts, int slot, int chunk, double x) {
        counts[slot][chunk] += x;
    }

    /**
     * The most probable alignment of {@code e}: one chunk code per letter, or null when no alignment has
     * a non-zero probability (more than two phones per letter, or chunks never seen).
     */
    int[] align(Example e) {
        int[] w = slots(e.letters());
        int[] ph = e.phones();
        int n = w.length;
        int m = ph.length;
        if (m > 2 * n) {
            return null;
        }
        double[][] v = new double[n + 1][m + 1]; // best log probability
        int[][] back = new int[n + 1][m + 1];    // phones taken by letter i-1: 0, 1 or 2
        for (double[] row : v) {
            Arrays.fill(row, Double.NEGATIVE_INFINITY);
        }
        v[0][0] = 0;
        for (int i = 1; i <= n; i++) {
            int l = w[i - 1];
            for (int j = 0; j <= m; j++) {
                for (int k = 0; k <= 2 && k <= j; k++) {
                    int c = k == 0 ? 0 : k == 1 ? single(ph[j - 1]) : pair(ph[j - 2], ph[j - 1]);
                    double s = v[i - 1][j - k] + Math.log(p(l, c, false));
                    if (s > v[i][j]) {
                        v[i][j] = s;
                        back[i][j] = k;
                    }
                }
            }
        }
        if (v[n][m] == Double.NEGATIVE_INFINITY) {
            return null;
        }
        int[] chunks = new int[n];
        int j = m;
        for (int i = n; i >= 1; i--) {
            int k = back[i][j];
            chunks[i - 1] = k == 0 ? 0 : k == 1 ? single(ph[j - 1]) : pair(ph[j - 2], ph[j - 1]);
            j -= k;
        }
        return chunks;
    }
}
