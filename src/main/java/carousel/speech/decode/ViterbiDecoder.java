package carousel.speech.decode;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Token-passing Viterbi search (S. J. Young, N. H. Russell and J. H. S. Thornton, "Token passing: a
 * simple conceptual model for connected speech recognition systems", Cambridge University CUED/F-INFENG/
 * TR38, 1989) over phone HMMs ({@link HmmTopology}) joined at phone boundaries by a phone bigram
 * ({@link PhoneBigram}). The best path maximises
 *
 * <pre>
 *   sum_t acoustic(t, s_t) + sum transitions ln a + lmWeight * sum ln P(phone | previous) + penalty * #phones
 * </pre>
 *
 * where the first phone's LM score is {@code ln P(phone | <s>)} and the last phone adds its exit
 * transition and {@code ln P(</s> | phone)}. Acoustic scores come from a {@link Decodable}, as given
 * (the acoustic scale lives there).
 *
 * <p><b>One frame.</b> Tokens live in the S = P * K states. For frame t: each phone's last state may
 * exit; the best exit into each phone q, {@code max_p score(last of p) + ln a_exit(p) + lmWeight * ln P(q|p)
 * + penalty}, competes with the self-loop of q's first state; inner states take the better of their
 * self-loop and their predecessor's forward move; the acoustic score of frame t is added; tokens more
 * than {@code beam} below the best are dropped. Cost O(S + E * P) per frame for E exiting phones; the
 * score buffers are allocated once per search. Ties keep the first candidate in the order self-loop,
 * forward, phone entry (by lower previous phone index), so results are deterministic.
 *
 * <p><b>Traceback.</b> A token carries the index of the record of the phone it is in; a record
 * ({@code phone, start frame, previous record}) is written only when a token enters a phone and
 * survives pruning, so memory grows by at most P records per frame and the best path is read back by
 * following records from the winning token.
 *
 * <p><b>Streaming.</b> {@link #newSearch()} gives a {@link Search} that takes frames one at a time
 * ({@link Search#acceptFrame}) and answers at the end ({@link Search#finish}); {@link #decode} is that
 * loop over a whole utterance. A search is not thread-safe; the decoder is (it holds only read-only
 * tables), so threads can decode different utterances with their own searches.
 */
public final class ViterbiDecoder {

    private static final double NEG_INF = Double.NEGATIVE_INFINITY;
    private static final int NO_RECORD = -1;

    private final HmmTopology topology;
    private final PhoneBigram lm;
    private final DecoderOptions options;
    private final int numPhones;       // P
    private final int statesPerPhone;  // K
    private final int numStates;       // S = P * K
    private final double[] selfLoop;   // (S) ln a_ss
    private final double[] forward;    // (S) ln a_s,s+1 (from the last state: the exit)
    private final double[] lmStart;    // (P) lmWeight * ln P(q | <s>) + penalty
    private final double[] lmNext;     // (P * P) row p: lmWeight * ln P(q | p) + penalty
    private final double[] lmEnd;      // (P) lmWeight * ln P(</s> | p)
    private final double lmEmpty;      // lmWeight * ln P(</s> | <s>)

    public ViterbiDecoder(HmmTopology topology, PhoneBigram lm, DecoderOptions options) {
        this.topology = Objects.requireNonNull(topology, "topology");
        this.lm = Objects.requireNonNull(lm, "lm");
        this.options = Objects.requireNonNull(options, "options");
        if (lm.phones().size() != topology.numPhones()) {
            throw new IllegalArgumentException("the language model has " + lm.phones().size()
                    + " phones but the HMM topology " + topology.numPhones());
        }
        numPhones = topology.numPhones();
        statesPerPhone = topology.statesPerPhone();
        numStates = topology.numStates();
        selfLoop = new double[numStates];
        forward = new double[numStates];
        for (int s = 0; s < numStates; s++) {
            selfLoop[s] = topology.logSelfLoop(s);
            forward[s] = topology.logForward(s);
        }
        double w = options.lmWeight();
        double pen = options.phoneInsertionPenalty();
        lmStart = new double[numPhones];
        lmNext = new double[numPhones * numPhones];
        lmEnd = new double[numPhones];
        for (int q = 0; q < numPhones; q++) {
            lmStart[q] = w * lm.logProbStart(q) + pen;
            lmEnd[q] = w * lm.logProbEnd(q);
            for (int p = 0; p < numPhones; p++) {
                lmNext[p * numPhones + q] = w * lm.logProb(p, q) + pen;
            }
        }
        lmEmpty = w * lm.logProbEmpty();
    }

    public HmmTopology topology() {
        return topology;
    }

    public PhoneBigram lm() {
        return lm;
    }

    public DecoderOptions options() {
        return options;
    }

    /** The best phone sequence for all frames of {@code decodable}. */
    public DecodeResult decode(Decodable decodable) {
        Search s = newSearch();
        s.advance(decodable);
        return s.finish();
    }

    /** A fresh search, to be fed frame by frame. */
    public Search newSearch() {
        return new Search();
    }

    /** The per-utterance state of one search: token buffers and traceback records. */
    public final class Search {
        private double[] score = new double[numStates];      // (S) tokens after the last frame
        private double[] next = new double[numStates];       // (S) tokens being computed
        private int[] record = new int[numStates];           // (S) traceback record of each token
        private int[] nextRecord = new int[numStates];       // (S)
        private final boolean[] entered = new boolean[numStates]; // (S) token entered its phone this frame
        private final double[] entryScore = new double[numPhones]; // (P) best entry into phone q
        private final int[] entryRecord = new int[numPhones];      // (P) record of the token that made it
        private final int[] exiting = new int[numPhones];          // (P) phones whose last state is active
        private final PhoneRecords records = new PhoneRecords();
        private int frames;
        private int diedAt = -1;

        private Search() {
            reset();
        }

        /** Forgets everything, keeping the buffers, for the next utterance. */
        public void reset() {
            Arrays.fill(score, NEG_INF);
            Arrays.fill(record, NO_RECORD);
            records.clear();
            frames = 0;
            diedAt = -1;
        }

        /** Frames accepted so far. */
        public int framesDecoded() {
            return frames;
        }

        /** Traceback records written so far (at most P per frame). */
        public int numRecords() {
            return records.size();
        }

        /** Accepts every frame of {@code d} not yet accepted. */
        public void advance(Decodable d) {
            while (frames < d.numFrames()) {
                acceptFrame(d, frames);
            }
        }

        /**
         * Advances the search by frame {@code frame} of {@code d}, which must be the next frame
         * ({@link #framesDecoded()}).
         */
        public void acceptFrame(Decodable d, int frame) {
            if (frame != frames) {
                throw new IllegalArgumentException("expected frame " + frames + ", got frame " + frame);
            }
            topology.checkDecodable(d);
            int k = statesPerPhone;
            if (frame == 0) {
                Arrays.fill(next, NEG_INF);
                for (int q = 0; q < numPhones; q++) {
                    int s = q * k;
                    next[s] = lmStart[q];
                    nextRecord[s] = NO_RECORD;
                    entered[s] = true;
                }
            } else {
                // 1. phone exits, into every phone's first state through the bigram
                Arrays.fill(entryScore, NEG_INF);
                int numExiting = 0;
                for (int p = 0; p < numPhones; p++) {
                    if (score[p * k + k - 1] != NEG_INF) {
                        exiting[numExiting++] = p;
                    }
                }
                for (int i = 0; i < numExiting; i++) {
                    int p = exiting[i];
                    int last = p * k + k - 1;
                    double e = score[last] + forward[last];
                    int row = p * numPhones;
                    for (int q = 0; q < numPhones; q++) {
                        double c = e + lmNext[row + q];
                        if (c > entryScore[q]) {
                            entryScore[q] = c;
                            entryRecord[q] = record[last];
                        }
                    }
                }
                // 2. within phones: self-loop, forward from the previous state, or entry
                for (int s = 0; s < numStates; s++) {
                    double best = NEG_INF;
                    int from = NO_RECORD;
                    boolean in = false;
                    if (score[s] != NEG_INF) {
                        best = score[s] + selfLoop[s];
                        from = record[s];
                    }
                    int pos = s % k;
                    if (pos > 0) {
                        if (score[s - 1] != NEG_INF) {
                            double c = score[s - 1] + forward[s - 1];
                            if (c > best) {
                                best = c;
                                from = record[s - 1];
                            }
                        }
                    } else {
                        int q = s / k;
                        if (entryScore[q] > best) {
                            best = entryScore[q];
                            from = entryRecord[q];
                            in = true;
                        }
                    }
                    next[s] = best;
                    nextRecord[s] = from;
                    entered[s] = in;
                }
            }
            // 3. acoustics, then the beam
            double best = NEG_INF;
            for (int s = 0; s < numStates; s++) {
                if (next[s] != NEG_INF) {
                    double v = next[s] + d.logLikelihood(frame, s);
                    next[s] = Double.isNaN(v) ? NEG_INF : v;
                    if (next[s] > best) {
                        best = next[s];
                    }
                }
            }
            double threshold = best - options.beam();
            for (int s = 0; s < numStates; s++) {
                if (next[s] == NEG_INF) {
                    continue;
                }
                if (next[s] < threshold) {
                    next[s] = NEG_INF;
                } else if (entered[s]) {
                    nextRecord[s] = records.add(s / k, frame, nextRecord[s]);
                }
            }
            if (best == NEG_INF && diedAt < 0) {
                diedAt = frame;
            }
            double[] t = score;
            score = next;
            next = t;
            int[] r = record;
            record = nextRecord;
            nextRecord = r;
            frames++;
        }

        /**
         * The best path over the frames accepted so far, ending in a phone's last state and taking the
         * exit and {@code </s>} (see {@link DecodeResult#reachedEnd()} for the fallback). The search may
         * go on accepting frames afterwards.
         *
         * @throws IllegalStateException when every token was pruned or had score -infinity at some frame
         */
        public DecodeResult finish() {
            if (diedAt >= 0) {
                throw new IllegalStateException("no path survives frame " + diedAt
                        + ": every state has log-likelihood -infinity (or NaN) there");
            }
            if (frames == 0) {
                return new DecodeResult(List.of(), lmEmpty, 0, true);
            }
            int k = statesPerPhone;
            return records.bestFinal(numStates,
                    st -> st % k == k - 1 && score[st] != NEG_INF ? score[st] + forward[st] + lmEnd[st / k] : NEG_INF,
                    st -> score[st], st -> record[st], frames);
        }
    }
}
