package carousel.speech.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How words are scored ({@link ScoreReport#scoreWords}): as written (sclite's default: no folding) or
 * lower-cased on both sides, aligned with {@code costs}, and, with a vocabulary, reference words outside
 * it counted as out-of-vocabulary.
 *
 * @param ignoreCase lower-case both sides (Unicode, root locale) before aligning
 * @param costs      the alignment's edit costs ({@link EditCosts#SCLITE} for sclite's counts)
 * @param vocabulary the known words (tested on normalised words), or null for no OOV count
 */
public record WordScoring(boolean ignoreCase, EditCosts costs, Predicate<String> vocabulary) {

    public WordScoring {
        Objects.requireNonNull(costs, "costs");
    }

    /** sclite's defaults: words as written, weights 4/3/3, no OOV count. */
    public static final WordScoring SCLITE = new WordScoring(false, EditCosts.SCLITE, null);

    /** The words of {@code t} as they are aligned. */
    public List<String> normalise(Transcript t) {
        if (!ignoreCase) {
            return t.phones();
        }
        List<String> out = new ArrayList<>(t.phones().size());
        for (String w : t.phones()) {
            out.add(w.toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** For the report's title line. */
    String describe() {
        String c = costs.equals(EditCosts.SCLITE) ? "sclite costs 4/3/3" : costs.equals(EditCosts.UNIT) ? "unit costs"
                : "costs " + costs.substitution() + "/" + costs.deletion() + "/" + costs.insertion();
        return (ignoreCase ? "case-insensitive" : "words as written") + ", " + c;
    }
}
