package carousel.speech.corpus;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A folding of one phone set onto another: each source phone maps to one target phone or is deleted.
 *
 * <p>The TIMIT foldings ({@link #timit(PhoneSet, PhoneSet)}) are those of K.-F. Lee and H.-W. Hon,
 * "Speaker-independent phone recognition using hidden Markov models", IEEE Trans. ASSP 37(11):1641-1648,
 * 1989, as tabulated in Kaldi's TIMIT recipe ({@code phones.60-48-39.map}): 61 → 48 for training
 * (closures become {@code vcl}/{@code cl}, {@code h#} and {@code pau} become {@code sil}, {@code ax-h}
 * → {@code ax}, {@code hv} → {@code hh}, {@code ux} → {@code uw}, {@code em} → {@code m}, {@code nx}
 * → {@code n}, {@code eng} → {@code ng}, {@code axr} → {@code er}), 48 → 39 for scoring ({@code ao}
 * → {@code aa}, {@code ax} → {@code ah}, {@code ix} → {@code ih}, {@code el} → {@code l}, {@code en}
 * → {@code n}, {@code zh} → {@code sh}, {@code vcl}/{@code cl}/{@code epi} → {@code sil}). The glottal
 * stop {@code q} is deleted in both: in an alignment its time is given to the preceding segment (see
 * {@link PhoneAlignment#mapped(PhoneMap)}).
 *
 * <p>The synthetic demo corpus ({@code data/demo-corpus}) writes {@code aa ae ah ao aw ay b ch d dh eh
 * er ey f g hh ih iy jh k l m n ng ow oy p r s sh t th uh uw v w y z zh}, {@code pau} and {@code h#}:
 * all members of the 61 set, so these maps apply unchanged ({@code pau} and {@code h#} → {@code sil}).
 */
public final class PhoneMap {

    private final PhoneSet from;
    private final PhoneSet to;
    /** Source symbol → target symbol, or → null for a deleted phone. */
    private final Map<String, String> map;

    /**
     * @param from the source set; every symbol of it must be a key of {@code map}
     * @param to   the target set; every non-null value of {@code map} must be in it
     * @param map  source → target symbol, with {@code null} values for deleted phones
     */
    public PhoneMap(PhoneSet from, PhoneSet to, Map<String, String> map) {
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
        Objects.requireNonNull(map, "map");
        for (String s : from.symbols()) {
            if (!map.containsKey(s)) {
                throw new IllegalArgumentException("map " + from.name() + " -> " + to.name() + " says nothing about '" + s + "'");
            }
        }
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!from.contains(e.getKey())) {
                throw new IllegalArgumentException("map " + from.name() + " -> " + to.name() + ": '" + e.getKey()
                        + "' is not in " + from.name());
            }
            if (e.getValue() != null && !to.contains(e.getValue())) {
                throw new IllegalArgumentException("map " + from.name() + " -> " + to.name() + ": '" + e.getKey()
                        + "' maps to '" + e.getValue() + "', which is not in " + to.name());
            }
        }
        this.map = new HashMap<>(map);
    }

    /**
     * The TIMIT folding from {@code from} to {@code to}, each one of {@link PhoneSet#TIMIT_61},
     * {@link PhoneSet#TIMIT_48}, {@link PhoneSet#TIMIT_39}, going down (61 → 48, 61 → 39, 48 → 39) or
     * staying (identity; 61 → 61 keeps {@code q}).
     */
    public static PhoneMap timit(PhoneSet from, PhoneSet to) {
        int a = timitColumn(from);
        int b = timitColumn(to);
        if (b < a) {
            throw new IllegalArgumentException("cannot unfold " + from.name() + " into " + to.name()
                    + ": the TIMIT foldings go 61 -> 48 -> 39");
        }
        Map<String, String> m = new HashMap<>();
        for (String[] row : TimitPhoneTable.INSTANCE.rows()) {
            if (row[a] != null) {
                m.put(row[a], row[b]);
            } else if (a == 0) {
                m.put(row[0], null);
            }
        }
        return new PhoneMap(from, to, m);
    }

    private static int timitColumn(PhoneSet s) {
        if (s.equals(PhoneSet.TIMIT_61)) {
            return 0;
        }
        if (s.equals(PhoneSet.TIMIT_48)) {
            return 1;
        }
        if (s.equals(PhoneSet.TIMIT_39)) {
            return 2;
        }
        throw new IllegalArgumentException("not a TIMIT phone set: " + s + " (expected timit61, timit48 or timit39)");
    }

    public PhoneSet from() {
        return from;
    }

    public PhoneSet to() {
        return to;
    }

    /** Whether {@code symbol} is in the source set (mapped or deleted). */
    public boolean knows(String symbol) {
        return map.containsKey(symbol);
    }

    /** The source phones this map deletes (TIMIT: {@code q} when going to 48 or 39). */
    public Set<String> deleted() {
        Set<String> d = new TreeSet<>();
        map.forEach((k, v) -> {
            if (v == null) {
                d.add(k);
            }
        });
        return d;
    }

    /**
     * The target of {@code symbol}, or empty when the map deletes it.
     *
     * @throws IllegalArgumentException when {@code symbol} is not in the source set
     */
    public Optional<String> map(String symbol) {
        if (!map.containsKey(symbol)) {
            throw new IllegalArgumentException("unknown phone '" + symbol + "' (not in " + from.name() + ")");
        }
        return Optional.ofNullable(map.get(symbol));
    }

    /**
     * The target of {@code symbol} as found at {@code file:line} of an utterance; for error messages
     * that point at the place the symbol came from.
     *
     * @throws CorpusFormatException naming the utterance, file and line when the symbol is unknown
     */
    public Optional<String> map(String symbol, String utteranceId, Path file, int line) throws CorpusFormatException {
        if (!map.containsKey(symbol)) {
            throw new CorpusFormatException(utteranceId, file, line,
                    "unknown phone '" + symbol + "' (not in " + from.name() + ", " + from.size() + " phones)");
        }
        return Optional.ofNullable(map.get(symbol));
    }

    @Override
    public String toString() {
        return "PhoneMap " + from.name() + " -> " + to.name();
    }
}
