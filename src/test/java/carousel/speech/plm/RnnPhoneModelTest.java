package carousel.speech.plm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.io.FormatException;
import carousel.layer.Param;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.decode.PhoneBigram;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batched step kernel against the whole-sentence reference, a hand-computed perplexity, and the files. */
class RnnPhoneModelTest {

    static final PhoneSet AB = new PhoneSet("ab", List.of("a", "b"));

    static RnnPhoneModel random(PhoneSet set, String cell, int hidden, int layers, long seed) {
        SequenceModel net = RnnPhoneModel.newNetwork(set, carousel.model.Cell.parse(cell), hidden, layers);
        net.initialize(new Rng(seed), 0.5, null);
        return new RnnPhoneModel(net, set);
    }

    /** Three sentences advanced together, one row each, against one forward per sentence. */
    @Test
    void batchedStepsEqualTheSequenceForward() {
        PhoneSet set = PhoneSet.TIMIT_48;
        int[][] sentences = {{3, 7, 7, 1, 40}, {0, 47, 5, 9, 2}, {12, 12, 30, 8, 45}};
        for (String cell : new String[] {"lstm", "rnn"}) {
            for (int layers : new int[] {1, 2}) {
                RnnPhoneModel m = random(set, cell, 24, layers, 42 + layers);
                int S = m.stateSize(), W = set.size() + 1, B = sentences.length;
                assertEquals(layers * (cell.equals("lstm") ? 48 : 24), S);
                float[] states = new float[B * S], next = new float[B * S];
                double[] lp = new double[B * W];
                PhoneModel.Scratch scratch = m.newScratch();
                for (int b = 0; b < B; b++) {
                    m.startState(states, b * S);
                }
                double[][] ref = new double[B][];
                for (int b = 0; b < B; b++) {
                    ref[b] = RnnPhoneModel.sentenceLogProbs(m.network(), set.size(), sentences[b]);
                }
                int[] inputs = new int[B];
                double worst = 0;
                for (int t = 0; t <= 5; t++) {
                    for (int b = 0; b < B; b++) {
                        inputs[b] = t == 0 ? set.size() : sentences[b][t - 1];
                    }
                    m.step(scratch, B, inputs, states, next, lp);
                    for (int b = 0; b < B; b++) {
                        int target = t < 5 ? sentences[b][t] : set.size();
                        worst = Math.max(worst, Math.abs(lp[b * W + target] - ref[b][t]));
                        double sum = 0;
                        for (int w = 0; w < W; w++) {
                            sum += Math.exp(lp[b * W + w]);
                        }
                        assertEquals(1.0, sum, 1e-9);
                    }
                    float[] tmp = states;
                    states = next;
                    next = tmp;
                }
                assertTrue(worst < 2e-5, cell + " x" + layers + ": worst difference " + worst);
            }
        }
    }

    /**
     * All weights zero, output bias ln(0.5, 0.25, 0.25): every history predicts a with 1/2, b and
     * {@code </s>} with 1/4. Sentences "a b" and "a": ln P = ln(1/2 1/4 1/4) + ln(1/2 1/4) = -8 ln 2 over
     * M = 3 + 2 symbols, perplexity 2^(8/5); the bigram with the same table agrees.
     */
    @Test
    void twoScratchesOfOneModelStepIndependently() {
        RnnPhoneModel m = random(PhoneSet.TIMIT_48, "lstm", 16, 2, 5);
        int S = m.stateSize(), W = PhoneSet.TIMIT_48.size() + 1;
        PhoneModel.Scratch wide = m.newScratch(), narrow = m.newScratch();
        float[] s3 = new float[3 * S], n3 = new float[3 * S], s1 = new float[S], n1 = new float[S];
        double[] lp3 = new double[3 * W], lp1 = new double[W];
        m.step(wide, 3, new int[] {48, 48, 48}, s3, n3, lp3);   // grows wide's buffers to 3 rows
        m.step(narrow, 1, new int[] {48}, s1, n1, lp1);
        m.step(wide, 3, new int[] {4, 9, 4}, n3, s3, lp3);
        m.step(narrow, 1, new int[] {9}, n1, s1, lp1);         // narrow's row equals wide's row 1
        for (int w = 0; w < W; w++) assertEquals(lp3[W + w], lp1[w], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> m.step(PhoneModel.NONE, 1, new int[] {48}, s1, n1, lp1));
        RnnPhoneModel other = random(PhoneSet.TIMIT_48, "lstm", 16, 2, 5);
        assertThrows(IllegalArgumentException.class, () -> other.step(wide, 1, new int[] {48}, s1, n1, lp1));
    }

    @Test
    void perplexityOfAHandComputableModel() {
        for (String cell : new String[] {"lstm", "rnn"}) {
            SequenceModel net = RnnPhoneModel.newNetwork(AB, carousel.model.Cell.parse(cell), 4, 1);
            for (Param p : net.params().values()) {
                p.value().zero();
            }
            Param bias = net.params().get("output.bias");
            bias.value().set(0, Math.log(0.5));
            bias.value().set(1, Math.log(0.25));
            bias.value().set(2, Math.log(0.25));
            RnnPhoneModel m = new RnnPhoneModel(net, AB);
            List<int[]> sentences = List.of(new int[] {0, 1}, new int[] {0});
            assertEquals(Math.pow(2, 8.0 / 5), m.perplexity(sentences), 1e-6);
            assertEquals(Math.log(0.5 * 0.25), m.logProb(new int[] {0}), 1e-6);
            double[] row = {0.5, 0.25, 0.25};
            PhoneBigram same = PhoneBigram.of(AB, new double[][] {row, row, row});
            assertEquals(same.perplexity(sentences), m.perplexity(sentences), 1e-6);
        }
    }

    @Test
    void savesAndLoads(@TempDir Path dir) throws Exception {
        RnnPhoneModel m = random(PhoneSet.TIMIT_48, "lstm", 8, 1, 3);
        m.save(dir, Map.of("epoch", 4L, "cell", "lstm"));
        RnnPhoneModel back = RnnPhoneModel.load(dir);
        int[] s = {1, 2, 3, 4};
        assertEquals(m.logProb(s), back.logProb(s), 1e-6);
        assertEquals(4L, ((Number) RnnPhoneModel.trainingInfo(dir).get("epoch")).longValue());
        Files.writeString(dir.resolve(RnnPhoneModel.PLM_FILE), Files.readString(dir.resolve(RnnPhoneModel.PLM_FILE)).replace("timit48", "timit99"));
        FormatException e = assertThrows(FormatException.class, () -> RnnPhoneModel.load(dir));
        assertTrue(e.getMessage().contains("unknown phone set 'timit99'"), e.getMessage());
    }

    @Test
    void rejectsNetworksThatAreNotPhoneModels() {
        SequenceModel wrongSize = new SequenceModel(ModelConfig.lstm(10, 8, 1, 0, false, 49), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RnnPhoneModel(wrongSize, PhoneSet.TIMIT_48));
        assertTrue(e.getMessage().contains("input_size = output_size = 49"), e.getMessage());
        SequenceModel proj = new SequenceModel(ModelConfig.lstm(49, 8, 1, 4, false, 49), DType.F32);
        assertThrows(IllegalArgumentException.class, () -> new RnnPhoneModel(proj, PhoneSet.TIMIT_48));
        SequenceModel bi = new SequenceModel(ModelConfig.lstm(49, 8, 1, 0, true, 49), DType.F32);
        assertThrows(IllegalArgumentException.class, () -> new RnnPhoneModel(bi, PhoneSet.TIMIT_48));
    }
}
