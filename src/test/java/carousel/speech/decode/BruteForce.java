package carousel.speech.decode;

import carousel.speech.lm.NgramLm;

import java.util.ArrayList;
import java.util.List;

/**
 * The reference for {@link WordDecoderTest}: every word sequence of up to three words of the test
 * lexicon, with every choice of optional silence, force-aligned by plain Viterbi over its chain of HMM
 * states; the best total is what the search must find. Silence costs as {@link WordDecoder} defines
 * them: at the start free, between words ln silenceProb (or ln(1 − silenceProb) without), after the
 * last word ln silenceProb (or nothing without).
 *
 * <p>With a {@link Tied} model the frames score tied triphone states as {@link ContextStates} defines
 * them, computed here from the map directly: inside a word the triphone's tied state, a word's first
 * phone after the phone before it in the chain (silence, the previous word's last phone, or the boundary
 * P at the start), a word's last phone with its right context summed out (log-sum-exp over the tied
 * states of (left, p, any)), silence its context-independent sum.
 */
final class BruteForce {
    private static final String[] WORDS = {"ab", "ac", "b", "ca", "cab"};
    private static final int[][] PRONS = {{1, 2}, {1, 3}, {2}, {3, 1}, {3, 1, 2}};
    private static final int SIL = 0;

    private BruteForce() {}

    /** Tied-state log scores (T, N), the map of triphone states to them, and each tied state's phone-state. */
    record Tied(float[][] scores, TriphoneDecoder.StateMap map, int[] ciOfTied, int numPhones) {}

    static double best(NgramLm lm, WordDecoder d, double[][] ll, WordDecoderOptions opt) {
        return best(lm, d, ll, opt, null);
    }

    static double best(NgramLm lm, WordDecoder d, double[][] ll, WordDecoderOptions opt, Tied tied) {
        double best = Double.NEGATIVE_INFINITY;
        for (int n = 0; n <= 3; n++) {
            int[] seq = new int[n];
            int combos = (int) Math.pow(WORDS.length, n);
            for (int c = 0; c < combos; c++) {
                int x = c;
                for (int i = 0; i < n; i++) { seq[i] = x % WORDS.length; x /= WORDS.length; }
                best = Math.max(best, bestForWords(lm, d, ll, opt, seq, tied));
            }
        }
        return best;
    }

    static double bestForWords(NgramLm lm, WordDecoder d, double[][] ll, WordDecoderOptions opt, int[] seq) {
        return bestForWords(lm, d, ll, opt, seq, null);
    }

    static double bestForWords(NgramLm lm, WordDecoder d, double[][] ll, WordDecoderOptions opt, int[] seq, Tied tied) {
        double w = opt.lmWeight();
        if (seq.length == 0)   // silence alone
            return w * lm.finalLogProb(lm.startState()) + align(d.topology(), ll, List.of(SIL), List.of(-1), tied);
        double lmCost = 0;
        int state = lm.startState();
        for (int word : seq) {
            long r = lm.next(state, lm.vocabulary().id(WORDS[word]));
            lmCost += w * NgramLm.logProbOf(r) + opt.wordInsertionPenalty();
            state = NgramLm.stateOf(r);
        }
        lmCost += w * lm.finalLogProb(state);
        double logSil = opt.silenceProb() > 0 ? Math.log(opt.silenceProb()) : Double.NEGATIVE_INFINITY;
        double logNoSil = Math.log1p(-opt.silenceProb());
        double best = Double.NEGATIVE_INFINITY;
        int n = seq.length;
        for (int mask = 0; mask < (1 << (n + 1)); mask++) {   // bit i: silence before word i (i = n: after the last)
            List<Integer> phones = new ArrayList<>(), right = new ArrayList<>();   // right: the next phone in the word, -1 at its end or silence
            double cost = lmCost;
            for (int i = 0; i <= n; i++) {
                boolean sil = (mask >> i & 1) == 1;
                if (sil) { phones.add(SIL); right.add(-1); }
                if (i > 0 && i < n) cost += sil ? logSil : logNoSil;
                if (i == n && sil) cost += logSil;
                if (i < n) {
                    int[] pr = PRONS[seq[i]];
                    for (int j = 0; j < pr.length; j++) { phones.add(pr[j]); right.add(j + 1 < pr.length ? pr[j + 1] : -1); }
                }
            }
            if (cost == Double.NEGATIVE_INFINITY) continue;
            best = Math.max(best, cost + align(d.topology(), ll, phones, right, tied));
        }
        return best;
    }

    /** Viterbi score of the frames through the chain of the phones' HMM states, exit included. */
    static double align(HmmTopology topo, double[][] ll, List<Integer> phones) {
        return align(topo, ll, phones, null, null);
    }

    /**
     * As {@link #align(HmmTopology, double[][], List)}; with
     * {@code tied}, each state scores its triphone's tied states (the left context: the chain's previous
     * phone, the boundary at the start; the right: {@code right}, summed out where -1).
     */
    static double align(HmmTopology topo, double[][] ll, List<Integer> phones, List<Integer> right, Tied tied) {
        int k = topo.statesPerPhone();
        int[] chain = new int[phones.size() * k];
        for (int i = 0; i < phones.size(); i++) for (int j = 0; j < k; j++) chain[i * k + j] = phones.get(i) * k + j;
        int len = chain.length, frames = ll.length;
        if (len > frames) return Double.NEGATIVE_INFINITY;
        double[][] emit = new double[frames][len];   // (T, chain)
        for (int i = 0; i < phones.size(); i++)
            for (int j = 0; j < k; j++)
                for (int t = 0; t < frames; t++)
                    emit[t][i * k + j] = tied == null ? ll[t][chain[i * k + j]]
                            : tiedScore(tied, t, i == 0 ? tied.numPhones() : phones.get(i - 1), phones.get(i), right.get(i), j, k);
        double[] a = new double[len];
        java.util.Arrays.fill(a, Double.NEGATIVE_INFINITY);
        a[0] = emit[0][0];
        for (int t = 1; t < frames; t++) {
            double[] b = new double[len];
            for (int j = 0; j < len; j++) {
                double stay = a[j] + topo.logSelfLoop(chain[j]);
                double move = j > 0 ? a[j - 1] + topo.logForward(chain[j - 1]) : Double.NEGATIVE_INFINITY;
                b[j] = Math.max(stay, move) + emit[t][j];
            }
            a = b;
        }
        return a[len - 1] + topo.logForward(chain[len - 1]);
    }

    /** ln Σ exp(score) over the tied states state s of phone p may read between left and right (-1: any); silence: all of its own. */
    private static double tiedScore(Tied tied, int t, int left, int p, int right, int s, int k) {
        java.util.TreeSet<Integer> set = new java.util.TreeSet<>();
        if (p == SIL) {
            for (int j = 0; j < tied.ciOfTied().length; j++) if (tied.ciOfTied()[j] == p * k + s) set.add(j);
        } else {
            for (int r = 0; r <= tied.numPhones(); r++) if (right < 0 || r == right) set.add(tied.map().index(left, p, r, s));
        }
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j : set) max = Math.max(max, tied.scores()[t][j]);
        for (int j : set) sum += Math.exp(tied.scores()[t][j] - max);
        return max + Math.log(sum);
    }
}
