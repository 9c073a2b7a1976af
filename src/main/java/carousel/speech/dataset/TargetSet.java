package carousel.speech.dataset;

import carousel.speech.corpus.FrameTargets;
import carousel.speech.corpus.PhoneSet;

import java.util.Locale;

/**
 * What each frame is labelled with: phones of the 39-, 48- or 61-phone TIMIT sets, or 3 left-to-right
 * HMM states per phone of the 48-phone set (context-independent states, the setting of Sak et al.'s
 * 126 CI states; here 144).
 */
public enum TargetSet {
    PHONES39(PhoneSet.TIMIT_39, 1), PHONES48(PhoneSet.TIMIT_48, 1), PHONES61(PhoneSet.TIMIT_61, 1), STATES(PhoneSet.TIMIT_48, FrameTargets.STATES_PER_PHONE);

    public final PhoneSet phones;
    public final int statesPerPhone;

    TargetSet(PhoneSet phones, int statesPerPhone) { this.phones = phones; this.statesPerPhone = statesPerPhone; }

    public int numClasses() { return phones.size() * statesPerPhone; }

    public String configName() { return name().toLowerCase(Locale.ROOT); }

    public static TargetSet parse(String s) {
        for (TargetSet t : values()) if (t.configName().equals(s)) return t;
        throw new IllegalArgumentException("targets must be phones39, phones48, phones61 or states, got '" + s + "'");
    }

    /** The phone of a class index. */
    public String phoneOf(int classIndex) { return phones.symbol(classIndex / statesPerPhone); }
}
