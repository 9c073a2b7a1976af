package carousel.speech.lexicon;

import java.util.Locale;

/** The pronouncing-dictionary file formats {@link LexiconReader} reads. */
public enum LexiconFormat {
    /**
     * The CMU Pronouncing Dictionary as CMU Sphinx ships it ({@code cmudict-en-us.dict}): {@code word P1
     * P2 ...}, alternates written {@code word(2)}, {@code ;;;} comment lines and {@code #} comments to the
     * end of a line; stress digits ({@code AH0}) are dropped when the phone set has the bare phone.
     */
    CMU,
    /** Kaldi's {@code lexicon.txt}: {@code word p1 p2 ...}, the same word on several lines for alternates. */
    KALDI,
    /** Kaldi's {@code lexiconp.txt}: {@code word prob p1 p2 ...} with {@code 0 < prob <= 1}. */
    KALDI_PROB;

    /** The name used on the command line: {@code cmu}, {@code kaldi}, {@code kaldi-prob}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LexiconFormat parse(String s) {
        for (LexiconFormat f : values()) {
            if (f.cliName().equals(s)) {
                return f;
            }
        }
        throw new IllegalArgumentException("lexicon format must be cmu, kaldi or kaldi-prob, got '" + s + "'");
    }
}
