package carousel.speech.score;

/**
 * Counts of an alignment (or a sum of alignments): {@code numRef = correct + substitutions + deletions}.
 * The phone error rate is {@code (S + D + I) / N}; it is NaN when there is no reference phone.
 */
public record ErrorCounts(long numRef, long correct, long substitutions, long deletions, long insertions) {

    public static final ErrorCounts ZERO = new ErrorCounts(0, 0, 0, 0, 0);

    public ErrorCounts {
        if (correct < 0 || substitutions < 0 || deletions < 0 || insertions < 0) {
            throw new IllegalArgumentException("negative count");
        }
        if (numRef != correct + substitutions + deletions) {
            throw new IllegalArgumentException("numRef " + numRef + " != correct + substitutions + deletions = "
                    + (correct + substitutions + deletions));
        }
    }

    public ErrorCounts plus(ErrorCounts o) {
        return new ErrorCounts(numRef + o.numRef, correct + o.correct, substitutions + o.substitutions,
                deletions + o.deletions, insertions + o.insertions);
    }

    /** S + D + I. */
    public long errors() {
        return substitutions + deletions + insertions;
    }

    /** (S + D + I) / N, a fraction (may exceed 1); NaN when N = 0. */
    public double errorRate() {
        return numRef == 0 ? Double.NaN : (double) errors() / numRef;
    }

    /** 100 x count / N; NaN when N = 0. */
    public double percent(long count) {
        return numRef == 0 ? Double.NaN : 100.0 * count / numRef;
    }
}
