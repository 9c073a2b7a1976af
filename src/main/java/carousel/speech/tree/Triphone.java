package carousel.speech.tree;

import carousel.speech.corpus.PhoneSet;

/**
 * One HMM state of a phone in context: state {@code state} of phone {@code phone} between {@code left}
 * and {@code right}. Phones are indices of the tree's phone set; the utterance boundary is the extra
 * context index {@code P} (the phone set's size), written {@value #BOUNDARY}. Written as HTK and Kaldi
 * write triphones, {@code left-phone+right}.
 */
public record Triphone(int left, int phone, int right, int state) {
    /** The symbol of the utterance boundary as a context. */
    public static final String BOUNDARY = "#";

    /** {@code left-phone+right} in the phone set's symbols. */
    public String name(PhoneSet phones) {
        return context(phones, left) + "-" + phones.symbol(phone) + "+" + context(phones, right);
    }

    static String context(PhoneSet phones, int c) {
        return c == phones.size() ? BOUNDARY : phones.symbol(c);
    }

    /**
     * Parses {@code l-p+r} (state 0).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Triphone parse(String s, PhoneSet phones) {
        int minus = s.indexOf('-'), plus = s.lastIndexOf('+');
        if (minus < 1 || plus < minus + 2 || plus == s.length() - 1)
            throw new IllegalArgumentException("a triphone is written LEFT-PHONE+RIGHT (e.g. sil-ae+t, '#' for the utterance boundary), got '" + s + "'");
        String p = s.substring(minus + 1, plus);
        if (!phones.contains(p)) throw new IllegalArgumentException("'" + p + "' of '" + s + "' is not a phone of " + phones);
        return new Triphone(parseContext(s.substring(0, minus), phones, s), phones.index(p), parseContext(s.substring(plus + 1), phones, s), 0);
    }

    static int parseContext(String c, PhoneSet phones, String whole) {
        if (c.equals(BOUNDARY)) return phones.size();
        if (!phones.contains(c)) throw new IllegalArgumentException("'" + c + "' of '" + whole + "' is neither a phone of " + phones + " nor " + BOUNDARY);
        return phones.index(c);
    }
}
