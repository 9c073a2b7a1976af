package carousel.speech.plm;

/**
 * A phone language model seen one step at a time, the seam between {@link BeamSearchDecoder} and
 * whatever predicts the next phone: a recurrent network ({@link RnnPhoneModel}), a phone bigram
 * ({@link BigramPhoneModel}) or every phone equally likely ({@link UniformPhoneModel}).
 *
 * <p>Symbols: V = {@link #numPhones()} phones are 0..V-1. As an <em>input</em>, V stands for the
 * sentence start {@code <s>}; as an <em>output</em>, V is the sentence end {@code </s>}. A history
 * {@code <s> p1 ... pn} is summarised by a state of {@link #stateSize()} floats: the start state
 * ({@link #startState}) consumes {@code <s>}, then each phone, one {@link #step} each; every step
 * also gives {@code ln P(next | history)} over the V+1 outputs.
 *
 * <p>A model holds only its parameters: what a step needs besides them (a network's gate and logit
 * buffers) lives in a {@link Scratch} its caller owns ({@link #newScratch}), so one model serves any
 * number of searches and threads, each with its own scratch.
 */
public interface PhoneModel {

    /** A caller's step buffers for one model (one thread at a time); models that need none share {@link #NONE}. */
    interface Scratch {
    }

    /** The scratch of models whose steps need no buffers. */
    Scratch NONE = new Scratch() { };

    /** Fresh step buffers for this model ({@link #NONE} unless the model needs some). */
    default Scratch newScratch() {
        return NONE;
    }

    /** V, the number of phones. */
    int numPhones();

    /** Floats per history state (0 for a model that ignores the history). */
    int stateSize();

    /** Writes the state before {@code <s>} into {@code dst[off, off + stateSize())}. */
    void startState(float[] dst, int off);

    /**
     * Advances {@code rows} histories by one symbol each, in one batch: row b reads its state from
     * {@code states[b*S, (b+1)*S)} (S = {@link #stateSize()}), consumes {@code inputs[b]} (a phone, or V
     * for {@code <s>}), writes the new state into {@code next[b*S, (b+1)*S)} and
     * {@code ln P(w | history + input)} for w = 0..V (V = {@code </s>}) into
     * {@code logProbs[b*(V+1), (b+1)*(V+1))}. The arrays may be longer than needed; {@code states}
     * and {@code next} must be different arrays. {@code scratch} is this model's {@link #newScratch}.
     */
    void step(Scratch scratch, int rows, int[] inputs, float[] states, float[] next, double[] logProbs);
}
