package carousel.speech.corpus;

import java.util.Arrays;
import java.util.List;

/**
 * One training label per feature frame, from a phone alignment: the phone (or HMM state) of the
 * segment that contains the frame's centre sample (see {@link FrameGeometry}). This is the frame-level
 * target of framewise phone classification (e.g. A. Graves and J. Schmidhuber, "Framewise phoneme
 * classification with bidirectional LSTM and other neural network architectures", Neural Networks
 * 18(5-6):602-610, 2005) and, with states, of hybrid HMM/network training.
 *
 * <p>The alignment must cover the audio exactly: first pass it through
 * {@link PhoneAlignment#coverAudio} and {@link PhoneAlignment#mapped} (into the target set), then the
 * number of frames is {@code geometry.numFrames(alignment.endSample())}, the same number Kaldi's
 * feature extractor produces for that audio.
 */
public final class FrameTargets {

    /** Three HMM states per phone (begin, middle, end), as in Lee &amp; Hon's and Kaldi's TIMIT systems. */
    public static final int STATES_PER_PHONE = 3;

    private FrameTargets() {
    }

    /**
     * Phone index (in {@code phones}) for every frame.
     *
     * @param alignment an alignment covering {@code [0, N)} contiguously whose symbols are in {@code phones}
     * @throws CorpusFormatException when a symbol is not in {@code phones} or a frame centre is not
     *                               covered, naming the utterance, file and line
     */
    public static int[] phones(PhoneAlignment alignment, PhoneSet phones, FrameGeometry geometry)
            throws CorpusFormatException {
        return label(alignment, phones, geometry, 1);
    }

    /**
     * HMM-state index for every frame: each segment is split into {@code statesPerPhone} parts of equal
     * duration, and a frame whose centre is in part {@code k} of a segment of phone {@code p} gets
     * {@code p * statesPerPhone + k}. The number of classes is {@code phones.size() * statesPerPhone}.
     *
     * @throws CorpusFormatException as {@link #phones}
     */
    public static int[] states(PhoneAlignment alignment, PhoneSet phones, FrameGeometry geometry, int statesPerPhone)
            throws CorpusFormatException {
        if (statesPerPhone < 1) {
            throw new IllegalArgumentException("statesPerPhone must be >= 1, got " + statesPerPhone);
        }
        return label(alignment, phones, geometry, statesPerPhone);
    }

    private static int[] label(PhoneAlignment alignment, PhoneSet phones, FrameGeometry geometry, int parts)
            throws CorpusFormatException {
        List<PhoneSegment> segs = alignment.segments();
        int[] index = new int[segs.size()];
        for (int j = 0; j < segs.size(); j++) {
            PhoneSegment s = segs.get(j);
            if (!phones.contains(s.phone())) {
                throw new CorpusFormatException(alignment.utteranceId(), alignment.source(), s.line(),
                        "phone '" + s.phone() + "' is not in the target set " + phones
                                + " (fold the alignment with PhoneAlignment.mapped first)");
            }
            index[j] = phones.index(s.phone());
        }
        int frames = geometry.numFrames(alignment.endSample());
        int[] out = new int[frames];
        int j = 0;
        for (int i = 0; i < frames; i++) {
            long c = geometry.centreSample(i);
            while (j < segs.size() && segs.get(j).endSample() <= c) {
                j++;
            }
            if (j == segs.size() || !segs.get(j).contains(c)) {
                PhoneSegment near = segs.get(Math.min(j, segs.size() - 1));
                throw new CorpusFormatException(alignment.utteranceId(), alignment.source(), near.line(),
                        "frame " + i + " (centre sample " + c + ") is not covered by any segment"
                                + " (check the alignment with PhoneAlignment.coverAudio first)");
            }
            PhoneSegment s = segs.get(j);
            int part = (int) Math.min(parts - 1, (c - s.startSample()) * parts / s.length());
            out[i] = index[j] * parts + part;
        }
        return out;
    }

    /**
     * Fits frame labels to a feature matrix of {@code numFeatureFrames} rows. Labels shorter than the
     * features are an error (those frames would have no target); labels longer by at most
     * {@code tolerance} frames are cut (feature extractors that pad or snip edges differently differ by
     * a frame or two), longer than that is an error.
     *
     * @throws CorpusFormatException naming the utterance and both lengths
     */
    public static int[] fitToFeatures(int[] labels, int numFeatureFrames, int tolerance, String utteranceId)
            throws CorpusFormatException {
        if (numFeatureFrames < 0 || tolerance < 0) {
            throw new IllegalArgumentException("numFeatureFrames and tolerance must be >= 0, got "
                    + numFeatureFrames + " and " + tolerance);
        }
        if (labels.length < numFeatureFrames) {
            throw new CorpusFormatException(utteranceId, null, 0, "labels shorter than the features: "
                    + labels.length + " labels for " + numFeatureFrames + " feature frames");
        }
        if (labels.length - numFeatureFrames > tolerance) {
            throw new CorpusFormatException(utteranceId, null, 0, "labels longer than the features by more than "
                    + tolerance + " frames: " + labels.length + " labels for " + numFeatureFrames + " feature frames");
        }
        return labels.length == numFeatureFrames ? labels : Arrays.copyOf(labels, numFeatureFrames);
    }

    /**
     * The self-loop probability of each of {@code numStates} states in frame-level state alignments: frame t
     * in state s counts as a stay when frame t+1 is in s too, else (the last frame included) as a leave;
     * with one pseudo-count each (Laplace), {@code (stays + 1) / (stays + leaves + 2)}, so a state never seen
     * gets 0.5 and no estimate is 0 or 1. Labels below 0 (none) are skipped.
     *
     * @throws IllegalArgumentException when a label is {@code >= numStates}
     */
    public static double[] selfLoopProbabilities(int numStates, Iterable<int[]> alignments) {
        long[] stays = new long[numStates], leaves = new long[numStates];
        int seq = 0;
        for (int[] a : alignments) {
            for (int t = 0; t < a.length; t++) {
                if (a[t] < 0) continue;
                if (a[t] >= numStates)
                    throw new IllegalArgumentException("state " + a[t] + " at frame " + t + " of alignment " + seq + " is outside [0, " + numStates + ")");
                if (t + 1 < a.length && a[t + 1] == a[t]) stays[a[t]]++;
                else leaves[a[t]]++;
            }
            seq++;
        }
        double[] p = new double[numStates];
        for (int s = 0; s < numStates; s++) p[s] = (stays[s] + 1.0) / (stays[s] + leaves[s] + 2.0);
        return p;
    }
}
