package carousel.spark;

import carousel.train.TruncatedBptt;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One training sequence as it travels in an RDD: the serializable twin of
 * {@link TruncatedBptt.Sequence}. Features (T, I) row-major, one class label per frame (−1 = none,
 * e.g. the first {@code delay} frames of a delayed acoustic target).
 */
public record LabelledSequence(String id, float[] features, int steps, int[] labels) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    public LabelledSequence {
        if (steps < 1) throw new IllegalArgumentException("sequence " + id + " is empty");
        if (labels.length != steps) throw new IllegalArgumentException("sequence " + id + " has " + steps + " frames but " + labels.length + " labels");
        if (features.length % steps != 0) throw new IllegalArgumentException("sequence " + id + ": " + features.length + " feature values are not " + steps + " frames");
    }

    /** The sequence's inputs as they travel: a splice window's frames stacked here, once (shards hold inputs). */
    public static LabelledSequence of(TruncatedBptt.Sequence s) { return new LabelledSequence(s.id(), s.inputs(), s.steps(), s.labels()); }

    public static List<LabelledSequence> of(List<TruncatedBptt.Sequence> seqs) {
        List<LabelledSequence> out = new ArrayList<>(seqs.size());
        for (TruncatedBptt.Sequence s : seqs) out.add(of(s));
        return out;
    }

    public TruncatedBptt.Sequence toSequence() { return new TruncatedBptt.Sequence(id, features, steps, labels); }

    /** Features per frame. */
    public int inputSize() { return features.length / steps; }
}
