package carousel.speech.lm;

import java.util.Arrays;

/**
 * Word ids looked up by their UTF-8 bytes, so that a reader can map the words of millions of n-gram
 * lines to ids without making a string per word. Words are added in id order (0, 1, ...); their bytes
 * are kept concatenated, and an open-addressing table (power-of-two capacity, linear probing) holds ids.
 */
final class WordBytes {

    private byte[] bytes = new byte[1 << 16];
    private int used;
    private int[] start;
    private int[] end;
    /** (size): each word's hash, compared before its bytes. */
    private int[] hashOf;
    private int size;
    private int[] table;

    WordBytes(int expected) {
        int n = Math.max(expected, 4);
        start = new int[n];
        end = new int[n];
        hashOf = new int[n];
        table = new int[Integer.highestOneBit(2 * n - 1) << 1];
        Arrays.fill(table, -1);
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 15);
    }

    /** Adds the word {@code b[from..to)} as id {@link #size}; the caller has checked it is new. */
    void add(byte[] b, int from, int to) {
        int len = to - from;
        if (used + len > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, used + len));
        }
        System.arraycopy(b, from, bytes, used, len);
        if (size == start.length) {
            start = Arrays.copyOf(start, size * 2);
            end = Arrays.copyOf(end, size * 2);
            hashOf = Arrays.copyOf(hashOf, size * 2);
        }
        start[size] = used;
        end[size] = used + len;
        hashOf[size] = hash(b, from, to);
        used += len;
        if (2 * (size + 1) > table.length) {
            table = new int[table.length * 2];
            Arrays.fill(table, -1);
            for (int i = 0; i < size; i++) {
                place(i);
            }
        }
        place(size++);
    }

    private void place(int id) {
        int mask = table.length - 1;
        int i = hashOf[id] & mask;
        while (table[i] >= 0) {
            i = (i + 1) & mask;
        }
        table[i] = id;
    }

    /** The id of the word {@code b[from..to)}, or -1. */
    int find(byte[] b, int from, int to) {
        int mask = table.length - 1;
        int len = to - from;
        int h = hash(b, from, to);
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int id = table[i];
            if (id < 0) {
                return -1;
            }
            if (hashOf[id] == h && end[id] - start[id] == len && same(start[id], b, from, len)) {
                return id;
            }
        }
    }

    private boolean same(int at, byte[] b, int from, int len) {
        for (int k = 0; k < len; k++) {
            if (bytes[at + k] != b[from + k]) {
                return false;
            }
        }
        return true;
    }
}
