package carousel.speech.decode;

import carousel.speech.lm.NgramLm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One-pass large-vocabulary word search: token passing (Young, Russell &amp; Thornton 1989) over a
 * {@link LexiconTree} of phone HMMs ({@link HmmTopology}), with a tree copy per language-model state
 * (Ney &amp; Ortmanns 1999): a token is a (LM state, tree node, HMM state) triple, so hypotheses with the
 * same word history and position recombine. The best path maximises
 *
 * <pre>
 *   sum_t acoustic(t, s_t) + sum ln a + lmWeight * sum_words ln P(w | history) + penalty * #words + ln P(silences)
 * </pre>
 *
 * with the sentence's {@code </s>} included at the end. Why a tree with dynamic LM states and not a
 * compiled graph (HCLG): the lexicon tree of the 134k-word CMU dictionary has ~300k nodes and the
 * n-gram model keeps its own compact tables, so nothing large is built or stored per LM, any ARPA model
 * of any order is used as it is, and the LM can be changed without recompiling a graph.
 *
 * <p><b>One frame.</b> From every token of frame t−1: the self-loop; the move to the next state of the
 * phone; from a phone's last state, the move into each child node (adding the change of unigram
 * look-ahead, see {@link LexiconTree}), and at a node where words end, for each word: the exit, minus
 * the look-ahead, plus {@code lmWeight * ln P(word | LM state)} and the penalty. Word ends are recombined
 * per new LM state (the best one survives and gets a traceback record), then enter the tree's root
 * (optionally through a silence phone, with {@code ln silenceProb}, the direct way with
 * {@code ln(1 - silenceProb)}). The acoustic score of frame t is added as each move is made; tokens more
 * than {@code beam} below the best, or beyond the {@code maxActive} best, are dropped (those already a beam
 * below the best self-loop before they are stored: the same tokens survive, at less cost).
 *
 * <p><b>Memory.</b> Traceback records are written only at word (and silence) ends; records that no live
 * token reaches are reclaimed from time to time (mark and compact), so memory stays bounded by the
 * active tokens, not by the utterance length.
 *
 * <p><b>Tied triphone states.</b> With {@link ContextStates} (and a lexicon tree built with right context),
 * a token's acoustic score is not its phone-state's but its (LM state, node, state)'s acoustic id: the
 * tied state of its triphone inside a word, the tied states of the known side summed at a word's first
 * and last phone (the cross-word context is not in the token; see {@link ContextStates} for exactly what
 * is summed). Transitions stay those of the context-independent phone-state. Without it (a
 * context-independent model, or the marginal search) the token's phone-state is the acoustic index.
 *
 * <p>The decoder is immutable (but for a pool of searches handed back for reuse, {@link #recycle}) and thread-safe;
 * a {@link Search} is one utterance's (or stream's) state.
 */
public final class WordDecoder {
    /** The word index of silence in traceback records (never in results). */
    private static final int SILENCE = WordLattice.SILENCE;
    /** At most this many lattice arcs into one word-end record. */
    private static final int MAX_ARCS = 16;
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;
    /** log2 of the LM look-up cache's slots per search (4096: 64 KiB). */
    private static final int LM_CACHE_BITS = 12;
    /** Bins of the score histogram that histogram pruning selects in. */
    private static final int BINS = 256;

    private final HmmTopology topology;
    private final LexiconTree tree;
    private final NgramLm lm;
    private final int[] lmWord;            // (W) the LM id of each word index
    private final int silencePhone;        // HMM phone index of silence, or -1
    private final int silNode;             // the silence node's index (one past the tree's nodes), or -1
    private final WordDecoderOptions options;
    private final int k;                   // HMM states per phone
    private final int numCi;               // C, the phone-states: payloads at or above it carry a left context
    private final double logSil, logNoSil;
    private final LatticeRescorer rescorer;   // the second pass, or null
    /** Searches kept for reuse ({@link #recycle}) at most. */
    private static final int MAX_SPARE = 32;
    private final java.util.concurrent.ConcurrentLinkedQueue<Search> spare = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger spares = new java.util.concurrent.atomic.AtomicInteger();   // spare's size, about
    private final ContextStates context;      // acoustic ids of tied triphone states, or null: the phone-state

    /**
     * @param topology     the acoustic model's phone HMMs (the decodable's indices)
     * @param tree         pronunciations over the topology's phone indices; word indices are the caller's
     * @param lm           the word language model
     * @param lmWord       for each word index of the tree, its id in {@code lm}'s vocabulary
     * @param silencePhone the topology's silence phone, or -1 for none
     */
    public WordDecoder(HmmTopology topology, LexiconTree tree, NgramLm lm, int[] lmWord, int silencePhone, WordDecoderOptions options) {
        this(topology, tree, lm, lmWord, silencePhone, options, null);
    }

    /**
     * As the other constructor, with a second pass: {@link Search#finish(int)} rescores the word lattice
     * with {@code rescorer}'s LM (results, confidences and alternatives then come from the rescored
     * lattice; partial results stay first-pass). {@code null}: one pass.
     */
    public WordDecoder(HmmTopology topology, LexiconTree tree, NgramLm lm, int[] lmWord, int silencePhone, WordDecoderOptions options,
                       LatticeRescorer rescorer) {
        this(topology, tree, lm, lmWord, silencePhone, options, rescorer, null);
    }

    /**
     * As the other constructors, with the acoustic ids of tied triphone states ({@link ContextStates}, built
     * on {@code tree}); the decodable then scores {@link ContextStates#numIds} ids. {@code null}: each
     * token reads its phone-state.
     */
    public WordDecoder(HmmTopology topology, LexiconTree tree, NgramLm lm, int[] lmWord, int silencePhone, WordDecoderOptions options,
                       LatticeRescorer rescorer, ContextStates context) {
        this.rescorer = rescorer;
        this.context = context;
        this.topology = Objects.requireNonNull(topology, "topology");
        this.tree = Objects.requireNonNull(tree, "tree");
        this.lm = Objects.requireNonNull(lm, "lm");
        this.lmWord = lmWord.clone();
        this.options = Objects.requireNonNull(options, "options");
        if (silencePhone < -1 || silencePhone >= topology.numPhones())
            throw new IllegalArgumentException("silence phone " + silencePhone + " outside the topology's " + topology.numPhones() + " phones");
        for (int n = 1; n < tree.numNodes(); n++)
            if (tree.phone(n) >= topology.numPhones())
                throw new IllegalArgumentException("the lexicon tree uses phone " + tree.phone(n) + " but the HMMs have " + topology.numPhones());
        for (int w : this.lmWord)
            if (w < 0 || w >= lm.vocabulary().size()) throw new IllegalArgumentException("LM word id " + w + " outside the LM's vocabulary");
        if (rescorer != null && rescorer.numWords() != this.lmWord.length)
            throw new IllegalArgumentException("the rescorer maps " + rescorer.numWords() + " words but the decoder has " + this.lmWord.length);
        this.silencePhone = silencePhone;
        this.silNode = silencePhone >= 0 ? tree.numNodes() : -1;
        this.k = topology.statesPerPhone();
        this.numCi = topology.numStates();
        this.logSil = options.silenceProb() > 0 ? Math.log(options.silenceProb()) : NEG_INF;
        this.logNoSil = Math.log1p(-options.silenceProb());
        if ((long) (tree.numNodes() + 1) * k >= Integer.MAX_VALUE) throw new IllegalArgumentException("lexicon tree too large");
        if (context != null && context.numHmmStates() != (tree.numNodes() + 1) * k)
            throw new IllegalArgumentException("the context states are for " + context.numHmmStates() + " HMM states, the tree has " + (tree.numNodes() + 1) * k);
    }

    /** The acoustic ids of tied triphone states, or null. */
    public ContextStates context() { return context; }

    /** Indices the decodable must score: the acoustic ids with {@link #context}, else the phone-states. */
    public int numAcousticIndices() { return context != null ? context.numIds() : topology.numStates(); }

    public WordDecoderOptions options() { return options; }

    public HmmTopology topology() { return topology; }

    public LexiconTree tree() { return tree; }

    /** The second pass, or null. */
    public LatticeRescorer rescorer() { return rescorer; }

    /** The whole utterance at once. */
    public WordDecodeResult decode(Decodable d) {
        Search s = newSearch();
        s.advance(d);
        return s.finish();
    }

    /** A search for a new utterance: a recycled one ({@link #recycle}), reset, when there is one, else a new one. */
    public Search newSearch() {
        Search s = spare.poll();
        if (s == null) return new Search();
        spares.decrementAndGet();
        s.reset();
        return s;
    }

    /**
     * Hands back a search its owner is done with, for a later {@link #newSearch} to reuse with the arrays it has
     * grown (a server whose streams come and go then allocates no search per stream); the caller must not touch
     * it afterwards. At most {@link #MAX_SPARE} are kept; thread-safe.
     */
    public void recycle(Search s) {
        if (s.decoder() != this) throw new IllegalArgumentException("the search belongs to another decoder");
        if (spares.incrementAndGet() <= MAX_SPARE) spare.add(s);
        else spares.decrementAndGet();
    }

    /** The phone before a word carried in a token's payload (see {@link Search#enterWords}), or -1. */
    private int leftOf(int payload) { return payload / numCi - 1; }

    private static long key(int lmState, int hmmState) {
        return ((long) lmState << 32) | (hmmState & 0xFFFFFFFFL);
    }

    /** One utterance's search, fed frame by frame; not thread-safe. */
    public final class Search {
        // tokens of frames t-1 and t: key(LM state, node * K + position), payload the phone-state (phone * K + position),
        // plus C * (left + 1) at a word's first phone with ContextStates: the last phone before the word (see leftOf)
        private TokenMap cur = new TokenMap(), next = new TokenMap();
        private double[] scratch = new double[1024];
        private double[] acoustic = new double[0];   // (numIndices) the current frame's acoustic score of each decodable state
        private double cutoff;                       // tokens of the current frame below this are pruned anyway (add)
        private final int[] binCount = new int[BINS + 1];   // (BINS + 1) histogram pruning's score histogram, the last bin below the floor
        private final WordLattice lattice = new WordLattice();   // traceback records and their word arcs
        // word ends of one frame: new LM state, path score, source record, word; sorted by LM state through endKey
        private int[] endLm = new int[256], endRec = new int[256], endWord = new int[256];
        private double[] endScore = new double[256];
        private float[] endLmProb = new float[256];   // the LM ln probability inside endScore (unweighted)
        private long[] endKey = new long[256];
        private int[] endPhone = new int[256];   // the last phone of the word (or silence) that ends
        private int numEnds;
        private final int[] arcPrev = new int[MAX_ARCS], arcWord = new int[MAX_ARCS];
        private final double[] arcScore = new double[MAX_ARCS];
        private final float[] arcLm = new float[MAX_ARCS];
        private int gcAt = 1 << 14;
        // (2^LM_CACHE_BITS) the lmNext cache: key (LM state, LM word), -1 = empty; value as NgramLm#next packs it
        private final long[] lmCacheKey = new long[1 << LM_CACHE_BITS], lmCacheValue = new long[1 << LM_CACHE_BITS];
        private int frames;
        private int diedAt = -1;
        private int maxTokens;
        private int reclaims;                 // how many times records were renumbered

        private Search() {
            Arrays.fill(lmCacheKey, -1L);
        }

        /**
         * Starts a new utterance in this search, as {@link #newSearch} would, keeping the arrays it has grown
         * (token tables, traceback records, word ends) and its LM look-up cache (a pure function of the LM):
         * a server's stream reuses one search for all its utterances instead of allocating one per utterance.
         * The results are the same as a new search's: the tables' entries are in insertion order whatever
         * their capacity.
         */
        public void reset() {
            cur.clear();
            next.clear();
            lattice.clear();
            numEnds = 0;
            cutoff = NEG_INF;
            gcAt = 1 << 14;
            frames = 0;
            diedAt = -1;
            maxTokens = 0;
            reclaims = 0;
            lastRecord = 0;
        }

        private WordDecoder decoder() { return WordDecoder.this; }

        public int framesDecoded() { return frames; }

        /** Tokens alive after the last frame. */
        public int activeTokens() { return cur.size; }

        /** The most tokens alive after any frame so far. */
        public int maxActiveTokens() { return maxTokens; }

        /** Traceback records held now (bounded by reclamation). */
        public int numRecords() { return lattice.numRecords(); }

        /** Accepts every frame of {@code d} not yet accepted. */
        public void advance(Decodable d) {
            while (frames < d.numFrames()) acceptFrame(d, frames);
        }

        /** Advances by frame {@code frame} of {@code d}, which must be the next one ({@link #framesDecoded()}). */
        public void acceptFrame(Decodable d, int frame) {
            if (frame != frames) throw new IllegalArgumentException("expected frame " + frames + ", got frame " + frame);
            if (context == null) topology.checkDecodable(d);
            else if (d.numIndices() != context.numIds())
                throw new IllegalArgumentException("the decodable has " + d.numIndices() + " indices per frame but the search reads " + context.numIds() + " acoustic ids");
            double w = options.lmWeight();
            if (acoustic.length < d.numIndices()) acoustic = new double[d.numIndices()];
            for (int i = 0; i < d.numIndices(); i++) acoustic[i] = d.logLikelihood(frame, i);
            next.clear();
            cutoff = NEG_INF;
            if (frame == 0) {
                enterWords(lm.startState(), 0, -1, w, topology.numPhones());
                if (silNode >= 0) add(key(lm.startState(), silNode * k), 0, -1, silencePhone * k);
            } else {
                cutoff = selfLoopBest() - options.beam();
                expand(w);
            }
            // the tokens carry their acoustic scores (add): beam and histogram pruning
            double best = NEG_INF;
            for (int i = 0; i < next.size; i++) best = Math.max(best, next.scores[i]);
            double threshold = best - options.beam();
            if (next.size > options.maxActive()) threshold = Math.max(threshold, histogramThreshold(next, best, threshold, options.maxActive()));
            next.retainAtLeast(threshold);
            if (best == NEG_INF && diedAt < 0) diedAt = frame;
            TokenMap t = cur;
            cur = next;
            next = t;
            frames++;
            maxTokens = Math.max(maxTokens, cur.size);
            if (lattice.numRecords() >= gcAt) reclaimRecords();
        }

        /**
         * A token of frame t: {@code score} plus the acoustic score of its decodable state {@code s} at frame t,
         * into {@link #next} ({@link TokenMap#relax}), unless it lies below {@link #cutoff}. Adding the acoustic
         * score here, not after all moves, gives the same scores: the acoustic score is the same for every move
         * into one key, and adding a constant in floating point is monotone, so the best move stays the best.
         * A NaN sum counts as -infinity.
         */
        private void add(long key, double score, int record, int s) {
            double v = score + acoustic[acousticIndex(key, s)];
            if (v != v) v = NEG_INF;
            if (v < cutoff) return;
            next.relax(key, v, record, s);
        }

        /** The decodable index token (key, payload s) reads: its phone-state, or with {@link ContextStates} its acoustic id. */
        private int acousticIndex(long key, int s) {
            return context == null ? s : context.id((int) key, leftOf(s));
        }

        /**
         * The best score a self-loop reaches at frame t (each token of t−1 staying in its state, with t's acoustic
         * score; computed exactly as {@link #add} does): a score some token of t will have, so t's best is at least
         * this, and anything a beam below it is pruned at t whatever the other moves bring. {@link #add} then drops
         * such tokens before they cost a look-up; the tokens kept, and their scores, are the same.
         */
        private double selfLoopBest() {
            double best = NEG_INF;
            for (int i = 0; i < cur.size; i++) {
                int s = cur.payload[i], ci = s < numCi ? s : s % numCi;
                double v = cur.scores[i] + topology.logSelfLoop(ci) + acoustic[acousticIndex(cur.keys[i], s)];
                if (v > best) best = v;
            }
            return best;
        }

        /** Frame t−1's tokens into frame t's, with t's acoustic scores ({@link #add}). */
        private void expand(double w) {
            numEnds = 0;
            double pen = options.wordInsertionPenalty();
            for (int i = 0; i < cur.size; i++) {
                long key = cur.keys[i];
                double score = cur.scores[i];
                int rec = cur.records[i];
                int lmState = (int) (key >>> 32), hs = (int) key;
                int node = hs / k, pos = hs % k;
                int s = cur.payload[i], ci = s < numCi ? s : s % numCi;
                add(key, score + topology.logSelfLoop(ci), rec, s);
                if (pos + 1 < k) {
                    add(key + 1, score + topology.logForward(ci), rec, s + 1);
                    continue;
                }
                double exit = score + topology.logForward(ci);
                if (node == silNode) {
                    addEnd(lmState, exit, rec, SILENCE, 0f, silencePhone);
                    continue;
                }
                float la = tree.lookahead(node);
                for (int c = tree.childBegin(node); c < tree.childEnd(node); c++) {
                    int child = tree.child(c);
                    add(key(lmState, child * k), exit + w * (tree.lookahead(child) - la), rec, tree.phone(child) * k);
                }
                double base = exit - w * la + pen;
                for (int e = tree.wordBegin(node); e < tree.wordEnd(node); e++) {
                    int word = tree.word(e);
                    long r = lmNext(lmState, lmWord[word]);
                    float p = NgramLm.logProbOf(r);
                    addEnd(NgramLm.stateOf(r), base + w * p, rec, word, p, tree.phone(node));
                }
            }
            // word ends recombined per new LM state: the best one continues, those within the lattice beam become its arcs
            for (int i = 0; i < numEnds; i++) endKey[i] = ((long) endLm[i] << 32) | i;
            Arrays.sort(endKey, 0, numEnds);
            for (int g = 0, h; g < numEnds; g = h) {
                int lmState = (int) (endKey[g] >>> 32);
                for (h = g; h < numEnds && (int) (endKey[h] >>> 32) == lmState; h++) ;
                int best = record(g, h);
                int word = endWord[best];
                double v = endScore[best];
                int rec = lastRecord, left = endPhone[best];
                if (word == SILENCE) {
                    enterWords(lmState, v, rec, w, left);
                } else {
                    enterWords(lmState, v + logNoSil, rec, w, left);
                    if (silNode >= 0 && logSil > NEG_INF) add(key(lmState, silNode * k), v + logSil, rec, silencePhone * k);
                }
            }
        }

        private void addEnd(int lmState, double score, int rec, int word, float lmProb, int phone) {
            if (numEnds == endLm.length) {
                int n = 2 * numEnds;
                endLm = Arrays.copyOf(endLm, n);
                endRec = Arrays.copyOf(endRec, n);
                endWord = Arrays.copyOf(endWord, n);
                endScore = Arrays.copyOf(endScore, n);
                endKey = Arrays.copyOf(endKey, n);
                endLmProb = Arrays.copyOf(endLmProb, n);
                endPhone = Arrays.copyOf(endPhone, n);
            }
            endPhone[numEnds] = phone;
            endLm[numEnds] = lmState;
            endScore[numEnds] = score;
            endRec[numEnds] = rec;
            endWord[numEnds] = word;
            endLmProb[numEnds] = lmProb;
            numEnds++;
        }

        private int lastRecord;

        /**
         * One record for the word ends {@code endKey[g .. h)} (one LM state), at the current frame: the best
         * end (the first of equal ones) as arc 0, then the others within the lattice beam, best first, at most
         * {@link #MAX_ARCS}. Returns the best end's index; the record is {@link #lastRecord}.
         */
        private int record(int g, int h) {
            int best = -1;
            for (int i = g; i < h; i++) {
                int e = (int) endKey[i];
                if (best < 0 || endScore[e] > endScore[best]) best = e;
            }
            int n = 0;
            arcPrev[n] = endRec[best];
            arcWord[n] = endWord[best];
            arcLm[n] = endLmProb[best];
            arcScore[n++] = endScore[best];
            double floor = endScore[best] - options.latticeBeam();
            if (options.latticeBeam() > 0) {
                for (int i = g; i < h; i++) {
                    int e = (int) endKey[i];
                    if (e == best || !(endScore[e] >= floor)) continue;
                    if (n == MAX_ARCS) {   // full: the worst arc makes room for a better one
                        if (endScore[e] <= arcScore[n - 1]) continue;
                        n--;
                    }
                    int j = n++;
                    for (; j > 1 && arcScore[j - 1] < endScore[e]; j--) {
                        arcPrev[j] = arcPrev[j - 1];
                        arcWord[j] = arcWord[j - 1];
                        arcScore[j] = arcScore[j - 1];
                        arcLm[j] = arcLm[j - 1];
                    }
                    arcPrev[j] = endRec[e];
                    arcWord[j] = endWord[e];
                    arcScore[j] = endScore[e];
                    arcLm[j] = endLmProb[e];
                }
            }
            lastRecord = lattice.add(frames, n, arcPrev, arcWord, arcScore, arcLm);
            return best;
        }

        /**
         * Tokens into the first state of every first phone of the tree, with their look-ahead; with
         * {@link ContextStates}, their payload carries {@code left}, the phone before the word (the boundary P at
         * the start), for the first phone's acoustic id.
         */
        private void enterWords(int lmState, double score, int rec, double w, int left) {
            int carry = context == null ? 0 : numCi * (left + 1);
            for (int c = tree.childBegin(0); c < tree.childEnd(0); c++) {
                int child = tree.child(c);
                add(key(lmState, child * k), score + w * tree.lookahead(child), rec, tree.phone(child) * k + carry);
            }
        }

        /**
         * {@link NgramLm#next}, remembered: a direct-mapped cache of (LM state, LM word) → packed result, as
         * the same few words end in the same few LM states frame after frame; a miss asks the LM (its back-off
         * chain of hash look-ups) and replaces the slot's entry.
         */
        private long lmNext(int lmState, int lmWordId) {
            long key = ((long) lmState << 32) | (lmWordId & 0xFFFFFFFFL);
            int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - LM_CACHE_BITS));
            if (lmCacheKey[slot] == key) return lmCacheValue[slot];
            long r = lm.next(lmState, lmWordId);
            lmCacheKey[slot] = key;
            lmCacheValue[slot] = r;
            return r;
        }

        /**
         * The {@code kth} largest score of {@code m}, or {@code floor} when fewer than {@code kth} reach
         * {@code floor} (the beam's threshold, {@code best} − beam). Exact, in two passes and a small selection:
         * the scores in {@code [floor, best]} are counted in {@link #BINS} equal bins (the bin is a monotone
         * function of the score), the bin holding the {@code kth} largest is found from the top, and only its
         * scores go to quickselect. Selecting from the scores at or above the floor gives the same threshold as
         * selecting from all of them: when {@code kth} reach the floor, the {@code kth} largest are among them.
         */
        private double histogramThreshold(TokenMap m, double best, double floor, int kth) {
            if (!(floor > NEG_INF)) return floor;
            double scale = BINS / (best - floor);
            Arrays.fill(binCount, 0);
            for (int i = 0; i < m.size; i++) {   // scores below the floor go to the spare bin BINS (no branch)
                double v = m.scores[i];
                binCount[v >= floor ? bin(v, floor, scale) : BINS]++;
            }
            if (m.size - binCount[BINS] <= kth) return floor;
            int b = BINS - 1, above = 0;   // scores in the bins above b
            while (above + binCount[b] < kth) above += binCount[b--];
            if (scratch.length < binCount[b]) scratch = new double[m.keys.length];
            int c = 0;
            for (int i = 0; i < m.size; i++) {
                double v = m.scores[i];
                if (v >= floor && bin(v, floor, scale) == b) scratch[c++] = v;
            }
            return Quickselect.kthLargest(scratch, c, kth - above);
        }

        private static int bin(double v, double floor, double scale) {
            return Math.min(BINS - 1, (int) ((v - floor) * scale));
        }

        /** Reclaims the records no live token reaches (see {@link WordLattice#reclaim}). */
        private void reclaimRecords() {
            int[] live = Arrays.copyOf(cur.records, cur.size);
            int n = lattice.reclaim(live, cur.scores, live.length, options.latticeBeam());
            System.arraycopy(live, 0, cur.records, 0, live.length);
            gcAt = Math.max(1 << 14, 2 * n);
            reclaims++;
        }

        /**
         * For endpointing: how many frames the best token has spent in silence since its last word (or since
         * the start), 0 when it is inside a word; and through {@link #bestHasWords} whether it has any word.
         */
        public int trailingSilenceFrames() {
            int best = bestToken();
            if (best < 0 || (int) cur.keys[best] / k != silNode) return 0;
            int rec = cur.records[best];
            return rec < 0 ? frames : frames - lattice.end(rec);
        }

        /** Whether the best token's path holds at least one word. */
        public boolean bestHasWords() {
            int best = bestToken();
            for (int r = best < 0 ? -1 : cur.records[best]; r >= 0; r = lattice.prev(r)) if (lattice.word(r) != SILENCE) return true;
            return false;
        }

        private int bestToken() {
            int best = -1;
            for (int i = 0; i < cur.size; i++) if (best < 0 || cur.scores[i] > cur.scores[best]) best = i;
            return best;
        }

        /**
         * Names the best token's traceback (its last record, within the records' current numbering): while it
         * stays the same, {@link #partial()} gives the same words with the same times, so a caller can keep
         * what it built from the last one. Costs one pass over the tokens, no traceback.
         */
        public long bestPathId() {
            int best = bestToken();
            return ((long) reclaims << 32) | ((best < 0 ? -2 : cur.records[best]) & 0xFFFFFFFFL);
        }

        /** The words of the best token so far (its completed words; the word it is in is not known yet). */
        public WordDecodeResult partial() {
            int best = bestToken();
            if (best < 0) return new WordDecodeResult(List.of(), NEG_INF, frames, false);
            return new WordDecodeResult(lattice.bestPath(cur.records[best], null), cur.scores[best], frames, false);
        }

        /**
         * The best path over the frames accepted so far that ends at a word end or in silence, with
         * {@code </s>}; if none survived, the best token's completed words ({@code reachedEnd} false).
         *
         * @throws IllegalStateException when every token was pruned or had score -infinity at some frame
         */
        public WordDecodeResult finish() {
            return finish(0);
        }

        /**
         * As {@link #finish()}, each word with its confidence from the word lattice (NaN with lattice beam 0),
         * and the {@code nbest} best distinct word sequences as alternatives (none for 0).
         */
        public WordDecodeResult finish(int nbest) {
            if (diedAt >= 0)
                throw new IllegalStateException("no path survives frame " + diedAt + ": every state has log-likelihood -infinity (or NaN) there");
            if (frames == 0) return new WordDecodeResult(List.of(), options.lmWeight() * lm.finalLogProb(lm.startState()), 0, true);
            double w = options.lmWeight();
            numEnds = 0;
            for (int i = 0; i < cur.size; i++) {
                long key = cur.keys[i];
                int lmState = (int) (key >>> 32), hs = (int) key;
                if (hs % k != k - 1) continue;
                int node = hs / k;
                int s = cur.payload[i];
                double exit = cur.scores[i] + topology.logForward(s < numCi ? s : s % numCi);
                if (node == silNode) {
                    float p = lm.finalLogProb(lmState);
                    addEnd(0, exit + w * p, cur.records[i], SILENCE, p, silencePhone);
                    continue;
                }
                double base = exit - w * tree.lookahead(node) + options.wordInsertionPenalty();
                for (int e = tree.wordBegin(node); e < tree.wordEnd(node); e++) {
                    int word = tree.word(e);
                    long r = lmNext(lmState, lmWord[word]);
                    float p = NgramLm.logProbOf(r) + lm.finalLogProb(NgramLm.stateOf(r));
                    addEnd(0, base + w * p, cur.records[i], word, p, tree.phone(node));
                }
            }
            if (numEnds == 0) return partial();
            for (int i = 0; i < numEnds; i++) endKey[i] = i;
            int best = record(0, numEnds);
            WordLattice lat = lattice;
            int last = lastRecord;
            double score = endScore[best];
            if (rescorer != null) {
                LatticeRescorer.Rescored r = rescorer.rescore(lattice, last, w);
                lat = r.lattice();
                last = r.finalRecord();
                score = lat.score(last);
            }
            double[] posteriors = options.latticeBeam() > 0 ? lat.arcPosteriors(last) : null;
            List<WordDecodeResult.Alternative> alternatives = new ArrayList<>();
            if (nbest > 0)
                for (WordLattice.Hypothesis h : lat.nbest(last, nbest)) alternatives.add(new WordDecodeResult.Alternative(h.words(), h.score()));
            return new WordDecodeResult(lat.bestPath(last, posteriors), score, frames, true, alternatives);
        }
    }
}
