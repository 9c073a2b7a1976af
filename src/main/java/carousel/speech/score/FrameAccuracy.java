package carousel.speech.score;

import carousel.speech.corpus.PhoneSet;
import carousel.speech.kaldi.FloatMatrix;
import java.util.Objects;

/**
 * Frame accuracy: the fraction of frames whose predicted phone equals the reference phone after both
 * are folded (e.g. 48 → 39). Labels may be HMM states ({@code phone * statesPerPhone + k}); only the
 * phone counts. Reference frames of a phone the folding deletes ({@code q}) are not counted.
 *
 * @param correct frames right
 * @param total   frames counted
 */
public record FrameAccuracy(long correct, long total) {

    public FrameAccuracy {
        if (correct < 0 || total < correct) {
            throw new IllegalArgumentException("bad frame counts: " + correct + " of " + total);
        }
    }

    /**
     * Counts one utterance.
     *
     * @param reference      (T) reference labels, e.g. {@link carousel.speech.corpus.FrameTargets#states}
     * @param predicted      (T) predicted labels, e.g. {@link #argmax} of the network output
     * @param phones         the phone set the labels index (divided by {@code statesPerPhone})
     * @param statesPerPhone 1 for phone labels, 3 for state labels
     */
    public static FrameAccuracy count(int[] reference, int[] predicted, PhoneSet phones, int statesPerPhone,
                                      PhoneFolding folding) {
        Objects.requireNonNull(folding, "folding");
        if (reference.length != predicted.length) {
            throw new IllegalArgumentException(reference.length + " reference labels but " + predicted.length + " predicted");
        }
        if (statesPerPhone < 1) {
            throw new IllegalArgumentException("statesPerPhone must be >= 1, got " + statesPerPhone);
        }
        long right = 0;
        long total = 0;
        for (int t = 0; t < reference.length; t++) {
            var ref = folding.fold(phones.symbol(reference[t] / statesPerPhone));
            if (ref.isEmpty()) {
                continue;
            }
            total++;
            if (ref.equals(folding.fold(phones.symbol(predicted[t] / statesPerPhone)))) {
                right++;
            }
        }
        return new FrameAccuracy(right, total);
    }

    /** The index of the largest value of every row (the first one on ties). */
    public static int[] argmax(FloatMatrix m) {
        int[] out = new int[m.rows()];
        float[] d = m.data();
        for (int r = 0; r < m.rows(); r++) {
            int best = 0;
            for (int c = 1; c < m.cols(); c++) {
                if (d[r * m.cols() + c] > d[r * m.cols() + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    public FrameAccuracy plus(FrameAccuracy o) {
        return new FrameAccuracy(correct + o.correct, total + o.total);
    }

    /** correct / total; NaN when no frame was counted. */
    public double accuracy() {
        return total == 0 ? Double.NaN : (double) correct / total;
    }
}
