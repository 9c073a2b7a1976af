package carousel.speech.decode;

import java.util.Arrays;

/**
 * The tokens of one frame of a search: for each key (a search state) the best score and its traceback
 * record, kept max-by-score ({@link #relax}), and one int of payload that goes with the best score (the
 * decodable state, and in the word search a word's left context, see {@link WordDecoder}). Entries are dense in insertion
 * order (so iterating them is a loop over arrays) and found through an open-addressing table of
 * entry indices; nothing is allocated per token once the arrays have grown to the search's size.
 */
final class TokenMap {
    long[] keys = new long[1024];
    double[] scores = new double[1024];
    int[] records = new int[1024];
    int[] payload = new int[1024];
    int size;
    private int[] table = new int[2048];   // entry index + 1; 0 = empty
    private int mask = 2047;
    private int shift = 64 - 11;           // 64 - log2(table length): the hash's top bits pick the slot

    /** Forgets every entry, keeping the arrays. */
    void clear() {
        Arrays.fill(table, 0);
        size = 0;
    }

    /** Keeps {@code (score, record, payload)} for {@code key} if the key is new or the score better. */
    void relax(long key, double score, int record, int payload) {
        int slot = slot(key);
        while (true) {
            int e = table[slot] - 1;
            if (e < 0) break;
            if (keys[e] == key) {
                if (score > scores[e]) {
                    scores[e] = score;
                    records[e] = record;
                    this.payload[e] = payload;
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
        if (size == keys.length) growEntries();
        keys[size] = key;
        scores[size] = score;
        records[size] = record;
        this.payload[size] = payload;
        table[slot] = ++size;
        if (2 * size > table.length) growTable();
    }

    /**
     * Drops the entries scoring below {@code threshold}, keeping the order of the others. The lookup
     * table is stale afterwards: only iterate, or {@link #clear()} before the next {@link #relax}.
     */
    void retainAtLeast(double threshold) {
        int n = 0;
        for (int i = 0; i < size; i++) {   // copies every entry, advances past the kept ones: no branch to mispredict
            keys[n] = keys[i];
            scores[n] = scores[i];
            records[n] = records[i];
            payload[n] = payload[i];
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
    }

    private void growTable() {
        table = new int[table.length * 2];
        mask = table.length - 1;
        shift--;
        for (int e = 0; e < size; e++) {
            int slot = slot(keys[e]);
            while (table[slot] != 0) slot = (slot + 1) & mask;
            table[slot] = e + 1;
        }
    }

    /**
     * Fibonacci hashing (Knuth, TAOCP vol. 3, 6.4): the top bits of {@code key * 2^64 / phi}, which spread
     * nearby keys (neighbouring HMM states, the same state in neighbouring LM states) over the table with
     * one multiplication. Where an entry sits in the table does not change the entries' order.
     */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
