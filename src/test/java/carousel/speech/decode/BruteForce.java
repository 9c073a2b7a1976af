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
 */
final class BruteForce {
    private static final String[] WORDS = {"ab", "ac", "b", "ca", "cab"};
    private static final int[][] PRONS = {{1, 2}, {1, 3}, {2}, {3, 1}, {3, 1, 2}};
    private static final int SIL = 0;

    private BruteForce() {}

    static double best(NgramLm lm, WordDecoder d, double[][] ll, WordDecoderOptions opt) {
        double best = Double.NEGATIVE_INFINITY;
        for (int n = 0; n <= 3; n++) {
            int[] seq = new int[n];
            int combos = (int) Math.pow(WORDS.length, n);
            for (int c = 0; c < combos; c++) {
                int x = c;
                for (int i = 0; i < n; i++) { seq[i] = x % WORDS.length; x /= WORDS.length; }
                best = Math.max(best, bestForWords(lm, d, ll, opt, seq));
            }
        }
        return best;
    }

    static double bestForWords(NgramLm lm, WordDecoder d, double[][] ll, WordDecoderOptions opt, int[] seq) {
        double w = opt.lmWeight();
        if (seq.length == 0)   // silence alone
            return w * lm.finalLogProb(lm.startState()) + align(d.topology(), ll, List.of(SIL));
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
            List<Integer> phones = new ArrayList<>();
            double cost = lmCost;
            for (int i = 0; i <= n; i++) {
                boolean sil = (mask >> i & 1) == 1;
                if (sil) phones.add(SIL);
                if (i > 0 && i < n) cost += sil ? logSil : logNoSil;
                if (i == n && sil) cost += logSil;
                if (i < n) for (int p : PRONS[seq[i]]) phones.add(p);
            }
            if (cost == Double.NEGATIVE_INFINITY) continue;
            best = Math.max(best, cost + align(d.topology(), ll, phones));
        }
        return best;
    }

    /** Viterbi score of the frames through the chain of the phones' HMM states, exit included. */
    static double align(HmmTopology topo, double[][] ll, List<Integer> phones) {
        int k = topo.statesPerPhone();
        int[] chain = new int[phones.size() * k];
        for (int i = 0; i < phones.size(); i++) for (int j = 0; j < k; j++) chain[i * k + j] = phones.get(i) * k + j;
        int len = chain.length, frames = ll.length;
        if (len > frames) return Double.NEGATIVE_INFINITY;
        double[] a = new double[len];
        java.util.Arrays.fill(a, Double.NEGATIVE_INFINITY);
        a[0] = ll[0][chain[0]];
        for (int t = 1; t < frames; t++) {
            double[] b = new double[len];
            for (int j = 0; j < len; j++) {
                double stay = a[j] + topo.logSelfLoop(chain[j]);
                double move = j > 0 ? a[j - 1] + topo.logForward(chain[j - 1]) : Double.NEGATIVE_INFINITY;
                b[j] = Math.max(stay, move) + ll[t][chain[j]];
            }
            a = b;
        }
        return a[len - 1] + topo.logForward(chain[len - 1]);
    }
}
