package carousel.speech.plm;

import carousel.speech.decode.Decodable;
import carousel.speech.decode.DecodeResult;
import carousel.speech.decode.PhoneRecords;
import carousel.speech.decode.Quickselect;
import carousel.speech.decode.HmmTopology;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Frame-synchronous beam search with a phone model that sees the whole phone history, after N.
 * Boulanger-Lewandowski, J. Droppo, M. Seltzer and D. Yu, "Phone sequence modeling with recurrent neural
 * networks", ICASSP 2014: the acoustic model's scaled likelihoods (a {@link Decodable}) meet, at every
 * phone boundary, the {@link PhoneModel}'s prediction of the next phone given all phones so far. The best
 * path maximises, as {@link carousel.speech.decode.ViterbiDecoder}'s does,
 *
 * <pre>
 *   sum_t acoustic(t, s_t) + sum transitions ln a + lmWeight * sum ln P(phone | history) + penalty * #phones
 * </pre>
 *
 * with {@code ln P(p1 | <s>)} for the first phone and {@code ln P(</s> | <s> p1 .. pn)} plus the last
 * phone's exit at the end.
 *
 * <p><b>Durations: the HMM topology inside each phone.</b> Each phone is its {@link HmmTopology}'s
 * left-to-right states (1 or 3, self-loops estimated from alignments), not a minimum duration. Why: the
 * search space is then exactly the Viterbi decoder's except for the language model, so the comparison
 * bigram-versus-RNN changes one thing only; the same acoustic models (phone or 3-state targets) plug in;
 * the self-loops keep the duration model the baseline has; and with a uniform phone model the search
 * provably finds the Viterbi decoder's best path with a uniform bigram (tested), which a
 * minimum-duration model would not.
 *
 * <p><b>Hypotheses.</b> A hypothesis is (history node, HMM state within the history's last phone,
 * score, traceback record). History nodes live in a {@link HistoryTree}: two hypotheses with the same
 * phone history share one node and its model state (h, c), and only hypotheses with identical
 * history and HMM state are merged (max), so the search is exact over the tree up to pruning. Per frame:
 * (1) the nodes of hypotheses in a phone's last state, which may exit, are computed in one batched model
 * step (B rows, T = 1) if not computed yet; (2) every hypothesis self-loops, moves to its next state, or
 * exits into each phone q at {@code score + ln a_exit + lmWeight * ln P(q | history) + penalty}; (3) the
 * frame's acoustic scores are added; (4) pruning: the score beam first, then the best
 * {@code beamWidth} (ties in candidate order). A new child node is made only for entries that survive,
 * and computed only when one of its hypotheses can exit, so the model runs on the histories the beam
 * keeps, once each.
 *
 * <p>A decoder reuses its buffers from utterance to utterance and is not thread-safe.
 */
public final class BeamSearchDecoder {

    /** What the last search did. */
    public record Stats(int frames, int historyNodes, long modelRows, long modelCalls, int maxHypotheses) {}

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;
    private static final int NO_RECORD = -1;

    private final HmmTopology topology;
    private final PhoneModel lm;
    private final BeamOptions options;
    private final int P, K;             // phones, states per phone
    private final double[] selfLoop;    // (P*K) ln a_ss
    private final double[] forward;     // (P*K) ln a_s,s+1; from a last state, the exit
    private final HistoryTree tree;
    // hypotheses (N)
    private int[] hNode = new int[256], hK = new int[256], hRec = new int[256];
    private double[] hScore = new double[256];
    private int numHyps;
    // candidates of one frame (C); cNode = -1: an entry into child (cParent, cPhone) not made yet
    private int[] cNode = new int[1024], cParent = new int[1024], cPhone = new int[1024], cK = new int[1024], cRec = new int[1024];
    private boolean[] cEntered = new boolean[1024];
    private double[] cScore = new double[1024], select = new double[1024];
    private int numCands;
    // recombination: for node*K + k, the frame stamp and candidate index
    private int[] slotStamp = new int[1024], slotCand = new int[1024];
    private int stamp;
    private int[] exiting = new int[256];
    // traceback records: phone, start frame, previous record
    private final PhoneRecords records = new PhoneRecords();
    private Stats stats = new Stats(0, 0, 0, 0, 0);

    public BeamSearchDecoder(HmmTopology topology, PhoneModel lm, BeamOptions options) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.lm = Objects.requireNonNull(lm, "lm");
        this.options = Objects.requireNonNull(options, "options");
        if (lm.numPhones() != topology.numPhones()) {
            throw new IllegalArgumentException("the phone model has " + lm.numPhones() + " phones but the HMM topology " + topology.numPhones());
        }
        P = topology.numPhones();
        K = topology.statesPerPhone();
        selfLoop = new double[P * K];
        forward = new double[P * K];
        for (int s = 0; s < P * K; s++) {
            selfLoop[s] = topology.logSelfLoop(s);
            forward[s] = topology.logForward(s);
        }
        tree = new HistoryTree(lm);
    }

    public BeamOptions options() {
        return options;
    }

    public HmmTopology topology() {
        return topology;
    }

    /** The history tree of the last search (its counters run over every search of this decoder). */
    public HistoryTree tree() {
        return tree;
    }

    /** Figures of the last {@link #decode}. */
    public Stats lastStats() {
        return stats;
    }

    /**
     * The best phone sequence for all frames of {@code d}.
     *
     * @throws IllegalStateException when no hypothesis survives a frame (every score -infinity or NaN)
     */
    public DecodeResult decode(Decodable d) {
        topology.checkDecodable(d);
        long rows0 = tree.rowsStepped(), calls0 = tree.stepCalls();
        tree.reset();
        numHyps = 0;
        records.clear();
        int maxHyps = 0;
        double w = options.lmWeight(), pen = options.insertionPenalty();
        int T = d.numFrames();
        exiting[0] = HistoryTree.ROOT;
        tree.compute(exiting, 1);
        for (int t = 0; t < T; t++) {
            numCands = 0;
            stamp++;
            if (t == 0) {
                ensureCandidates(P);
                for (int q = 0; q < P; q++) {
                    addNew(HistoryTree.ROOT, q, w * tree.logProb(HistoryTree.ROOT, q) + pen, NO_RECORD);
                }
            } else {
                expand(w, pen);
            }
            addAcousticsAndPrune(d, t);
            maxHyps = Math.max(maxHyps, numHyps);
        }
        DecodeResult r = finish(T, w);
        stats = new Stats(T, tree.numNodes(), tree.rowsStepped() - rows0, tree.stepCalls() - calls0, maxHyps);
        return r;
    }

    private void expand(double w, double pen) {
        // (1) one batched model step for the histories that may be left at this frame
        int numExiting = computeExiting();
        ensureCandidates(2 * numHyps + numExiting * P);
        // (2) self-loops, moves within phones, exits into every phone
        for (int i = 0; i < numHyps; i++) {
            int node = hNode[i], k = hK[i], st = tree.symbol(node) * K + k;
            double s = hScore[i];
            add(node, k, s + selfLoop[st], hRec[i], false);
            if (k < K - 1) {
                add(node, k + 1, s + forward[st], hRec[i], false);
            } else {
                double e = s + forward[st];
                for (int q = 0; q < P; q++) {
                    double c = e + (w * tree.logProb(node, q) + pen);
                    int child = tree.child(node, q);
                    if (child >= 0) {
                        add(child, 0, c, hRec[i], true);
                    } else {
                        addNew(node, q, c, hRec[i]);
                    }
                }
            }
        }
    }

    /** Computes, in one batch, the history of every hypothesis in a phone's last state; returns how many there are. */
    private int computeExiting() {
        if (exiting.length < numHyps) {
            exiting = new int[2 * numHyps];
        }
        int n = 0;
        for (int i = 0; i < numHyps; i++) {
            if (hK[i] == K - 1) {
                exiting[n++] = hNode[i];
            }
        }
        tree.compute(exiting, n);
        return n;
    }

    /** A candidate for an existing node, merged with the frame's candidate of the same (node, k) if any. */
    private void add(int node, int k, double score, int rec, boolean entered) {
        int key = node * K + k;
        if (key >= slotStamp.length) {
            int n = Math.max(2 * slotStamp.length, key + 1);
            slotStamp = Arrays.copyOf(slotStamp, n);
            slotCand = Arrays.copyOf(slotCand, n);
        }
        if (slotStamp[key] == stamp) {
            int c = slotCand[key];
            if (score > cScore[c]) {
                cScore[c] = score;
                cRec[c] = rec;
                cEntered[c] = entered;
            }
            return;
        }
        slotStamp[key] = stamp;
        slotCand[key] = numCands;
        int c = numCands++;
        cNode[c] = node;
        cParent[c] = tree.parent(node);
        cPhone[c] = tree.symbol(node);
        cK[c] = k;
        cScore[c] = score;
        cRec[c] = rec;
        cEntered[c] = entered;
    }

    /** A candidate entering phone {@code phone} after {@code parent}, a child no hypothesis has made yet. */
    private void addNew(int parent, int phone, double score, int rec) {
        int c = numCands++;
        cNode[c] = -1;
        cParent[c] = parent;
        cPhone[c] = phone;
        cK[c] = 0;
        cScore[c] = score;
        cRec[c] = rec;
        cEntered[c] = true;
    }

    private void ensureCandidates(int n) {
        if (n <= cNode.length) {
            return;
        }
        int m = Math.max(n, 2 * cNode.length);
        cNode = Arrays.copyOf(cNode, m);
        cParent = Arrays.copyOf(cParent, m);
        cPhone = Arrays.copyOf(cPhone, m);
        cK = Arrays.copyOf(cK, m);
        cRec = Arrays.copyOf(cRec, m);
        cEntered = Arrays.copyOf(cEntered, m);
        cScore = Arrays.copyOf(cScore, m);
        select = new double[m];
    }

    private void addAcousticsAndPrune(Decodable d, int t) {
        // (3) acoustics
        double best = NEG_INF;
        for (int c = 0; c < numCands; c++) {
            if (cScore[c] == NEG_INF) {
                continue;
            }
            double v = cScore[c] + d.logLikelihood(t, cPhone[c] * K + cK[c]);
            cScore[c] = Double.isNaN(v) ? NEG_INF : v;
            best = Math.max(best, cScore[c]);
        }
        if (best == NEG_INF) {
            throw new IllegalStateException("no path survives frame " + t + ": every state has log-likelihood -infinity (or NaN) there");
        }
        // (4) score beam, then the best beamWidth
        double threshold = best - options.scoreBeam();
        int above = 0;
        for (int c = 0; c < numCands; c++) {
            if (cScore[c] >= threshold) {
                select[above++] = cScore[c];
            }
        }
        int width = options.beamWidth();
        double kth = threshold;
        int equalAllowed = Integer.MAX_VALUE;
        if (above > width) {
            kth = Quickselect.kthLargest(select, above, width);
            int greater = 0;
            for (int i = 0; i < above; i++) {
                if (select[i] > kth) {
                    greater++;
                }
            }
            equalAllowed = width - greater;
        }
        if (hNode.length < Math.min(above, width)) {
            int m = Math.max(2 * hNode.length, Math.min(above, width));
            hNode = Arrays.copyOf(hNode, m);
            hK = Arrays.copyOf(hK, m);
            hRec = Arrays.copyOf(hRec, m);
            hScore = Arrays.copyOf(hScore, m);
        }
        numHyps = 0;
        for (int c = 0; c < numCands; c++) {
            double s = cScore[c];
            if (s < kth || s < threshold) {
                continue;
            }
            if (s == kth && above > width) {
                if (equalAllowed == 0) {
                    continue;
                }
                equalAllowed--;
            }
            int node = cNode[c] >= 0 ? cNode[c] : tree.childOrNew(cParent[c], cPhone[c]);
            int i = numHyps++;
            hNode[i] = node;
            hK[i] = cK[c];
            hScore[i] = s;
            hRec[i] = cEntered[c] ? records.add(cPhone[c], t, cRec[c]) : cRec[c];
        }
    }

    private DecodeResult finish(int frames, double w) {
        int v = P;
        if (frames == 0) {
            return new DecodeResult(List.of(), w * tree.logProb(HistoryTree.ROOT, v), 0, true);
        }
        computeExiting();
        return records.bestFinal(numHyps,
                i -> hK[i] == K - 1 ? hScore[i] + forward[tree.symbol(hNode[i]) * K + hK[i]] + w * tree.logProb(hNode[i], v) : NEG_INF,
                i -> hScore[i], i -> hRec[i], frames);
    }
}
