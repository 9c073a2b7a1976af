package carousel.speech.score;

/** What an aligned pair of reference and hypothesis symbols is. */
public enum EditOp {
    /** Reference and hypothesis symbol are equal. */
    CORRECT,
    /** Both present, different. */
    SUBSTITUTION,
    /** A reference symbol with no hypothesis symbol. */
    DELETION,
    /** A hypothesis symbol with no reference symbol. */
    INSERTION
}
