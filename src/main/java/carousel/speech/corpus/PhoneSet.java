package carousel.speech.corpus;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named, ordered set of phone symbols; a phone's index is its position, which is what a model's
 * output layer and the frame targets use. The three TIMIT sets are sorted in Java string order
 * ({@code aa, ae, ah, ...}), so indices do not depend on how the table file is laid out.
 *
 * <p>{@link #TIMIT_61}: the 61 symbols of the TIMIT transcriptions (TIMIT {@code PHONCODE.DOC}).
 * {@link #TIMIT_48} and {@link #TIMIT_39}: the training and scoring sets of Lee &amp; Hon (1989); see
 * {@link PhoneMap}. All three are read from the resource {@code timit-phones-61-48-39.txt}.
 */
public final class PhoneSet {

    /** The 61 phones of the TIMIT transcriptions, including {@code q}, {@code h#}, {@code pau}, {@code epi}. */
    public static final PhoneSet TIMIT_61 = new PhoneSet("timit61", TimitPhoneTable.INSTANCE.columnSymbols(0));
    /** The 48 training phones of Lee &amp; Hon (1989). */
    public static final PhoneSet TIMIT_48 = new PhoneSet("timit48", TimitPhoneTable.INSTANCE.columnSymbols(1));
    /** The 39 scoring classes of Lee &amp; Hon (1989). */
    public static final PhoneSet TIMIT_39 = new PhoneSet("timit39", TimitPhoneTable.INSTANCE.columnSymbols(2));

    private final String name;
    private final List<String> symbols;
    private final Map<String, Integer> index;

    /**
     * @param name    a short name used in messages and model metadata, e.g. {@code timit48}
     * @param symbols the phones in index order, distinct, without whitespace
     */
    public PhoneSet(String name, List<String> symbols) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("phone set name must not be blank");
        }
        this.name = name;
        this.symbols = List.copyOf(symbols);
        if (this.symbols.isEmpty()) {
            throw new IllegalArgumentException("phone set " + name + " has no symbols");
        }
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < this.symbols.size(); i++) {
            String s = this.symbols.get(i);
            if (s.isEmpty() || s.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("phone set " + name + ": symbol " + i
                        + " is empty or contains whitespace: '" + s + "'");
            }
            if (m.put(s, i) != null) {
                throw new IllegalArgumentException("phone set " + name + " lists '" + s + "' twice");
            }
        }
        this.index = Map.copyOf(m);
    }

    public String name() {
        return name;
    }

    /** The symbols in index order. */
    public List<String> symbols() {
        return symbols;
    }

    public int size() {
        return symbols.size();
    }

    public boolean contains(String symbol) {
        return index.containsKey(symbol);
    }

    /** The index of {@code symbol}; throws {@link IllegalArgumentException} naming the set when absent. */
    public int index(String symbol) {
        Integer i = index.get(symbol);
        if (i == null) {
            throw new IllegalArgumentException("'" + symbol + "' is not in phone set " + name + " (" + size() + " phones)");
        }
        return i;
    }

    /** The symbol at {@code index}. */
    public String symbol(int index) {
        if (index < 0 || index >= symbols.size()) {
            throw new IllegalArgumentException("phone index " + index + " outside phone set " + name
                    + " (0.." + (symbols.size() - 1) + ")");
        }
        return symbols.get(index);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PhoneSet p && p.name.equals(name) && p.symbols.equals(symbols);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + symbols.hashCode();
    }

    @Override
    public String toString() {
        return name + " (" + size() + " phones)";
    }
}
