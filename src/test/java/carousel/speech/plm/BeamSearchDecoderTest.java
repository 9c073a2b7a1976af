package carousel.speech.plm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.corpus.PhoneSet;
import carousel.speech.decode.DecodeResult;
import carousel.speech.decode.DecoderOptions;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.PhoneBigram;
import carousel.speech.decode.ViterbiDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The beam search against the Viterbi decoder (uniform and bigram phone models, where the best paths must
 * coincide), a hand-made phone model that must overturn the acoustically best path, and the pruning.
 */
class BeamSearchDecoderTest {

    static final PhoneSet ABC = new PhoneSet("abc", List.of("a", "b", "c"));
    static final BeamOptions WIDE = new BeamOptions(1.0, 0.0, 1_000_000, Double.POSITIVE_INFINITY);

    static double[][] randomTable(Random r, int frames, int states) {
        double[][] ll = new double[frames][states];
        for (double[] row : ll) {
            for (int s = 0; s < states; s++) {
                row[s] = -3 * r.nextDouble();
            }
        }
        return ll;
    }

    static HmmTopology randomTopology(Random r, int phones, int k) {
        double[] loops = new double[phones * k];
        for (int s = 0; s < loops.length; s++) {
            loops[s] = 0.2 + 0.6 * r.nextDouble();
        }
        return HmmTopology.of(phones, k, loops);
    }

    static PhoneBigram uniformBigram(PhoneSet set) {
        int v = set.size();
        double[][] p = new double[v + 1][v + 1];
        for (double[] row : p) {
            Arrays.fill(row, 1.0 / (v + 1));
        }
        return PhoneBigram.of(set, p);
    }

    static PhoneBigram randomBigram(Random r, PhoneSet set) {
        int v = set.size();
        double[][] p = new double[v + 1][v + 1];
        for (double[] row : p) {
            double sum = 0;
            for (int w = 0; w <= v; w++) {
                row[w] = 0.05 + r.nextDouble();
                sum += row[w];
            }
            for (int w = 0; w <= v; w++) {
                row[w] /= sum;
            }
        }
        return PhoneBigram.of(set, p);
    }

    static void assertSamePath(DecodeResult viterbi, DecodeResult beam, String what) {
        assertEquals(viterbi.phones(), beam.phones(), what + ": phones and their frames");
        assertEquals(viterbi.score(), beam.score(), 1e-9, what + ": score");
        assertEquals(viterbi.reachedEnd(), beam.reachedEnd(), what);
    }

    /** The known result: with every next phone equally likely, the search is the Viterbi search with a uniform bigram. */
    @Test
    void uniformModelFindsTheViterbiPathOfAUniformBigram() {
        Random r = new Random(7);
        for (int trial = 0; trial < 12; trial++) {
            int k = trial % 2 == 0 ? 1 : 3;
            int frames = k == 1 ? 8 : 10;
            HmmTopology topo = randomTopology(r, 3, k);
            double w = trial < 6 ? 1.0 : 0.6 + r.nextDouble();
            double pen = trial < 6 ? 0.0 : -1 + 2 * r.nextDouble();
            TableDecodable d = new TableDecodable(randomTable(r, frames, 3 * k));
            DecodeResult v = new ViterbiDecoder(topo, uniformBigram(ABC),
                    new DecoderOptions(w, pen, Double.POSITIVE_INFINITY)).decode(d);
            BeamSearchDecoder beam = new BeamSearchDecoder(topo, new UniformPhoneModel(3), WIDE.withLmWeight(w).withInsertionPenalty(pen));
            assertSamePath(v, beam.decode(d), "trial " + trial + " (" + k + " states per phone)");
            assertTrue(v.phones().size() >= 1);
        }
    }

    /** A bigram phone model is searched without merging histories; the best path is still the Viterbi one. */
    @Test
    void bigramModelFindsTheViterbiPathOfTheSameBigram() {
        Random r = new Random(11);
        for (int trial = 0; trial < 8; trial++) {
            int k = trial % 2 == 0 ? 1 : 3;
            HmmTopology topo = randomTopology(r, 3, k);
            PhoneBigram bigram = randomBigram(r, ABC);
            TableDecodable d = new TableDecodable(randomTable(r, k == 1 ? 8 : 10, 3 * k));
            DecodeResult v = new ViterbiDecoder(topo, bigram, new DecoderOptions(1.3, -0.4, Double.POSITIVE_INFINITY)).decode(d);
            DecodeResult b = new BeamSearchDecoder(topo, new BigramPhoneModel(bigram), new BeamOptions(1.3, -0.4, 1_000_000, Double.POSITIVE_INFINITY)).decode(d);
            assertSamePath(v, b, "trial " + trial);
        }
    }

    /**
     * A phone model that knows one sentence, "a b a": on it, the next phone of the sentence (then
     * {@code </s>}) has probability 0.9 and each other symbol 0.1/3; off it, every symbol 1/4. The state
     * is the position along the sentence, -1 once off it. Not a bigram: after the first "a" it predicts
     * "b", after the second "</s>".
     */
    static final class SentencePrior implements PhoneModel {
        static final int[] SENTENCE = {0, 1, 0};

        @Override
        public int numPhones() {
            return 3;
        }

        @Override
        public int stateSize() {
            return 1;
        }

        @Override
        public void startState(float[] dst, int off) {
            dst[off] = 0;
        }

        @Override
        public void step(Scratch scratch, int rows, int[] inputs, float[] states, float[] next, double[] logProbs) {
            for (int b = 0; b < rows; b++) {
                int pos = (int) states[b];
                int in = inputs[b];
                int now;
                if (in == 3) {
                    now = 0; // <s>: at the start of the sentence
                } else if (pos >= 0 && pos < SENTENCE.length && SENTENCE[pos] == in) {
                    now = pos + 1;
                } else {
                    now = -1;
                }
                next[b] = now;
                for (int w = 0; w <= 3; w++) {
                    double p;
                    if (now < 0) {
                        p = 0.25;
                    } else {
                        int expected = now < SENTENCE.length ? SENTENCE[now] : 3;
                        p = w == expected ? 0.9 : 0.1 / 3;
                    }
                    logProbs[b * 4 + w] = Math.log(p);
                }
            }
        }
    }

    // a a a | c (slightly better than b) x 3 | a a a, one state per phone, self-loop 0.5
    static final double[][] ACA = {
        {-0.1, -5, -5}, {-0.1, -5, -5}, {-0.1, -5, -5},
        {-5, -1.3, -1.0}, {-5, -1.3, -1.0}, {-5, -1.3, -1.0},
        {-0.1, -5, -5}, {-0.1, -5, -5}, {-0.1, -5, -5}};

    @Test
    void thePhoneModelOverturnsAnAcousticallyBetterPath() {
        HmmTopology topo = HmmTopology.fixed(3, 1, 0.5);
        double half = Math.log(0.5);
        TableDecodable d = new TableDecodable(ACA);
        // uniform: the acoustics decide, "a c a"; every frame step and the final exit cost ln 0.5
        DecodeResult flat = new BeamSearchDecoder(topo, new UniformPhoneModel(3), WIDE).decode(d);
        assertEquals(List.of("a", "c", "a"), flat.symbols(ABC));
        assertEquals(-0.3 - 3.0 - 0.3 + 9 * half + 4 * Math.log(0.25), flat.score(), 1e-9);
        // the sentence prior: "a b a", 0.9 of acoustic log-likelihood given up for 4 ln 0.9 against ln 0.9 + ln(0.1/3) + 2 ln 0.25
        DecodeResult prior = new BeamSearchDecoder(topo, new SentencePrior(), WIDE).decode(d);
        assertEquals(List.of("a", "b", "a"), prior.symbols(ABC));
        assertEquals(3, prior.phones().get(1).startFrame());
        assertEquals(6, prior.phones().get(2).startFrame());
        assertEquals(-0.3 - 3.9 - 0.3 + 9 * half + 4 * Math.log(0.9), prior.score(), 1e-9);
        // a narrow beam keeps it: 4 hypotheses suffice here
        DecodeResult narrow = new BeamSearchDecoder(topo, new SentencePrior(), new BeamOptions(1, 0, 4, 16)).decode(d);
        assertEquals(prior.phones(), narrow.phones());
        // LM weight 0 is the acoustics alone again
        DecodeResult off = new BeamSearchDecoder(topo, new SentencePrior(), WIDE.withLmWeight(0)).decode(d);
        assertEquals(List.of("a", "c", "a"), off.symbols(ABC));
    }

    /** A model that counts its calls and rows, around another. */
    static final class Counting implements PhoneModel {
        final PhoneModel inner;
        int calls;
        long rows;
        int maxRows;

        Counting(PhoneModel inner) {
            this.inner = inner;
        }

        @Override
        public int numPhones() {
            return inner.numPhones();
        }

        @Override
        public int stateSize() {
            return inner.stateSize();
        }

        @Override
        public void startState(float[] dst, int off) {
            inner.startState(dst, off);
        }

        @Override
        public Scratch newScratch() {
            return inner.newScratch();
        }

        @Override
        public void step(Scratch scratch, int n, int[] inputs, float[] states, float[] next, double[] logProbs) {
            calls++;
            rows += n;
            maxRows = Math.max(maxRows, n);
            inner.step(scratch, n, inputs, states, next, logProbs);
        }
    }

    @Test
    void oneBatchedModelCallPerFrameAndOneRowPerHistory() {
        Random r = new Random(3);
        HmmTopology topo = randomTopology(r, 3, 3);
        TableDecodable d = new TableDecodable(randomTable(r, 20, 9));
        Counting m = new Counting(new BigramPhoneModel(randomBigram(r, ABC)));
        BeamSearchDecoder beam = new BeamSearchDecoder(topo, m, new BeamOptions(1, 0, 50, 10));
        beam.decode(d);
        BeamSearchDecoder.Stats s = beam.lastStats();
        // the root, at most one call per later frame, and one at the end
        assertTrue(m.calls <= 20 + 1, "calls " + m.calls);
        assertTrue(m.maxRows > 1, "hypotheses were batched");
        assertEquals(m.rows, s.modelRows());
        assertEquals(m.calls, s.modelCalls());
        // each history node is stepped at most once, though 3 HMM states' hypotheses share it
        assertTrue(s.modelRows() <= s.historyNodes(), s.toString());
        assertTrue(s.maxHypotheses() <= 50);
    }

    @Test
    void histogramPruningKeepsTheBestWidthHypotheses() {
        Random r = new Random(5);
        HmmTopology topo = randomTopology(r, 3, 1);
        TableDecodable d = new TableDecodable(randomTable(r, 12, 3));
        for (int width : new int[] {1, 2, 5}) {
            BeamSearchDecoder beam = new BeamSearchDecoder(topo, new UniformPhoneModel(3), new BeamOptions(1, 0, width, Double.POSITIVE_INFINITY));
            DecodeResult res = beam.decode(d);
            assertTrue(beam.lastStats().maxHypotheses() <= width);
            assertEquals(12, res.numFrames());
        }
        // width 1 is greedy: each frame keeps its best candidate, and the path's score is what that gives
        BeamSearchDecoder greedy = new BeamSearchDecoder(topo, new UniformPhoneModel(3), new BeamOptions(1, 0, 1, Double.POSITIVE_INFINITY));
        DecodeResult g = greedy.decode(d);
        DecodeResult best = new BeamSearchDecoder(topo, new UniformPhoneModel(3), WIDE).decode(d);
        assertTrue(g.score() <= best.score() + 1e-12);
    }

    @Test
    void kthLargestAgreesWithSorting() {
        Random r = new Random(9);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(40);
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextInt(8); // many ties
            }
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            int k = 1 + r.nextInt(n);
            assertEquals(sorted[n - k], carousel.speech.decode.Quickselect.kthLargest(a, n, k), "n " + n + ", k " + k);
        }
    }

    @Test
    void noFramesAndDeadFrames() {
        HmmTopology topo = HmmTopology.fixed(3, 1, 0.5);
        BeamSearchDecoder beam = new BeamSearchDecoder(topo, new SentencePrior(), WIDE);
        DecodeResult empty = beam.decode(new TableDecodable(new double[0][3], 3));
        assertEquals(0, empty.phones().size());
        assertEquals(Math.log(0.1 / 3), empty.score(), 1e-12);
        double n = Double.NEGATIVE_INFINITY;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> beam.decode(new TableDecodable(new double[][] {{-1, -1, -1}, {n, n, n}})));
        assertTrue(e.getMessage().contains("frame 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> beam.decode(new TableDecodable(new double[][] {{-1, -1}})));
        assertThrows(IllegalArgumentException.class, () -> new BeamOptions(1, 0, 0, 16));
    }
}
