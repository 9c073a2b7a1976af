package carousel.speech.lm;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable word list: word ↔ dense int id ({@code 0 .. size-1}, in the order given), with the
 * sentence markers {@code <s>}, {@code </s>} and the unknown word {@code <unk>} found by name when
 * present. Held as a {@code String[]} and an open-addressing table of ids (no boxed map), so a
 * 134k-word dictionary or a 72k-word LM costs about a megabyte beyond its strings. Thread-safe.
 */
public final class Vocabulary {

    /** Sentence start: a history only. */
    public static final String BOS = "<s>";
    /** Sentence end: predicted only. */
    public static final String EOS = "</s>";
    /** The unknown word. */
    public static final String UNK = "<unk>";

    private final String[] words;
    // open addressing, linear probing: slot -> id, -1 empty; capacity a power of two >= 2 * size
    private final int[] table;
    private final int bos;
    private final int eos;
    private final int unk;

    private Vocabulary(String[] words, int[] table) {
        this.words = words;
        this.table = table;
        this.bos = id(BOS);
        this.eos = id(EOS);
        this.unk = id(UNK);
    }

    /**
     * The vocabulary of {@code words} in that order.
     *
     * @throws IllegalArgumentException for a duplicate, empty or whitespace-containing word
     */
    public static Vocabulary of(List<String> words) {
        Builder b = new Builder(words.size());
        for (String w : words) {
            if (b.add(w) < 0) {
                throw new IllegalArgumentException("word '" + w + "' listed twice");
            }
        }
        return b.build();
    }

    /** Adds words one at a time, for readers that learn the vocabulary while streaming a file. */
    public static final class Builder {
        private String[] words;
        private int[] table;
        private int size;

        /** @param expected the expected number of words (the tables grow beyond it when needed) */
        public Builder(int expected) {
            words = new String[Math.max(expected, 4)];
            table = emptyTable(capacityFor(words.length));
        }

        /**
         * Adds {@code word} and returns its id, or -1 when it is already present.
         *
         * @throws IllegalArgumentException for an empty word or one containing whitespace
         */
        public int add(String word) {
            Objects.requireNonNull(word, "word");
            if (word.isEmpty() || word.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("word '" + word + "' is empty or contains whitespace");
            }
            if (find(words, table, word) >= 0) {
                return -1;
            }
            if (size == words.length) {
                words = Arrays.copyOf(words, size * 2);
            }
            if (2 * (size + 1) > table.length) {
                table = emptyTable(table.length * 2);
                for (int i = 0; i < size; i++) {
                    insert(table, words[i], i);
                }
            }
            words[size] = word;
            insert(table, word, size);
            return size++;
        }

        /** The id of {@code word} so far, or -1. */
        public int id(String word) {
            return find(words, table, word);
        }

        public int size() {
            return size;
        }

        public Vocabulary build() {
            String[] w = Arrays.copyOf(words, size);
            int[] t = emptyTable(capacityFor(size));
            for (int i = 0; i < size; i++) {
                insert(t, w[i], i);
            }
            return new Vocabulary(w, t);
        }
    }

    private static int capacityFor(int n) {
        return Integer.highestOneBit(Math.max(2 * n, 8) - 1) << 1;
    }

    private static int[] emptyTable(int capacity) {
        int[] t = new int[capacity];
        Arrays.fill(t, -1);
        return t;
    }

    private static int slot(String word, int mask) {
        int h = word.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    private static void insert(int[] table, String word, int id) {
        int mask = table.length - 1;
        int i = slot(word, mask);
        while (table[i] >= 0) {
            i = (i + 1) & mask;
        }
        table[i] = id;
    }

    private static int find(String[] words, int[] table, String word) {
        int mask = table.length - 1;
        for (int i = slot(word, mask); ; i = (i + 1) & mask) {
            int id = table[i];
            if (id < 0) {
                return -1;
            }
            if (words[id].equals(word)) {
                return id;
            }
        }
    }

    /** Number of words. */
    public int size() {
        return words.length;
    }

    /** The id of {@code word}, or -1 when absent. */
    public int id(String word) {
        return find(words, table, word);
    }

    public boolean contains(String word) {
        return id(word) >= 0;
    }

    /** The id of {@code word}, or of {@code <unk>} when absent (-1 when there is no {@code <unk>} either). */
    public int idOrUnk(String word) {
        int id = id(word);
        return id >= 0 ? id : unk;
    }

    /** The word of {@code id}. */
    public String word(int id) {
        if (id < 0 || id >= words.length) {
            throw new IllegalArgumentException("word id " + id + " outside the vocabulary (0.." + (words.length - 1) + ")");
        }
        return words[id];
    }

    /** The words in id order (a copy). */
    public List<String> words() {
        return List.of(words);
    }

    /** The id of {@code <s>}, or -1. */
    public int bos() {
        return bos;
    }

    /** The id of {@code </s>}, or -1. */
    public int eos() {
        return eos;
    }

    /** The id of {@code <unk>}, or -1. */
    public int unk() {
        return unk;
    }

    /** Bytes held by the id arrays (the strings themselves not counted). */
    long arrayBytes() {
        return 4L * table.length + 4L * words.length;
    }

    @Override
    public String toString() {
        return "Vocabulary (" + words.length + " words)";
    }
}
