package carousel.speech.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pronunciations of a vocabulary as a prefix tree of phones, the search space of a one-pass
 * large-vocabulary decoder (Ney &amp; Ortmanns, "Dynamic programming search for continuous speech
 * recognition", IEEE Signal Processing Magazine 16(5), 1999): words that begin alike share their first
 * phones, so the search evaluates each shared prefix once instead of once per word.
 *
 * <p>Node 0 is the root and has no phone; every other node stands for one phone following its parent's.
 * A word ends at the node of its last phone (several words may end at one node: homophones, or one
 * word with several pronunciations at several nodes). Each node also carries the <b>look-ahead</b>: the
 * best unigram log-probability of any word ending at or below it, which the search adds as it enters a
 * node (replacing the parent's) so that the language model steers pruning inside words, before the word
 * is known (unigram LM look-ahead, Ortmanns, Ney &amp; Coenen 1996); at the word end it is replaced by the
 * word's real n-gram probability.
 *
 * <p><b>Right context</b> ({@link #build(List, int[], float[], int, boolean)} with {@code rightContext}): for a
 * search with triphone states, each node stands for a phone <em>and the phone that follows it in the
 * word</em> ({@link #right}; -1 at a word's last phone, where the next word decides it), so that the node
 * knows its triphone (left: the parent's phone, or the previous word's at the root's children). Words
 * then end only at nodes with right context -1, and nodes are shared only by words that agree one
 * phone further; without it (context-independent models) nodes are keyed by their phone alone.
 *
 * <p>Arrays: children and word ends in compressed rows (node n's children are
 * {@code children[childStart[n] .. childStart[n+1])}). Phones are the decoder's HMM phone indices.
 */
public final class LexiconTree {
    private final int[] phone;       // (N) phone index of each node; -1 at the root
    private final int[] parent;      // (N) parent node; -1 at the root
    private final int[] right;       // (N) the phone after the node's in the word; -1 at a word end, the root, or without right context
    private final boolean rightContext;
    private final int[] childStart;  // (N + 1)
    private final int[] children;    // (N - 1)
    private final int[] wordStart;   // (N + 1)
    private final int[] words;       // (E) word ids ending at each node
    private final float[] lookahead; // (N) max unigram ln P of the words at or below each node
    private final int numPronunciations;

    private LexiconTree(int[] phone, int[] parent, int[] right, boolean rightContext, int[] childStart, int[] children, int[] wordStart, int[] words,
                        float[] lookahead, int numPronunciations) {
        this.phone = phone;
        this.parent = parent;
        this.right = right;
        this.rightContext = rightContext;
        this.childStart = childStart;
        this.children = children;
        this.wordStart = wordStart;
        this.words = words;
        this.lookahead = lookahead;
        this.numPronunciations = numPronunciations;
    }

    /**
     * Builds the tree.
     *
     * @param pronunciations phone-index sequences, each non-empty, each phone in {@code [0, numPhones)}
     * @param wordIds        the word each pronunciation belongs to (same length); a word may have several
     * @param unigram        ln P(word) by word id, for the look-ahead
     */
    public static LexiconTree build(List<int[]> pronunciations, int[] wordIds, float[] unigram, int numPhones) {
        return build(pronunciations, wordIds, unigram, numPhones, false);
    }

    /** As {@link #build(List, int[], float[], int)}; with {@code rightContext}, nodes keyed by (phone, next phone in the word). */
    public static LexiconTree build(List<int[]> pronunciations, int[] wordIds, float[] unigram, int numPhones, boolean rightContext) {
        if (pronunciations.size() != wordIds.length)
            throw new IllegalArgumentException(pronunciations.size() + " pronunciations but " + wordIds.length + " word ids");
        // a trie with child lists kept as (first child, next sibling) while building
        List<int[]> nodes = new ArrayList<>();   // {phone, firstChild, nextSibling, right, parent}
        nodes.add(new int[]{-1, -1, -1, -1, -1});
        int[] end = new int[pronunciations.size()];
        for (int i = 0; i < pronunciations.size(); i++) {
            int[] p = pronunciations.get(i);
            if (p.length == 0) throw new IllegalArgumentException("pronunciation " + i + " (word " + wordIds[i] + ") is empty");
            if (wordIds[i] < 0 || wordIds[i] >= unigram.length)
                throw new IllegalArgumentException("word id " + wordIds[i] + " outside 0.." + (unigram.length - 1));
            int n = 0;
            for (int j = 0; j < p.length; j++) {
                int ph = p[j], r = rightContext && j + 1 < p.length ? p[j + 1] : -1;
                if (ph < 0 || ph >= numPhones) throw new IllegalArgumentException("phone " + ph + " of pronunciation " + i + " outside 0.." + (numPhones - 1));
                int c = nodes.get(n)[1], found = -1;
                while (c >= 0) {
                    if (nodes.get(c)[0] == ph && nodes.get(c)[3] == r) { found = c; break; }
                    c = nodes.get(c)[2];
                }
                if (found < 0) {
                    found = nodes.size();
                    nodes.add(new int[]{ph, -1, nodes.get(n)[1], r, n});
                    nodes.get(n)[1] = found;
                }
                n = found;
            }
            end[i] = n;
        }
        int numNodes = nodes.size();
        int[] phone = new int[numNodes], parent = new int[numNodes], right = new int[numNodes];
        int[] childStart = new int[numNodes + 1];
        for (int n = 0; n < numNodes; n++) {
            phone[n] = nodes.get(n)[0];
            right[n] = nodes.get(n)[3];
            parent[n] = nodes.get(n)[4];
            for (int c = nodes.get(n)[1]; c >= 0; c = nodes.get(c)[2]) childStart[n + 1]++;
        }
        for (int n = 0; n < numNodes; n++) childStart[n + 1] += childStart[n];
        int[] children = new int[numNodes - 1];
        for (int n = 0; n < numNodes; n++) {
            int k = childStart[n];
            for (int c = nodes.get(n)[1]; c >= 0; c = nodes.get(c)[2]) children[k++] = c;
            Arrays.sort(children, childStart[n], childStart[n + 1]);   // deterministic order: by creation
        }
        int[] wordStart = new int[numNodes + 1];
        for (int e : end) wordStart[e + 1]++;
        for (int n = 0; n < numNodes; n++) wordStart[n + 1] += wordStart[n];
        int[] words = new int[end.length];
        int[] fill = Arrays.copyOf(wordStart, numNodes);
        for (int i = 0; i < end.length; i++) words[fill[end[i]]++] = wordIds[i];
        // look-ahead: children have larger indices than their parents, so one backward pass suffices
        float[] lookahead = new float[numNodes];
        Arrays.fill(lookahead, Float.NEGATIVE_INFINITY);
        for (int n = numNodes - 1; n >= 0; n--) {
            for (int k = wordStart[n]; k < wordStart[n + 1]; k++) lookahead[n] = Math.max(lookahead[n], unigram[words[k]]);
            for (int k = childStart[n]; k < childStart[n + 1]; k++) lookahead[n] = Math.max(lookahead[n], lookahead[children[k]]);
        }
        return new LexiconTree(phone, parent, right, rightContext, childStart, children, wordStart, words, lookahead, pronunciations.size());
    }

    /** Nodes, the root included. */
    public int numNodes() { return phone.length; }

    public int numPronunciations() { return numPronunciations; }

    /** The phone of node {@code n} (not the root). */
    public int phone(int n) { return phone[n]; }

    /** Whether nodes are keyed by their right context too ({@link #build(List, int[], float[], int, boolean)}). */
    public boolean rightContext() { return rightContext; }

    /** The phone before node {@code n}'s in the word (its parent's), or -1 at a word's first phone. */
    public int left(int n) { return parent[n] > 0 ? phone[parent[n]] : -1; }

    /** The phone after node {@code n}'s in the word, or -1 at a word's last phone (and always -1 without right context). */
    public int right(int n) { return right[n]; }

    public int childBegin(int n) { return childStart[n]; }

    public int childEnd(int n) { return childStart[n + 1]; }

    /** The {@code i}-th entry of the children array (see {@link #childBegin}). */
    public int child(int i) { return children[i]; }

    public int wordBegin(int n) { return wordStart[n]; }

    public int wordEnd(int n) { return wordStart[n + 1]; }

    /** The {@code i}-th entry of the word-end array (see {@link #wordBegin}). */
    public int word(int i) { return words[i]; }

    /** The best unigram ln P of a word at or below node {@code n}. */
    public float lookahead(int n) { return lookahead[n]; }

    /** Bytes held by the arrays. */
    public long arrayBytes() {
        return 4L * (3 * phone.length + childStart.length + children.length + wordStart.length + words.length + lookahead.length);
    }
}
