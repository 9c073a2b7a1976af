package carousel.speech.decode;

import java.util.Arrays;

/**
 * The tokens of one frame of a search, found by HMM instance. A token (a search state) has a key, the best
 * score and its traceback record, kept max-by-score ({@link #relax}), and one int of payload that goes with
 * the best score (the decodable state, and in the word search a word's left context, see {@link WordDecoder}).
 * Tokens are dense in insertion order (so iterating them is a loop over arrays), and each belongs to an
 * <em>instance</em>: the keys {@code instanceKey + 0 .. instanceKey + K − 1} of the K states of one phone HMM
 * (in the word search: one LM state and tree node). The open-addressing table finds instances, not tokens:
 * an instance holds the entry of each of its K states (or none), so a move between the states of one
 * instance is array work ({@link #relax(int, int, long, double, int, int)} on an instance found once), and
 * only entering an instance costs a hash look-up ({@link #instance}). Nothing is allocated per token once the
 * arrays have grown to the search's size.
 *
 * <p>Why the tokens stay a list in insertion order rather than K scores inside each instance's entry: the
 * order is the search's tie-break (of equal scores into one state the first arrival's record and payload are
 * kept, of equal word ends the first one's), so keeping it keeps the results of the per-state table bit for bit.
 */
final class TokenMap {
    private final int k;                   // K, states per instance
    long[] keys = new long[1024];          // (S) token key: instance key + position
    double[] scores = new double[1024];    // (S)
    int[] records = new int[1024];         // (S)
    int[] payload = new int[1024];         // (S)
    int[] instance = new int[1024];        // (S) the token's instance
    int size;
    // (I * (K + 1)) each instance's record, one place in memory: the key of its state 0, then for each position
    // its token's entry + 1 (0: none)
    private long[] instances;
    int numInstances;
    private int[] table = new int[1024];   // instance index + 1; 0 = empty
    private int mask = 1023;
    private int shift = 64 - 10;           // 64 - log2(table length): the hash's top bits pick the slot

    /** @param k states per instance (K ≥ 1): the keys of an instance's states are consecutive */
    TokenMap(int k) {
        if (k < 1) throw new IllegalArgumentException("states per instance " + k);
        this.k = k;
        this.instances = new long[512 * (k + 1)];
    }

    /** Forgets every token and instance, keeping the arrays. */
    void clear() {
        Arrays.fill(table, 0);
        size = 0;
        numInstances = 0;
    }

    /**
     * The index of the instance whose state 0 has key {@code instanceKey}, added (with no tokens) if new: the
     * one hash look-up of entering an instance.
     */
    int instance(long instanceKey) {
        int slot = slot(instanceKey);
        while (true) {
            int e = table[slot] - 1;
            if (e < 0) break;
            if (instances[e * (k + 1)] == instanceKey) return e;
            slot = (slot + 1) & mask;
        }
        int n = numInstances, r = n * (k + 1);
        if (r + k + 1 > instances.length) instances = Arrays.copyOf(instances, 2 * instances.length);
        instances[r] = instanceKey;
        for (int p = 1; p <= k; p++) instances[r + p] = 0;
        table[slot] = ++numInstances;
        if (2 * numInstances > table.length) growTable();
        return n;
    }

    /**
     * Keeps {@code (score, record, payload)} for the token at position {@code pos} of instance {@code inst}
     * (whose key is {@code key}) if it is new or the score better; no look-up.
     */
    void relax(int inst, int pos, long key, double score, int record, int payload) {
        int j = inst * (k + 1) + 1 + pos;
        int e = (int) instances[j] - 1;
        if (e >= 0) {
            if (score > scores[e]) {
                scores[e] = score;
                records[e] = record;
                this.payload[e] = payload;
            }
            return;
        }
        if (size == keys.length) growEntries();
        keys[size] = key;
        scores[size] = score;
        records[size] = record;
        this.payload[size] = payload;
        instance[size] = inst;
        instances[j] = ++size;
    }

    /**
     * {@link #relax(int, int, long, double, int, int)} for {@code key}, its instance looked up; the key's low
     * 32 bits are a non-negative instance base plus position.
     */
    void relax(long key, double score, int record, int payload) {
        int pos = (int) key % k;
        relax(instance(key - pos), pos, key, score, record, payload);
    }

    /**
     * Drops the tokens scoring below {@code threshold}, keeping the order of the others. The instances' entries
     * are stale afterwards: only iterate the tokens, or {@link #clear()} before the next {@link #relax}.
     */
    void retainAtLeast(double threshold) {
        int n = 0;
        for (int i = 0; i < size; i++) {   // copies every entry, advances past the kept ones: no branch to mispredict
            keys[n] = keys[i];
            scores[n] = scores[i];
            records[n] = records[i];
            payload[n] = payload[i];
            instance[n] = instance[i];
            n += scores[i] >= threshold ? 1 : 0;
        }
        size = n;
    }

    private void growEntries() {
        int n = keys.length * 2;
        keys = Arrays.copyOf(keys, n);
        scores = Arrays.copyOf(scores, n);
        records = Arrays.copyOf(records, n);
        payload = Arrays.copyOf(payload, n);
        instance = Arrays.copyOf(instance, n);
    }

    private void growTable() {
        table = new int[table.length * 2];
        mask = table.length - 1;
        shift--;
        for (int e = 0; e < numInstances; e++) {
            int slot = slot(instances[e * (k + 1)]);
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = e + 1;
        }
    }

    /**
     * Fibonacci hashing (Knuth, TAOCP vol. 3, 6.4): the top bits of {@code key * 2^64 / phi}, which spread
     * nearby keys (neighbouring instances, the same node in neighbouring LM states) over the table with one
     * multiplication. Where an instance sits in the table does not change the tokens' order.
     */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
