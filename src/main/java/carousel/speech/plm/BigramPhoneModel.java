package carousel.speech.plm;

import carousel.speech.decode.PhoneBigram;
import java.util.Objects;

/**
 * A {@link PhoneBigram} seen as a {@link PhoneModel}: the state is the last symbol (one float holding
 * its index, V for {@code <s>}), and the next-symbol distribution is the bigram's row of that symbol.
 * With it {@link BeamSearchDecoder} searches the same space as {@link carousel.speech.decode.ViterbiDecoder}
 * but without merging hypotheses that end in the same phone; the best path is the same when the beam
 * keeps it.
 */
public final class BigramPhoneModel implements PhoneModel {

    private final PhoneBigram bigram;
    private final int numPhones;
    private final double[] table; // (V+1, V+1): row h = history (V = <s>), column w = output (V = </s>)

    public BigramPhoneModel(PhoneBigram bigram) {
        this.bigram = Objects.requireNonNull(bigram, "bigram");
        numPhones = bigram.phones().size();
        int v = numPhones;
        table = new double[(v + 1) * (v + 1)];
        for (int w = 0; w < v; w++) {
            table[v * (v + 1) + w] = bigram.logProbStart(w);
        }
        table[v * (v + 1) + v] = bigram.logProbEmpty();
        for (int h = 0; h < v; h++) {
            for (int w = 0; w < v; w++) {
                table[h * (v + 1) + w] = bigram.logProb(h, w);
            }
            table[h * (v + 1) + v] = bigram.logProbEnd(h);
        }
    }

    public PhoneBigram bigram() {
        return bigram;
    }

    @Override
    public int numPhones() {
        return numPhones;
    }

    @Override
    public int stateSize() {
        return 1;
    }

    @Override
    public void startState(float[] dst, int off) {
        dst[off] = -1;
    }

    @Override
    public void step(Scratch scratch, int rows, int[] inputs, float[] states, float[] next, double[] logProbs) {
        int w = numPhones + 1;
        for (int b = 0; b < rows; b++) {
            int in = inputs[b];
            if (in < 0 || in > numPhones) {
                throw new IllegalArgumentException("input symbol " + in + " of row " + b + " is outside [0, " + numPhones + "]");
            }
            next[b] = in;
            System.arraycopy(table, in * w, logProbs, b * w, w);
        }
    }
}
