package carousel.speech.tree;

import carousel.speech.feature.FeatureMatrix;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics a phonetic decision tree is grown from: for each {@link Triphone} (left, phone,
 * right, state) seen in the frame alignments, the count, sum and sum of squares of its frames'
 * features ({@link GaussStats}, a single diagonal Gaussian). Accumulated utterance by utterance from
 * features (T, D) and a context-independent state alignment of the same T frames; kept in a sorted map
 * so that everything built from them is deterministic.
 */
public final class TriphoneStats {
    private final int numPhones, statesPerPhone, dim;
    private final TreeMap<Triphone, GaussStats> stats = new TreeMap<>(TriphoneStats::compare);
    private long frames;

    public TriphoneStats(int numPhones, int statesPerPhone, int dim) {
        if (numPhones < 1 || statesPerPhone < 1 || dim < 1) throw new IllegalArgumentException("phones, states per phone and feature dim must be positive");
        this.numPhones = numPhones;
        this.statesPerPhone = statesPerPhone;
        this.dim = dim;
    }

    static int compare(Triphone a, Triphone b) {
        int c = Integer.compare(a.phone(), b.phone());
        if (c == 0) c = Integer.compare(a.state(), b.state());
        if (c == 0) c = Integer.compare(a.left(), b.left());
        if (c == 0) c = Integer.compare(a.right(), b.right());
        return c;
    }

    public int numPhones() { return numPhones; }
    public int statesPerPhone() { return statesPerPhone; }
    public int dim() { return dim; }
    /** Frames accumulated. */
    public long frames() { return frames; }
    /** Distinct (left, phone, right, state) seen. */
    public int numTriphoneStates() { return stats.size(); }

    /** Distinct (left, phone, right) seen, whatever the state. */
    public int numTriphones() {
        return (int) stats.keySet().stream().map(t -> new Triphone(t.left(), t.phone(), t.right(), 0)).distinct().count();
    }

    /**
     * Adds one utterance.
     *
     * @param stateLabels (T) context-independent states {@code phone * K + k}, below 0 for none
     * @throws IllegalArgumentException when the lengths or the feature dim differ, or a label is out of range
     */
    public void add(FeatureMatrix features, int[] stateLabels) {
        if (features.numFrames() != stateLabels.length)
            throw new IllegalArgumentException(features.numFrames() + " feature frames but " + stateLabels.length + " state labels");
        if (features.dim() != dim) throw new IllegalArgumentException("features of dim " + features.dim() + ", the statistics have " + dim);
        for (int y : stateLabels)
            if (y >= numPhones * statesPerPhone) throw new IllegalArgumentException("state " + y + " outside [0, " + numPhones * statesPerPhone + ")");
        Triphone[] ctx = PhoneContexts.of(stateLabels, statesPerPhone, numPhones);
        float[] x = features.data();
        for (int t = 0; t < ctx.length; t++) {
            if (ctx[t] == null) continue;
            stats.computeIfAbsent(ctx[t], k -> new GaussStats(dim)).addFrame(x, t * dim);
            frames++;
        }
    }

    /** The statistics by triphone state, in the order phone, state, left, right. */
    Map<Triphone, GaussStats> byTriphone() { return Collections.unmodifiableMap(stats); }

    /** Each phone's frames pooled over contexts and states (P), what the phones are clustered by. */
    GaussStats[] byPhone() {
        GaussStats[] out = new GaussStats[numPhones];
        for (int p = 0; p < numPhones; p++) out[p] = new GaussStats(dim);
        for (Map.Entry<Triphone, GaussStats> e : stats.entrySet()) out[e.getKey().phone()].add(e.getValue());
        return out;
    }
}
