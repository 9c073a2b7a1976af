package carousel.speech.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which acoustic score each HMM state of a {@link LexiconTree} (built with right context) reads when the
 * acoustic model's outputs are tied triphone states: the <b>acoustic ids</b> of the {@link WordDecoder}.
 * An id stands for a set of tied states; its score is the set's summed posterior over its summed prior,
 *
 * <pre>
 *   p(x | S) / p(x)  ∝  Σ_{j∈S} p(j|x) / Σ_{j∈S} p(j)
 * </pre>
 *
 * (the hybrid scaled likelihood of the event "one of S"; for one tied state it is that state's own).
 *
 * <ul>
 *   <li>Inside a word, a node's triphone (l, p, r) is known: its left phone is the parent's, its right
 *       phone the node's {@link LexiconTree#right}. State k reads the single tied state {@code map(l, p, r, k)}:
 *       exact.</li>
 *   <li>At a word's first phone the left context is the previous word's last phone (or silence, or the
 *       boundary at the utterance start). The search carries it in the token that enters the word
 *       ({@link #id(int, int)}): exact for that token. Tokens of one (LM state, node, state) recombine,
 *       so when two predecessors with different last phones (e.g. the word, and the word then silence)
 *       reach the same first state in one frame, the better one's context is kept (a Viterbi
 *       approximation; the LM state usually holds the previous word, so it rarely differs).</li>
 *   <li>At a word's last phone the right context is the next word's first phone, which the search does not
 *       know until it enters the next word (an exact search would fan each word end out by its right
 *       context). It is summed out: S = { map(l, p, c, k) : c ∈ all P phones and the boundary }; the known
 *       left side still selects the tied states. A one-phone word: the left from its entry, the right summed.</li>
 *   <li>Silence, and a context-independent tree, read the context-independent state's full set
 *       (every tied state of that phone-state), i.e. {@link carousel.speech.tree.ContextTree#collapse}.</li>
 * </ul>
 *
 * Ids {@code 0 .. P·K−1} are the context-independent states (their sets: all their tied states), so a
 * search that reads only those is the marginal search; further ids are the distinct smaller sets.
 * {@link #collapse} turns a row of tied-state log posteriors (N) into one row per id (M) with the same
 * arithmetic as {@code ContextTree.collapse}, so ids below P·K give its values bit for bit.
 */
public final class ContextStates {
    private final int[] ofState;     // ((nodes + 1) × K) id of tree node n's state k at n*K+k; node `nodes` is silence
    private final int[] entryBase;   // ((nodes + 1) × K) for a word's first phone's states: base into entry, else -1
    private final int[] entry;       // (first-phone nodes × (P + 1) × K) id of state k of such a node after left context l at base + l*K
    private final int[][] members;   // (M) the tied states of each id, ascending
    private final int numTied, k;

    private ContextStates(int[] ofState, int[] entryBase, int[] entry, int[][] members, int numTied, int k) {
        this.ofState = ofState;
        this.entryBase = entryBase;
        this.entry = entry;
        this.members = members;
        this.numTied = numTied;
        this.k = k;
    }

    /**
     * @param tree         the lexicon tree (with right context, for triphones inside words)
     * @param numPhones    P; contexts are {@code 0 .. P}, P the boundary
     * @param k            HMM states per phone
     * @param silencePhone the silence phone of the search (its node is {@code tree.numNodes()}), or -1
     * @param map          the tied state of state k of phone p between l and r
     * @param ciOfTied     (N) the context-independent state {@code p * K + k} of each tied state
     */
    public static ContextStates build(LexiconTree tree, int numPhones, int k, int silencePhone, TriphoneDecoder.StateMap map, int[] ciOfTied) {
        int P = numPhones, V = P + 1, C = P * k, N = ciOfTied.length;
        List<int[]> sets = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        int[] count = new int[C];
        for (int j = 0; j < N; j++) {
            if (ciOfTied[j] < 0 || ciOfTied[j] >= C) throw new IllegalArgumentException("tied state " + j + " belongs to state " + ciOfTied[j] + ", outside [0, " + C + ")");
            count[ciOfTied[j]]++;
        }
        for (int c = 0; c < C; c++) {
            int[] s = new int[count[c]];
            for (int j = 0, n = 0; j < N; j++) if (ciOfTied[j] == c) s[n++] = j;
            if (s.length == 0) throw new IllegalArgumentException("no tied state belongs to phone " + c / k + " state " + c % k);
            sets.add(s);
            ids.putIfAbsent(Arrays.toString(s), c);
        }
        int[] cache = new int[(V + 1) * P * (V + 1) * k];   // (l or unknown V, p, r or unknown V, k) → id + 1
        int[] ofState = new int[(tree.numNodes() + 1) * k];
        for (int n = 1; n < tree.numNodes(); n++) {
            int p = tree.phone(n), l = tree.left(n), r = tree.right(n);
            if (!tree.rightContext()) l = r = -1;   // nodes without right context: context-independent
            for (int s = 0; s < k; s++) {
                int key = (((l < 0 ? V : l) * P + p) * (V + 1) + (r < 0 ? V : r)) * k + s;
                if (cache[key] == 0) cache[key] = 1 + id(sets, ids, p, l, r, s, V, k, N, map, ciOfTied);
                ofState[n * k + s] = cache[key] - 1;
            }
        }
        for (int s = 0; s < k; s++) ofState[tree.numNodes() * k + s] = silencePhone >= 0 ? silencePhone * k + s : 0;
        // a word's first phone after each left context (the payload's, see WordDecoder)
        int[] entryBase = new int[ofState.length];
        Arrays.fill(entryBase, -1);
        int first = tree.rightContext() ? tree.childEnd(0) - tree.childBegin(0) : 0;
        int[] entry = new int[first * V * k];
        for (int i = 0; i < first; i++) {
            int n = tree.child(tree.childBegin(0) + i), p = tree.phone(n), r = tree.right(n);
            for (int s = 0; s < k; s++) {
                entryBase[n * k + s] = i * V * k + s;
                for (int l = 0; l < V; l++) {
                    int key = ((l * P + p) * (V + 1) + (r < 0 ? V : r)) * k + s;
                    if (cache[key] == 0) cache[key] = 1 + id(sets, ids, p, l, r, s, V, k, N, map, ciOfTied);
                    entry[i * V * k + l * k + s] = cache[key] - 1;
                }
            }
        }
        return new ContextStates(ofState, entryBase, entry, sets.toArray(int[][]::new), N, k);
    }

    /** The id of the tied states that state s of phone p may read between l and r (-1: any context). */
    private static int id(List<int[]> sets, Map<String, Integer> ids, int p, int l, int r, int s, int V, int k, int N,
                          TriphoneDecoder.StateMap map, int[] ciOfTied) {
        if (l >= 0 && r >= 0) {   // inside a word: one tied state
            int j = check(map.index(l, p, r, s), p, l, r, s, k, N, ciOfTied);
            return ids.computeIfAbsent("[" + j + "]", x -> {
                sets.add(new int[]{j});
                return sets.size() - 1;
            });
        }
        boolean[] in = new boolean[N];
        for (int a = l < 0 ? 0 : l; a <= (l < 0 ? V - 1 : l); a++)
            for (int b = r < 0 ? 0 : r; b <= (r < 0 ? V - 1 : r); b++) {
                in[check(map.index(a, p, b, s), p, a, b, s, k, N, ciOfTied)] = true;
            }
        int n = 0;
        for (boolean b : in) if (b) n++;
        int[] set = new int[n];
        for (int j = 0, i = 0; j < N; j++) if (in[j]) set[i++] = j;
        return ids.computeIfAbsent(Arrays.toString(set), x -> {
            sets.add(set);
            return sets.size() - 1;
        });
    }

    private static int check(int j, int p, int l, int r, int s, int k, int N, int[] ciOfTied) {
        if (j < 0 || j >= N || ciOfTied[j] != p * k + s)
            throw new IllegalArgumentException("state " + s + " of phone " + p + " in context " + l + "_" + r + " maps to " + j + ", not one of its tied states");
        return j;
    }

    /** M, the acoustic ids: what a decodable for the search must score. */
    public int numIds() { return members.length; }

    /** N, the tied states. */
    public int numTied() { return numTied; }

    /** The id that HMM state {@code node * K + k} of the tree reads (node {@code tree.numNodes()}: silence), its cross-word context unknown. */
    public int id(int hmmState) { return ofState[hmmState]; }

    /**
     * As {@link #id(int)}, with {@code left} the phone before the word (P: the utterance start; -1: unknown): at a
     * word's first phone, the tied state of (left, p, r), or of (left, p, ·) summed over r for a one-phone word.
     */
    public int id(int hmmState, int left) {
        int b = left < 0 ? -1 : entryBase[hmmState];
        return b < 0 ? ofState[hmmState] : entry[b + left * k];
    }

    /** Entries of {@link #id(int)}: (tree nodes + 1) × K. */
    public int numHmmStates() { return ofState.length; }

    /** The tied states of id {@code i}, ascending (a copy). */
    public int[] members(int i) { return members[i].clone(); }

    /** One row of tied-state log posteriors (N) as log Σ_{j∈S} p(j|x) per id (M). */
    public float[] collapse(float[] tiedLogPosteriors) {
        if (tiedLogPosteriors.length != numTied) throw new IllegalArgumentException("need " + numTied + " tied-state values, got " + tiedLogPosteriors.length);
        float[] out = new float[members.length];
        for (int i = 0; i < members.length; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j : members[i]) max = Math.max(max, tiedLogPosteriors[j]);
            for (int j : members[i]) sum += Math.exp(tiedLogPosteriors[j] - max);
            out[i] = max == Double.NEGATIVE_INFINITY ? Float.NEGATIVE_INFINITY : (float) (max + Math.log(sum));
        }
        return out;
    }

    /** The priors of the ids: each set's tied-state priors summed (overlapping sets: they need not sum to 1). */
    public StatePriors priors(StatePriors tied) {
        if (tied.numClasses() != numTied) throw new IllegalArgumentException("need " + numTied + " tied-state priors, got " + tied.numClasses());
        double[] log = new double[members.length];
        for (int i = 0; i < members.length; i++) {
            double sum = 0;
            for (int j : members[i]) sum += tied.prior(j);
            log[i] = Math.log(sum);
        }
        return StatePriors.ofLog(log);
    }
}
