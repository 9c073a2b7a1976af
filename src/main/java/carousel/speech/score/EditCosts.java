package carousel.speech.score;

/**
 * The costs of the edits an {@link EditAlignment} minimises. The error counts are always unit (one
 * substitution is one error); the costs only decide which alignment is chosen.
 *
 * @param substitution cost of replacing a reference token by another
 * @param deletion     cost of a reference token with no hypothesis token
 * @param insertion    cost of a hypothesis token with no reference token
 */
public record EditCosts(int substitution, int deletion, int insertion) {

    /** Levenshtein's unit costs, as Kaldi's {@code compute-wer}. */
    public static final EditCosts UNIT = new EditCosts(1, 1, 1);
    /**
     * NIST sclite's default weights (substitution 4, deletion 3, insertion 3): a substitution costs less
     * than a deletion plus an insertion, but more than either, so sclite prefers {@code a b / b c} as a
     * deletion, a match and an insertion rather than two substitutions.
     */
    public static final EditCosts SCLITE = new EditCosts(4, 3, 3);

    public EditCosts {
        if (substitution < 1 || deletion < 1 || insertion < 1) {
            throw new IllegalArgumentException("edit costs must be >= 1, got sub " + substitution + " del " + deletion
                    + " ins " + insertion);
        }
    }
}
