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
 * {@code ln(1 - silenceProb)}). The acoustic score of frame t is added; tokens more than {@code beam}
 * below the best, or beyond the {@code maxActive} best, are dropped.
 *
 * <p><b>Memory.</b> Traceback records are written only at word (and silence) ends; records that no live
 * token reaches are reclaimed from time to time (mark and compact), so memory stays bounded by the
 * active tokens, not by the utterance length.
 *
 * <p>The decoder is immutable and thread-safe; a {@link Search} is one utterance's (or stream's) state.
 */
public final class WordDecoder {
    /** The word index of silence in traceback records (never in results). */
    private static final int SILENCE = -2;
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private final HmmTopology topology;
    private final LexiconTree tree;
    private final NgramLm lm;
    private final int[] lmWord;            // (W) the LM id of each word index
    private final int silencePhone;        // HMM phone index of silence, or -1
    private final int silNode;             // the silence node's index (one past the tree's nodes), or -1
    private final WordDecoderOptions options;
    private final int k;                   // HMM states per phone
    private final double logSil, logNoSil;

    /**
     * @param topology     the acoustic model's phone HMMs (the decodable's indices)
     * @param tree         pronunciations over the topology's phone indices; word indices are the caller's
     * @param lm           the word language model
     * @param lmWord       for each word index of the tree, its id in {@code lm}'s vocabulary
     * @param silencePhone the topology's silence phone, or -1 for none
     */
    public WordDecoder(HmmTopology topology, LexiconTree tree, NgramLm lm, int[] lmWord, int silencePhone, WordDecoderOptions options) {
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
        this.silencePhone = silencePhone;
        this.silNode = silencePhone >= 0 ? tree.numNodes() : -1;
        this.k = topology.statesPerPhone();
        this.logSil = options.silenceProb() > 0 ? Math.log(options.silenceProb()) : NEG_INF;
        this.logNoSil = Math.log1p(-options.silenceProb());
        if ((long) (tree.numNodes() + 1) * k >= Integer.MAX_VALUE) throw new IllegalArgumentException("lexicon tree too large");
    }

    public WordDecoderOptions options() { return options; }

    public HmmTopology topology() { return topology; }

    public LexiconTree tree() { return tree; }

    /** The whole utterance at once. */
    public WordDecodeResult decode(Decodable d) {
        Search s = newSearch();
        s.advance(d);
        return s.finish();
    }

    public Search newSearch() { return new Search(); }

    private static long key(int lmState, int hmmState) {
        return ((long) lmState << 32) | (hmmState & 0xFFFFFFFFL);
    }

    /** One utterance's search, fed frame by frame; not thread-safe. */
    public final class Search {
        private TokenMap cur = new TokenMap(), next = new TokenMap();
        private final TokenMap ends = new TokenMap();   // word ends of a frame, keyed by the new LM state
        private double[] scratch = new double[1024];
        // traceback records: word (or SILENCE), end frame (exclusive), previous record
        private int[] recWord = new int[1024], recEnd = new int[1024], recPrev = new int[1024];
        private int numRecords;
        private int gcAt = 1 << 14;
        private int frames;
        private int diedAt = -1;
        private int maxTokens;

        private Search() {}

        public int framesDecoded() { return frames; }

        /** Tokens alive after the last frame. */
        public int activeTokens() { return cur.size; }

        /** The most tokens alive after any frame so far. */
        public int maxActiveTokens() { return maxTokens; }

        /** Traceback records held now (bounded by reclamation). */
        public int numRecords() { return numRecords; }

        /** Accepts every frame of {@code d} not yet accepted. */
        public void advance(Decodable d) {
            while (frames < d.numFrames()) acceptFrame(d, frames);
        }

        /** Advances by frame {@code frame} of {@code d}, which must be the next one ({@link #framesDecoded()}). */
        public void acceptFrame(Decodable d, int frame) {
            if (frame != frames) throw new IllegalArgumentException("expected frame " + frames + ", got frame " + frame);
            if (d.numIndices() != topology.numStates())
                throw new IllegalArgumentException("the decodable has " + d.numIndices() + " indices per frame but the HMMs have "
                        + topology.numStates() + " states");
            double w = options.lmWeight();
            next.clear();
            if (frame == 0) {
                enterWords(lm.startState(), 0, -1, w);
                if (silNode >= 0) next.relax(key(lm.startState(), silNode * k), 0, -1, 0);
            } else {
                expand(w);
            }
            // acoustics, then beam and histogram pruning
            double best = NEG_INF;
            for (int i = 0; i < next.size; i++) {
                double v = next.scores[i] + d.logLikelihood(frame, amState((int) next.keys[i]));
                if (Double.isNaN(v)) v = NEG_INF;
                next.scores[i] = v;
                if (v > best) best = v;
            }
            double threshold = best - options.beam();
            if (next.size > options.maxActive()) threshold = Math.max(threshold, kthLargest(next, options.maxActive()));
            next.retainAtLeast(threshold);
            if (best == NEG_INF && diedAt < 0) diedAt = frame;
            TokenMap t = cur;
            cur = next;
            next = t;
            frames++;
            maxTokens = Math.max(maxTokens, cur.size);
            if (numRecords >= gcAt) reclaimRecords();
        }

        /** Frame t−1's tokens into frame t's, before acoustics. */
        private void expand(double w) {
            ends.clear();
            double pen = options.wordInsertionPenalty();
            for (int i = 0; i < cur.size; i++) {
                long key = cur.keys[i];
                double score = cur.scores[i];
                int rec = cur.records[i];
                int lmState = (int) (key >>> 32), hs = (int) key;
                int node = hs / k, pos = hs % k;
                int s = amState(hs);
                next.relax(key, score + topology.logSelfLoop(s), rec, 0);
                if (pos + 1 < k) {
                    next.relax(key + 1, score + topology.logForward(s), rec, 0);
                    continue;
                }
                double exit = score + topology.logForward(s);
                if (node == silNode) {
                    ends.relax(lmState, exit, rec, SILENCE);
                    continue;
                }
                float la = tree.lookahead(node);
                for (int c = tree.childBegin(node); c < tree.childEnd(node); c++) {
                    int child = tree.child(c);
                    next.relax(key(lmState, child * k), exit + w * (tree.lookahead(child) - la), rec, 0);
                }
                double base = exit - w * la + pen;
                for (int e = tree.wordBegin(node); e < tree.wordEnd(node); e++) {
                    int word = tree.word(e);
                    long r = lm.next(lmState, lmWord[word]);
                    ends.relax(NgramLm.stateOf(r), base + w * NgramLm.logProbOf(r), rec, word);
                }
            }
            for (int i = 0; i < ends.size; i++) {
                int lmState = (int) ends.keys[i];
                int word = ends.payload[i];
                double v = ends.scores[i];
                int rec = newRecord(word, frames, ends.records[i]);
                if (word == SILENCE) {
                    enterWords(lmState, v, rec, w);
                } else {
                    enterWords(lmState, v + logNoSil, rec, w);
                    if (silNode >= 0 && logSil > NEG_INF) next.relax(key(lmState, silNode * k), v + logSil, rec, 0);
                }
            }
        }

        /** Tokens into the first state of every first phone of the tree, with their look-ahead. */
        private void enterWords(int lmState, double score, int rec, double w) {
            for (int c = tree.childBegin(0); c < tree.childEnd(0); c++) {
                int child = tree.child(c);
                next.relax(key(lmState, child * k), score + w * tree.lookahead(child), rec, 0);
            }
        }

        /** The decodable's index of a token's HMM state (node * K + position). */
        private int amState(int hs) {
            int node = hs / k;
            int phone = node == silNode ? silencePhone : tree.phone(node);
            return phone * k + hs % k;
        }

        private double kthLargest(TokenMap m, int kth) {
            if (scratch.length < m.size) scratch = new double[m.keys.length];
            System.arraycopy(m.scores, 0, scratch, 0, m.size);
            // quickselect for the element that would be at index size - kth in ascending order
            int lo = 0, hi = m.size - 1, target = m.size - kth;
            while (lo < hi) {
                double pivot = scratch[(lo + hi) >>> 1];
                int i = lo, j = hi;
                while (i <= j) {
                    while (scratch[i] < pivot) i++;
                    while (scratch[j] > pivot) j--;
                    if (i <= j) {
                        double t = scratch[i];
                        scratch[i] = scratch[j];
                        scratch[j] = t;
                        i++;
                        j--;
                    }
                }
                if (target <= j) hi = j;
                else if (target >= i) lo = i;
                else break;
            }
            return scratch[target];
        }

        private int newRecord(int word, int end, int prev) {
            if (numRecords == recWord.length) {
                int n = recWord.length * 2;
                recWord = Arrays.copyOf(recWord, n);
                recEnd = Arrays.copyOf(recEnd, n);
                recPrev = Arrays.copyOf(recPrev, n);
            }
            recWord[numRecords] = word;
            recEnd[numRecords] = end;
            recPrev[numRecords] = prev;
            return numRecords++;
        }

        /** Mark the records live tokens reach, compact them, renumber the tokens' references. */
        private void reclaimRecords() {
            int[] map = new int[numRecords];
            Arrays.fill(map, -1);
            for (int i = 0; i < cur.size; i++)
                for (int r = cur.records[i]; r >= 0 && map[r] == -1; r = recPrev[r]) map[r] = 0;
            int n = 0;
            for (int r = 0; r < numRecords; r++) {   // prev < r always, so one forward pass renumbers
                if (map[r] < 0) continue;
                recWord[n] = recWord[r];
                recEnd[n] = recEnd[r];
                recPrev[n] = recPrev[r] < 0 ? -1 : map[recPrev[r]];
                map[r] = n++;
            }
            numRecords = n;
            for (int i = 0; i < cur.size; i++) if (cur.records[i] >= 0) cur.records[i] = map[cur.records[i]];
            gcAt = Math.max(1 << 14, 2 * n);
        }

        /**
         * For endpointing: how many frames the best token has spent in silence since its last word (or since
         * the start), 0 when it is inside a word; and through {@link #bestHasWords} whether it has any word.
         */
        public int trailingSilenceFrames() {
            int best = bestToken();
            if (best < 0 || (int) cur.keys[best] / k != silNode) return 0;
            int rec = cur.records[best];
            return rec < 0 ? frames : frames - recEnd[rec];
        }

        /** Whether the best token's path holds at least one word. */
        public boolean bestHasWords() {
            int best = bestToken();
            for (int r = best < 0 ? -1 : cur.records[best]; r >= 0; r = recPrev[r]) if (recWord[r] != SILENCE) return true;
            return false;
        }

        private int bestToken() {
            int best = -1;
            for (int i = 0; i < cur.size; i++) if (best < 0 || cur.scores[i] > cur.scores[best]) best = i;
            return best;
        }

        /** The words of the best token so far (its completed words; the word it is in is not known yet). */
        public WordDecodeResult partial() {
            int best = bestToken();
            if (best < 0) return new WordDecodeResult(List.of(), NEG_INF, frames, false);
            return new WordDecodeResult(traceback(cur.records[best]), cur.scores[best], frames, false);
        }

        /**
         * The best path over the frames accepted so far that ends at a word end or in silence, with
         * {@code </s>}; if none survived, the best token's completed words ({@code reachedEnd} false).
         *
         * @throws IllegalStateException when every token was pruned or had score -infinity at some frame
         */
        public WordDecodeResult finish() {
            if (diedAt >= 0)
                throw new IllegalStateException("no path survives frame " + diedAt + ": every state has log-likelihood -infinity (or NaN) there");
            if (frames == 0) return new WordDecodeResult(List.of(), options.lmWeight() * lm.finalLogProb(lm.startState()), 0, true);
            double w = options.lmWeight();
            double best = NEG_INF;
            int bestRec = -1, bestWord = SILENCE;
            boolean found = false;
            for (int i = 0; i < cur.size; i++) {
                long key = cur.keys[i];
                int lmState = (int) (key >>> 32), hs = (int) key;
                if (hs % k != k - 1) continue;
                int node = hs / k;
                double exit = cur.scores[i] + topology.logForward(amState(hs));
                if (node == silNode) {
                    double v = exit + w * lm.finalLogProb(lmState);
                    if (v > best) { best = v; bestRec = cur.records[i]; bestWord = SILENCE; found = true; }
                    continue;
                }
                double base = exit - w * tree.lookahead(node) + options.wordInsertionPenalty();
                for (int e = tree.wordBegin(node); e < tree.wordEnd(node); e++) {
                    int word = tree.word(e);
                    long r = lm.next(lmState, lmWord[word]);
                    double v = base + w * (NgramLm.logProbOf(r) + lm.finalLogProb(NgramLm.stateOf(r)));
                    if (v > best) { best = v; bestRec = cur.records[i]; bestWord = word; found = true; }
                }
            }
            if (!found) return partial();
            int last = newRecord(bestWord, frames, bestRec);
            return new WordDecodeResult(traceback(last), best, frames, true);
        }

        /** The words of a record chain, oldest first, silences left out but used for the start frames. */
        private List<WordDecodeResult.DecodedWord> traceback(int record) {
            List<WordDecodeResult.DecodedWord> words = new ArrayList<>();
            for (int r = record; r >= 0; r = recPrev[r]) {
                if (recWord[r] == SILENCE) continue;
                int start = recPrev[r] >= 0 ? recEnd[recPrev[r]] : 0;
                words.add(new WordDecodeResult.DecodedWord(recWord[r], start, recEnd[r]));
            }
            java.util.Collections.reverse(words);
            return words;
        }
    }
}
