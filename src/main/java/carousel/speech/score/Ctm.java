package carousel.speech.score;

import carousel.speech.corpus.PhoneSet;
import carousel.speech.decode.DecodedPhone;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * NIST CTM ("time-marked conversation") lines for decoded phones, {@code utt-id 1 start duration phone},
 * times in seconds: a phone over frames {@code [s, e)} starts at {@code s * frameShift} and lasts
 * {@code (e - s) * frameShift}, as Kaldi's {@code lattice-to-ctm-conf} writes with
 * {@code --frame-shift}. The channel is always 1. Times have 3 decimals (milliseconds).
 */
public final class Ctm {

    private Ctm() {
    }

    /** One CTM line (without newline). */
    public static String line(String uttId, DecodedPhone phone, PhoneSet phones, double frameShiftSec) {
        if (!(frameShiftSec > 0)) {
            throw new IllegalArgumentException("frameShiftSec must be > 0, got " + frameShiftSec);
        }
        return String.format(Locale.ROOT, "%s 1 %.3f %.3f %s", uttId, phone.startFrame() * frameShiftSec,
                phone.numFrames() * frameShiftSec, phones.symbol(phone.phone()));
    }

    /** Writes one line per decoded phone. */
    public static void write(Writer w, String uttId, List<DecodedPhone> decoded, PhoneSet phones, double frameShiftSec)
            throws IOException {
        for (DecodedPhone p : decoded) {
            w.write(line(uttId, p, phones, frameShiftSec));
            w.write('\n');
        }
    }
}
