package carousel.speech.decode;

import carousel.speech.lm.NgramLm;

import java.util.Arrays;
import java.util.Objects;

/**
 * The second pass of a two-pass recogniser: a {@link WordDecoder}'s word lattice rescored with another
 * (usually larger, possibly higher-order) n-gram LM, as Kaldi's {@code lattice-lmrescore} does (first-pass
 * LM scores off, the new LM's on; Ljolje, Pereira &amp; Riley, "Efficient general lattice generation and
 * rescoring", Eurospeech 1999).
 *
 * <p><b>What changes on an arc.</b> Each lattice arc keeps the first-pass LM ln probability inside its
 * weight ({@link WordLattice#arcLm}); the rescored weight is
 * {@code weight − lmWeight · lnP_first + lmWeight · lnP_new(word | history)}: acoustics, transitions,
 * silence choices and the word insertion penalty stay as the first pass scored them. Into the final
 * record, {@code lnP_new(</s> | history)} is added as the first pass added its own.
 *
 * <p><b>Histories.</b> A first-pass record stands for one state of the first-pass LM, which may not
 * determine the new LM's state (a trigram after a bigram first pass, or a model with other back-offs).
 * So records are expanded by the new LM's state: a node of the rescored lattice is (record, new LM
 * state), reached from every expanded node of each arc's source, its state the new LM's state after the
 * arc's word (silence keeps it). The expansion is exact (the composition of the lattice with the LM)
 * except for one bound: at most {@code maxStates} new-LM states per first-pass record, the best ones by
 * Viterbi score, so a record's expansions cannot multiply without end along the utterance; all arcs into
 * kept nodes are kept. The final record is not split (every path ends with {@code </s>}). Rescoring
 * with the first pass's own LM therefore gives back the first pass's lattice, one node per record and
 * the same best path.
 *
 * <p>The result is again a {@link WordLattice}, so best path, confidences and n-best are computed on it
 * as on the first pass's. Immutable and thread-safe.
 */
public final class LatticeRescorer {
    /** The default bound on new-LM states per first-pass record. */
    public static final int DEFAULT_MAX_STATES = 64;

    private final NgramLm lm;
    private final int[] lmWord;   // (W) the new LM's id of each word index
    private final int maxStates;

    /**
     * @param lm        the rescoring LM
     * @param lmWord    for each word index of the first pass, its id in {@code lm}'s vocabulary
     * @param maxStates at most this many new-LM states per first-pass record (≥ 1)
     */
    public LatticeRescorer(NgramLm lm, int[] lmWord, int maxStates) {
        this.lm = Objects.requireNonNull(lm, "lm");
        this.lmWord = lmWord.clone();
        if (maxStates < 1) throw new IllegalArgumentException("maxStates must be at least 1, got " + maxStates);
        this.maxStates = maxStates;
        for (int w : this.lmWord)
            if (w < 0 || w >= lm.vocabulary().size()) throw new IllegalArgumentException("rescoring LM word id " + w + " outside its vocabulary");
    }

    public NgramLm lm() { return lm; }

    /** The number of word indices it maps. */
    public int numWords() { return lmWord.length; }

    /** A rescored lattice and its final record. */
    record Rescored(WordLattice lattice, int finalRecord) {}

    /** Rescores the paths of {@code in} into {@code finalRecord}, whose arcs carry {@code lmWeight} × the first-pass LM. */
    Rescored rescore(WordLattice in, int finalRecord, double lmWeight) {
        boolean[] reach = new boolean[finalRecord + 1];
        reach[finalRecord] = true;
        for (int r = finalRecord; r >= 0; r--) {
            if (!reach[r]) continue;
            for (int a = in.arcBegin(r); a < in.arcEnd(r); a++) if (in.arcPrev(a) >= 0) reach[in.arcPrev(a)] = true;
        }
        // expansions of each record: new-LM state, node of the rescored lattice, its Viterbi score
        int[] expBegin = new int[finalRecord + 2];
        int[] expState = new int[256], expNode = new int[256];
        double[] expScore = new double[256];
        int numExp = 0;
        WordLattice out = new WordLattice();
        Candidates c = new Candidates();
        int finalNode = -1;
        for (int r = 0; r <= finalRecord; r++) {
            expBegin[r] = numExp;
            if (!reach[r]) continue;
            boolean last = r == finalRecord;
            c.clear();
            for (int a = in.arcBegin(r); a < in.arcEnd(r); a++) {
                int p = in.arcPrev(a), word = in.arcWord(a);
                double rest = in.arcWeight(a) - lmWeight * in.arcLm(a);   // what the first pass scored besides its LM
                int from = p < 0 ? -1 : expBegin[p], to = p < 0 ? 0 : expBegin[p + 1];
                for (int e = from; e < to; e++) {
                    int state = e < 0 ? lm.startState() : expState[e];
                    double score = e < 0 ? 0 : expScore[e];
                    int src = e < 0 ? -1 : expNode[e];
                    float logP;
                    int next;
                    if (word == WordLattice.SILENCE) {
                        next = state;
                        logP = last ? lm.finalLogProb(state) : 0f;
                    } else {
                        long x = lm.next(state, lmWord[word]);
                        next = NgramLm.stateOf(x);
                        logP = last ? NgramLm.logProbOf(x) + lm.finalLogProb(next) : NgramLm.logProbOf(x);
                    }
                    c.add(last ? 0 : next, score + rest + lmWeight * logP, src, word, logP);
                }
                if (p >= 0 && to == from) throw new IllegalStateException("lattice record " + p + " has no expansion");
            }
            c.sort();
            // groups of one new state, best group first; the first maxStates become nodes
            int[] groups = c.groupsByBest();
            int kept = Math.min(groups.length / 2, maxStates);
            for (int g = 0; g < kept; g++) {
                int begin = groups[2 * g], end = groups[2 * g + 1];
                int node = out.add(in.end(r), end - begin, Arrays.copyOfRange(c.src, begin, end), Arrays.copyOfRange(c.word, begin, end),
                        Arrays.copyOfRange(c.score, begin, end), Arrays.copyOfRange(c.lm, begin, end));
                if (numExp == expState.length) {
                    expState = Arrays.copyOf(expState, 2 * numExp);
                    expNode = Arrays.copyOf(expNode, 2 * numExp);
                    expScore = Arrays.copyOf(expScore, 2 * numExp);
                }
                expState[numExp] = c.state[begin];
                expNode[numExp] = node;
                expScore[numExp] = c.score[begin];
                numExp++;
                if (last) finalNode = node;
            }
        }
        expBegin[finalRecord + 1] = numExp;
        return new Rescored(out, finalNode);
    }

    /** The arcs into one record's expansions, before they become nodes: sorted by (state, score descending). */
    private static final class Candidates {
        int[] state = new int[64], src = new int[64], word = new int[64];
        double[] score = new double[64];
        float[] lm = new float[64];
        int n;

        void clear() { n = 0; }

        void add(int st, double sc, int from, int w, float p) {
            if (n == state.length) {
                int m = 2 * n;
                state = Arrays.copyOf(state, m);
                src = Arrays.copyOf(src, m);
                word = Arrays.copyOf(word, m);
                score = Arrays.copyOf(score, m);
                lm = Arrays.copyOf(lm, m);
            }
            state[n] = st;
            score[n] = sc;
            src[n] = from;
            word[n] = w;
            lm[n] = p;
            n++;
        }

        void sort() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) order[i] = i;
            Arrays.sort(order, (x, y) -> state[x] != state[y] ? Integer.compare(state[x], state[y]) : Double.compare(score[y], score[x]));
            int[] s2 = new int[n], r2 = new int[n], w2 = new int[n];
            double[] c2 = new double[n];
            float[] l2 = new float[n];
            for (int i = 0; i < n; i++) {
                int j = order[i];
                s2[i] = state[j];
                r2[i] = src[j];
                w2[i] = word[j];
                c2[i] = score[j];
                l2[i] = lm[j];
            }
            System.arraycopy(s2, 0, state, 0, n);
            System.arraycopy(r2, 0, src, 0, n);
            System.arraycopy(w2, 0, word, 0, n);
            System.arraycopy(c2, 0, score, 0, n);
            System.arraycopy(l2, 0, lm, 0, n);
        }

        /** After {@link #sort}: [begin, end) pairs of the runs of one state, ordered by their best score, best first. */
        int[] groupsByBest() {
            int count = 0;
            for (int i = 0; i < n; i++) if (i == 0 || state[i] != state[i - 1]) count++;
            Integer[] starts = new Integer[count];
            int[] ends = new int[n + 1];
            int g = 0;
            for (int i = 0; i < n; i++) if (i == 0 || state[i] != state[i - 1]) starts[g++] = i;
            for (int k = 0; k < count; k++) ends[starts[k]] = k + 1 < count ? starts[k + 1] : n;
            Arrays.sort(starts, (x, y) -> Double.compare(score[y], score[x]));
            int[] out = new int[2 * count];
            for (int k = 0; k < count; k++) {
                out[2 * k] = starts[k];
                out[2 * k + 1] = ends[starts[k]];
            }
            return out;
        }
    }
}
