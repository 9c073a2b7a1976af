package carousel.speech.plm;

import java.util.Arrays;

/**
 * Every next symbol (V phones and {@code </s>}) equally likely, {@code 1/(V+1)}, whatever the history:
 * the phone model under which {@link BeamSearchDecoder} must find what {@link
 * carousel.speech.decode.ViterbiDecoder} finds with a uniform bigram (the LM then only counts phones).
 */
public final class UniformPhoneModel implements PhoneModel {

    private final int numPhones;
    private final double logProb;

    public UniformPhoneModel(int numPhones) {
        if (numPhones < 1) {
            throw new IllegalArgumentException("numPhones must be >= 1, got " + numPhones);
        }
        this.numPhones = numPhones;
        this.logProb = Math.log(1.0 / (numPhones + 1));
    }

    @Override
    public int numPhones() {
        return numPhones;
    }

    @Override
    public int stateSize() {
        return 0;
    }

    @Override
    public void startState(float[] dst, int off) {
        // no state
    }

    @Override
    public void step(Scratch scratch, int rows, int[] inputs, float[] states, float[] next, double[] logProbs) {
        for (int b = 0; b < rows; b++) {
            if (inputs[b] < 0 || inputs[b] > numPhones) {
                throw new IllegalArgumentException("input symbol " + inputs[b] + " of row " + b + " is outside [0, " + numPhones + "]");
            }
        }
        Arrays.fill(logProbs, 0, rows * (numPhones + 1), logProb);
    }
}
