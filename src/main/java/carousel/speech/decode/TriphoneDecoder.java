package carousel.speech.decode;

import java.util.Arrays;
import java.util.Objects;

/**
 * Phone recognition with context-dependent (triphone) HMM states: the Viterbi search of
 * {@link ViterbiDecoder} (same scores: transitions, {@code lmWeight} × phone bigram, insertion penalty,
 * beam) over triphone units instead of phones, so that each frame is scored by the tied state of its
 * phone-state <em>in its actual left and right context</em>. A unit is (l, p, r): phone p after l and
 * before r, with the boundary (index P) as context at the utterance's ends; its K states emit the
 * indices {@code map.index(l, p, r, k)} of the {@link Decodable} (tied states). Unit (l, p, r) is
 * entered only from units (·, l, p), with {@code ln P(p | l)}; a unit with right context r predicts
 * its successor, so the next unit must be (p, r, ·); units (#, p, ·) start the utterance and units
 * (·, p, #) end it. The search is exact for the bigram: every phone sequence has exactly one unit
 * sequence, the one with consistent contexts, and its score is what the phone sequence scores with
 * triphone states. With a context-independent map ({@code index = p * K + k}) it finds the same best
 * path as {@link ViterbiDecoder} (the test compares them).
 *
 * <p>Cost per frame: O(U × K) for the U = (P + 1) × P × (P + 1) units (345,744 states for 48
 * phones and 3 states; a unit with no live token and no entry is skipped after one check) plus
 * O((P + 1) × P²) for the phone exits; buffers are allocated once per decode. Pruning is applied
 * lazily: a token more than {@code beam} below the frame's best is treated as dead on the next frame.
 * One traceback record is written per (previous phone, phone) entry taken per frame, shared by the
 * P + 1 units that differ only in their right context.
 * Ties keep the first candidate in the order self-loop, forward, entry; results are deterministic.
 */
public final class TriphoneDecoder {
    /** Which decodable index (tied state) state k of phone p between l and r emits; contexts in [0, P], P the boundary. */
    public interface StateMap {
        int index(int left, int phone, int right, int state);
    }

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private final int P, V, K, numStates, numIndices;
    private final int[] emit;            // (S) decodable index of each unit state, unit (l, p, r) = (l * P + p) * V + r
    private final double[] selfLoop;     // (S) ln a_ss of the emitted index
    private final double[] forward;      // (S) ln (1 - a_ss)
    private final double[] lmStart;      // (P) lmWeight * ln P(p | <s>) + penalty
    private final double[] lmNext;       // (P * P) row l: lmWeight * ln P(p | l) + penalty
    private final double[] lmEnd;        // (P) lmWeight * ln P(</s> | p)
    private final double beam;

    /**
     * @param selfLoops self-loop probability of each decodable index (N), each in (0, 1)
     * @throws IllegalArgumentException when the map gives an index outside [0, N) or the sizes differ
     */
    public TriphoneDecoder(int statesPerPhone, StateMap map, double[] selfLoops, PhoneBigram lm, DecoderOptions options) {
        Objects.requireNonNull(map, "map");
        P = lm.phones().size();
        V = P + 1;
        K = statesPerPhone;
        if (K < 1) throw new IllegalArgumentException("states per phone must be positive, got " + K);
        numIndices = selfLoops.length;
        numStates = V * P * V * K;
        emit = new int[numStates];
        selfLoop = new double[numStates];
        forward = new double[numStates];
        for (int l = 0; l < V; l++)
            for (int p = 0; p < P; p++)
                for (int r = 0; r < V; r++)
                    for (int k = 0; k < K; k++) {
                        int s = unit(l, p, r) * K + k, i = map.index(l, p, r, k);
                        if (i < 0 || i >= numIndices) throw new IllegalArgumentException("state " + k + " of phone " + p + " in context " + l + "_" + r + " maps to " + i + ", outside [0, " + numIndices + ")");
                        if (!(selfLoops[i] > 0 && selfLoops[i] < 1)) throw new IllegalArgumentException("self-loop of index " + i + " must be in (0, 1), got " + selfLoops[i]);
                        emit[s] = i;
                        selfLoop[s] = Math.log(selfLoops[i]);
                        forward[s] = Math.log1p(-selfLoops[i]);
                    }
        double w = options.lmWeight(), pen = options.phoneInsertionPenalty();
        lmStart = new double[P];
        lmNext = new double[P * P];
        lmEnd = new double[P];
        for (int q = 0; q < P; q++) {
            lmStart[q] = w * lm.logProbStart(q) + pen;
            lmEnd[q] = w * lm.logProbEnd(q);
            for (int p = 0; p < P; p++) lmNext[p * P + q] = w * lm.logProb(p, q) + pen;
        }
        beam = options.beam();
    }

    private int unit(int l, int p, int r) { return (l * P + p) * V + r; }

    /** Indices (tied states) the decodable must have. */
    public int numIndices() { return numIndices; }

    /**
     * The best phone sequence over all frames of {@code d}.
     *
     * @throws IllegalStateException when every token dies at some frame (all scores −∞ or NaN)
     */
    public DecodeResult decode(Decodable d) {
        if (d.numIndices() != numIndices) throw new IllegalArgumentException("the decodable has " + d.numIndices() + " indices, the tied states are " + numIndices);
        int T = d.numFrames();
        if (T == 0) throw new IllegalArgumentException("no frames to decode");
        double[] score = new double[numStates], next = new double[numStates];
        int[] record = new int[numStates], nextRecord = new int[numStates];
        double[] exit = new double[P * P];       // (l, p): best exit of a unit (·, l, p) into p's units
        int[] exitRecord = new int[P * P];
        int[] entryRecord = new int[V * P];      // (l, p): the record of entering p after l this frame, written when first taken
        double[] frameLl = new double[numIndices];
        PhoneRecords records = new PhoneRecords();
        Arrays.fill(score, NEG_INF);
        double alive = NEG_INF;                  // tokens below this (the last frame's beam) are pruned
        for (int t = 0; t < T; t++) {
            Arrays.fill(exit, NEG_INF);
            if (t > 0)
                for (int l = 0; l < V; l++)
                    for (int a = 0; a < P; a++)
                        for (int b = 0; b < P; b++) {   // unit (l, a, b) exits into b's units (a, b, ·)
                            int last = unit(l, a, b) * K + K - 1;
                            if (!(score[last] >= alive)) continue;
                            double c = score[last] + forward[last];
                            if (c > exit[a * P + b]) { exit[a * P + b] = c; exitRecord[a * P + b] = record[last]; }
                        }
            Arrays.fill(entryRecord, PhoneRecords.NONE - 1);
            for (int i = 0; i < numIndices; i++) frameLl[i] = d.logLikelihood(t, i);
            double best = NEG_INF;
            for (int l = 0; l < V; l++)
                for (int p = 0; p < P; p++) {
                    double entry = t == 0 ? (l == P ? lmStart[p] : NEG_INF) : l < P && exit[l * P + p] != NEG_INF ? exit[l * P + p] + lmNext[l * P + p] : NEG_INF;
                    for (int r = 0; r < V; r++) {
                        int base = unit(l, p, r) * K;
                        boolean any = entry != NEG_INF;
                        for (int k = 0; k < K && !any; k++) any = score[base + k] >= alive && score[base + k] != NEG_INF;
                        if (!any) {
                            Arrays.fill(next, base, base + K, NEG_INF);
                            continue;
                        }
                        for (int k = 0; k < K; k++) {
                            int s = base + k;
                            double b = NEG_INF;
                            int from = PhoneRecords.NONE;
                            if (score[s] >= alive && score[s] != NEG_INF) { b = score[s] + selfLoop[s]; from = record[s]; }
                            if (k > 0) {
                                if (score[s - 1] >= alive && score[s - 1] != NEG_INF && score[s - 1] + forward[s - 1] > b) { b = score[s - 1] + forward[s - 1]; from = record[s - 1]; }
                            } else if (entry > b) {
                                b = entry;
                                int e = l * P + p;
                                if (entryRecord[e] < PhoneRecords.NONE) entryRecord[e] = records.add(p, t, t == 0 ? PhoneRecords.NONE : exitRecord[l * P + p]);
                                from = entryRecord[e];
                            }
                            double v = b == NEG_INF ? NEG_INF : b + frameLl[emit[s]];
                            next[s] = Double.isNaN(v) ? NEG_INF : v;
                            nextRecord[s] = from;
                            if (next[s] > best) best = next[s];
                        }
                    }
                }
            if (best == NEG_INF) throw new IllegalStateException("no path survives frame " + t + ": every state has log-likelihood -infinity (or NaN) there");
            alive = best - beam;
            double[] tmp = score; score = next; next = tmp;
            int[] tr = record; record = nextRecord; nextRecord = tr;
        }
        double[] fin = score;
        int[] rec = record;
        double thr = alive;
        return records.bestFinal(numStates,
                s -> s % K == K - 1 && (s / K) % V == P && fin[s] >= thr && fin[s] != NEG_INF ? fin[s] + forward[s] + lmEnd[(s / K / V) % P] : NEG_INF,
                s -> fin[s] >= thr ? fin[s] : NEG_INF, s -> rec[s], T);
    }
}
