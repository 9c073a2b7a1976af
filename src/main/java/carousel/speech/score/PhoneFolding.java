package carousel.speech.score;

import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How both sides are mapped before scoring. TIMIT phone recognition is scored on the 39 classes of
 * K.-F. Lee and H.-W. Hon ("Speaker-independent phone recognition using hidden Markov models", IEEE
 * Trans. ASSP 37(11):1641-1648, 1989), as in Kaldi's TIMIT recipe ({@code egs/timit/s5}: its
 * {@code timit_norm_trans.pl} maps reference and hypothesis to 39 phones before {@code compute-wer} or
 * sclite):
 * <ul>
 *   <li>each phone is replaced by its class (closures, {@code epi}, {@code pau} and {@code h#} become
 *       {@code sil}; see {@link PhoneMap#timit});</li>
 *   <li>the glottal stop {@code q} is deleted;</li>
 *   <li>{@code sil} stays: it is one of the 39 classes and is scored like any phone;</li>
 *   <li>adjacent equal phones after folding are <em>not</em> merged ({@code bcl b} gives {@code sil b};
 *       {@code pau h#} gives {@code sil sil}, two phones), as Kaldi's recipe does not merge them.</li>
 * </ul>
 *
 * <p>{@link #TIMIT_61_TO_39} accepts the symbols of both the 61 set (references made from {@code .PHN}
 * files) and the 48 set (the output of a decoder trained on 48 phones), since a 48-set symbol that is
 * also in the 61 set folds to the same class either way (checked when the class loads).
 */
public final class PhoneFolding {

    /** Symbols of the 61 and 48 sets folded to 39, {@code q} deleted. */
    public static final PhoneFolding TIMIT_61_TO_39 = union("61-39", PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_39),
            PhoneMap.timit(PhoneSet.TIMIT_48, PhoneSet.TIMIT_39));
    /** Symbols of the 48 set folded to 39. */
    public static final PhoneFolding TIMIT_48_TO_39 = union("48-39", PhoneMap.timit(PhoneSet.TIMIT_48, PhoneSet.TIMIT_39));
    /** Every symbol scored as it is. */
    public static final PhoneFolding NONE = new PhoneFolding("none", null);

    private final String name;
    private final Map<String, Optional<String>> map; // null for the identity

    private PhoneFolding(String name, Map<String, Optional<String>> map) {
        this.name = name;
        this.map = map;
    }

    private static PhoneFolding union(String name, PhoneMap... maps) {
        Map<String, Optional<String>> m = new HashMap<>();
        for (PhoneMap pm : maps) {
            for (String s : pm.from().symbols()) {
                Optional<String> t = pm.map(s);
                Optional<String> before = m.putIfAbsent(s, t);
                if (before != null && !before.equals(t)) {
                    throw new IllegalStateException("folding " + name + ": '" + s + "' maps to " + before + " and " + t);
                }
            }
        }
        return new PhoneFolding(name, Map.copyOf(m));
    }

    /** {@code 61-39}, {@code 48-39} or {@code none}. */
    public static PhoneFolding byName(String name) {
        return switch (name) {
            case "61-39" -> TIMIT_61_TO_39;
            case "48-39" -> TIMIT_48_TO_39;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown phone map '" + name + "' (expected 61-39, 48-39 or none)");
        };
    }

    public String name() {
        return name;
    }

    /** The class of {@code symbol}, or empty when it is deleted. */
    public Optional<String> fold(String symbol) {
        if (map == null) {
            return Optional.of(symbol);
        }
        Optional<String> t = map.get(symbol);
        if (t == null) {
            throw new IllegalArgumentException("unknown phone '" + symbol + "' for map " + name);
        }
        return t;
    }

    /** The folded sequence (deleted phones left out). */
    public List<String> fold(List<String> phones) {
        List<String> out = new ArrayList<>(phones.size());
        for (String p : phones) {
            fold(p).ifPresent(out::add);
        }
        return out;
    }

    /** As {@link #fold(List)}, for a sequence read from {@code file:line}. */
    public List<String> fold(List<String> phones, Path file, int line) throws TranscriptFormatException {
        try {
            return fold(phones);
        } catch (IllegalArgumentException e) {
            throw new TranscriptFormatException(file, line, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "PhoneFolding " + name;
    }
}
