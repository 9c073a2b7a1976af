package carousel.speech.plm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.model.SequenceModel;
import carousel.speech.corpus.PhoneSet;
import carousel.tensor.Rng;
import carousel.train.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Padded sentence batches, and learning a toy phone language the bigram cannot capture. */
class PlmTrainerTest {

    static final PhoneSet ABC = BeamSearchDecoderTest.ABC;

    @Test
    void batchesAreOneHotWithBoundaries() {
        SequenceModel net = RnnPhoneModel.newNetwork(ABC, carousel.model.Cell.RNN, 4, 1);
        Batch b = PlmTrainer.batch(net, 3, List.of(new int[] {0, 2}, new int[] {1}));
        assertEquals(3, b.steps());
        assertEquals(2, b.batch());
        assertArrayEquals(new int[] {3, 2}, b.lengths());
        // targets (T, B): t0 = (a, b), t1 = (c, </s>), t2 = (</s>, pad)
        assertArrayEquals(new int[] {0, 1, 2, 3, 3, -1}, b.classTargets());
        // inputs: t0 = <s> both; t1 = a, b; t2 = c, nothing
        int io = 4;
        float[] x = b.x().f;
        assertEquals(1f, x[(0 * 2 + 0) * io + 3]);
        assertEquals(1f, x[(0 * 2 + 1) * io + 3]);
        assertEquals(1f, x[(1 * 2 + 0) * io + 0]);
        assertEquals(1f, x[(1 * 2 + 1) * io + 1]);
        assertEquals(1f, x[(2 * 2 + 0) * io + 2]);
        float sum = 0;
        for (float v : x) {
            sum += v;
        }
        assertEquals(5f, sum);
    }

    /**
     * Sentences "a^n c a^n": the number of a's after the c must match the number before, which no
     * bigram can count; an LSTM learns it and its held-out perplexity falls well under the bigram's.
     */
    @Test
    void anLstmLearnsWhatABigramCannot() {
        Random r = new Random(4);
        List<int[]> train = new ArrayList<>(), dev = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            int n = 1 + r.nextInt(4);
            int[] s = new int[2 * n + 1];
            s[n] = 2;
            (i < 120 ? train : dev).add(s);
        }
        PlmTrainer.Result res = new PlmTrainer(PlmTrainer.Options.builder().hidden(16).epochs(40).lr(0.02).patience(8).build(), null)
                .train(ABC, train, dev);
        double bigram = carousel.speech.decode.PhoneBigram.estimate(ABC, train).perplexity(dev);
        double rnn = res.model().perplexity(dev);
        assertEquals(res.devPerplexity(), rnn, 1e-9);
        assertTrue(rnn < 0.8 * bigram, "LSTM " + rnn + " vs bigram " + bigram);
        assertTrue(res.history().stream().anyMatch(PlmTrainer.Epoch::best));
        // the step kernel of the trained model agrees with its perplexity
        RnnPhoneModel m = res.model();
        int[] s = dev.get(0);
        float[] st = new float[m.stateSize()], nx = new float[m.stateSize()];
        double[] lp = new double[4];
        m.startState(st, 0);
        PhoneModel.Scratch scratch = m.newScratch();
        double sum = 0;
        for (int t = 0; t <= s.length; t++) {
            m.step(scratch, 1, new int[] {t == 0 ? 3 : s[t - 1]}, st, nx, lp);
            sum += lp[t < s.length ? s[t] : 3];
            float[] tmp = st;
            st = nx;
            nx = tmp;
        }
        assertEquals(m.logProb(s), sum, 1e-4);
    }
}
