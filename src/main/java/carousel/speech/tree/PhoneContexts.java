package carousel.speech.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * The triphone context of every frame of a context-independent state alignment. Frame labels are
 * states {@code phone * K + k} ({@link carousel.speech.corpus.FrameTargets#states}); a new phone
 * instance starts where the phone changes or the same phone restarts at a lower state (a state
 * sequence 0,1,2,0,1,2 of one phone is two instances). Each frame gets its instance's phone and state,
 * and the phones of the instances before and after it (the boundary, index P, at the utterance's ends).
 * Labels below 0 (none) are skipped and do not break an instance.
 */
public final class PhoneContexts {
    private PhoneContexts() {}

    /** Phone instances of a state alignment, in order: {phone, firstFrame, endFrame}. */
    public static List<int[]> instances(int[] stateLabels, int statesPerPhone) {
        List<int[]> out = new ArrayList<>();
        int prevPhone = -1, prevState = -1;
        for (int t = 0; t < stateLabels.length; t++) {
            int y = stateLabels[t];
            if (y < 0) continue;
            int phone = y / statesPerPhone, k = y % statesPerPhone;
            boolean restart = statesPerPhone > 1 && phone == prevPhone && k < prevState;
            if (phone != prevPhone || restart) out.add(new int[]{phone, t, t + 1});
            else out.getLast()[2] = t + 1;
            prevPhone = phone;
            prevState = k;
        }
        return out;
    }

    /**
     * The {@link Triphone} of each frame (null where the label is below 0).
     *
     * @param numPhones P, whose index is the boundary context
     */
    public static Triphone[] of(int[] stateLabels, int statesPerPhone, int numPhones) {
        Triphone[] out = new Triphone[stateLabels.length];
        List<int[]> inst = instances(stateLabels, statesPerPhone);
        for (int i = 0; i < inst.size(); i++) {
            int[] u = inst.get(i);
            int left = i > 0 ? inst.get(i - 1)[0] : numPhones, right = i + 1 < inst.size() ? inst.get(i + 1)[0] : numPhones;
            for (int t = u[1]; t < u[2]; t++)
                if (stateLabels[t] >= 0) out[t] = new Triphone(left, u[0], right, stateLabels[t] % statesPerPhone);
        }
        return out;
    }
}
