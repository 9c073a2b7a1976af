package carousel.speech.lexicon;

import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The bridge between the dictionary's phones and an acoustic model's: the CMU dictionary writes the 39
 * phones of {@link #CMU_39} (ARPAbet without stress, upper case); the acoustic models here predict the
 * TIMIT sets of {@link PhoneSet} (lower case: 61, 48, or Lee &amp; Hon's 39 classes), and the corpora
 * label phones in the CMU set in lower case plus {@code h#} and {@code pau} (see {@link PhoneMap}).
 *
 * <ul>
 *   <li>{@link #dictionaryToAcoustic}: what a decoder needs, each dictionary phone to the model's phone.
 *       For the 61 and 48 sets a phone maps to itself in lower case; for the 39 classes the TIMIT
 *       folding applies ({@code AO} → {@code aa}, {@code ZH} → {@code sh}).</li>
 *   <li>{@link #acousticToDictionary}: a model's phones written in the dictionary's set, for comparing a
 *       phone recognition with pronunciations: TIMIT allophones fold as Lee &amp; Hon fold them
 *       ({@code ax} → {@code AH}, {@code ix} → {@code IH}, {@code axr} → {@code ER}, {@code el} →
 *       {@code L}, {@code en} → {@code N}, {@code nx} → {@code N}, {@code hv} → {@code HH}, {@code ux}
 *       → {@code UW}), the flap {@code dx} becomes {@code T} (its usual spelling in the dictionary),
 *       and silence, closures, {@code epi} and {@code q} are deleted.</li>
 * </ul>
 * Both are {@link PhoneMap}s, the one folding class this code base has.
 */
public final class PhoneBridge {

    /** The 39 phones of the CMU Pronouncing Dictionary (ARPAbet, no stress), as its files spell them. */
    public static final PhoneSet CMU_39 = new PhoneSet("cmu39", List.of("AA", "AE", "AH", "AO", "AW", "AY", "B", "CH",
            "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R",
            "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH"));

    private PhoneBridge() {
    }

    /**
     * Each phone of {@link #CMU_39} to a phone of {@code acoustic}: itself in lower case when the set has
     * it, else its TIMIT 39-class when {@code acoustic} is {@link PhoneSet#TIMIT_39}.
     *
     * @throws IllegalArgumentException naming the phones {@code acoustic} cannot express
     */
    public static PhoneMap dictionaryToAcoustic(PhoneSet acoustic) {
        PhoneMap fold = acoustic.equals(PhoneSet.TIMIT_39) ? PhoneMap.timit(PhoneSet.TIMIT_61, PhoneSet.TIMIT_39) : null;
        Map<String, String> m = new HashMap<>();
        StringBuilder missing = new StringBuilder();
        for (String p : CMU_39.symbols()) {
            String lower = p.toLowerCase(Locale.ROOT);
            String target = acoustic.contains(lower) ? lower
                    : fold != null && fold.knows(lower) ? fold.map(lower).orElse(null) : null;
            if (target == null || !acoustic.contains(target)) {
                missing.append(missing.isEmpty() ? "" : " ").append(p);
            } else {
                m.put(p, target);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the acoustic model's phones " + acoustic
                    + " do not cover the dictionary's: no phone for " + missing);
        }
        return new PhoneMap(CMU_39, acoustic, m);
    }

    /**
     * Each phone of {@code acoustic} (a TIMIT set, or any set of lower-case CMU phones with silences
     * {@code sil}, {@code h#}, {@code pau}) to {@link #CMU_39}, or deleted for silence and closures.
     *
     * @throws IllegalArgumentException for a phone with no counterpart in the dictionary
     */
    public static PhoneMap acousticToDictionary(PhoneSet acoustic) {
        boolean timit = acoustic.equals(PhoneSet.TIMIT_61) || acoustic.equals(PhoneSet.TIMIT_48) || acoustic.equals(PhoneSet.TIMIT_39);
        PhoneMap fold = timit ? PhoneMap.timit(acoustic, PhoneSet.TIMIT_39) : null;
        Map<String, String> m = new HashMap<>();
        for (String p : acoustic.symbols()) {
            String upper = p.toUpperCase(Locale.ROOT);
            if (CMU_39.contains(upper)) {
                m.put(p, upper);
                continue;
            }
            String folded = fold != null ? fold.map(p).orElse("sil") : p;
            if (folded.equals("sil") || p.equals("h#") || p.equals("pau")) {
                m.put(p, null);
            } else if (folded.equals("dx")) {
                m.put(p, "T");
            } else if (CMU_39.contains(folded.toUpperCase(Locale.ROOT))) {
                m.put(p, folded.toUpperCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("phone '" + p + "' of " + acoustic + " has no counterpart in " + CMU_39);
            }
        }
        return new PhoneMap(acoustic, CMU_39, m);
    }
}
