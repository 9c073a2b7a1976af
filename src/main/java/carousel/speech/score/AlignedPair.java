package carousel.speech.score;

import java.util.Objects;

/**
 * One column of an alignment.
 *
 * @param op  what it is
 * @param ref the reference symbol, null for an insertion
 * @param hyp the hypothesis symbol, null for a deletion
 */
public record AlignedPair(EditOp op, String ref, String hyp) {

    public AlignedPair {
        Objects.requireNonNull(op, "op");
        if ((ref == null) != (op == EditOp.INSERTION) || (hyp == null) != (op == EditOp.DELETION)) {
            throw new IllegalArgumentException(op + " with ref " + ref + " and hyp " + hyp);
        }
        if (op == EditOp.CORRECT != (ref != null && ref.equals(hyp))) {
            throw new IllegalArgumentException(op + " with ref " + ref + " and hyp " + hyp);
        }
    }

    @Override
    public String toString() {
        return switch (op) {
            case CORRECT -> ref;
            case SUBSTITUTION -> ref + "->" + hyp;
            case DELETION -> ref + "->*";
            case INSERTION -> "*->" + hyp;
        };
    }
}
