package carousel.speech.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.corpus.PhoneSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed best paths, the effect of LM weight, insertion penalty and beam, and agreement with an
 * exhaustive search over every state path on random small problems.
 */
class ViterbiDecoderTest {

    static final PhoneSet AB = new PhoneSet("ab", List.of("a", "b"));
    static final double L3 = Math.log(1.0 / 3);
    static final double LHALF = Math.log(0.5);

    /** Every bigram (and start, end) 1/3: only the number of phones matters to the LM. */
    static PhoneBigram uniformAb() {
        double t = 1.0 / 3;
        return PhoneBigram.of(AB, new double[][] {{t, t, t}, {t, t, t}, {t, t, t}});
    }

    static ViterbiDecoder decoder(DecoderOptions o) {
        return new ViterbiDecoder(HmmTopology.fixed(2, 1, 0.5), uniformAb(), o);
    }

    // One state per phone, self-loop = exit = 0.5, so every frame step costs ln 0.5 whatever the path:
    // score = acoustics + 3 ln 0.5 + lmWeight * (#phones + 1) ln(1/3) + penalty * #phones.
    // Best one-phone path "b": acoustics -3 -1 -1 = -5; best two-phone path "a b" (switch after frame 0): -3.
    static final double[][] FLIP = {{-1, -3}, {-3, -1}, {-3, -1}};

    @Test
    void handComputedBestPath() {
        DecodeResult r = decoder(DecoderOptions.DEFAULT).decode(new MatrixDecodable(FLIP));
        // "a b": -3 + 3 ln .5 + 3 ln(1/3) = -8.3753 beats "b": -5 + 3 ln .5 + 2 ln(1/3) = -9.2766
        assertEquals(List.of(new DecodedPhone(0, 0, 1), new DecodedPhone(1, 1, 3)), r.phones());
        assertEquals(-3 + 3 * LHALF + 3 * L3, r.score(), 1e-12);
        assertTrue(r.reachedEnd());
        assertEquals(List.of("a", "b"), r.symbols(AB));
    }

    @Test
    void insertionPenaltyFlipsTheAnswer() {
        // penalty -1: "a b" = -3 + 3L - 2 = -8.296 < "b" = -5 + 2L - 1 = -8.197 (L = ln 1/3)
        DecodeResult r = decoder(DecoderOptions.DEFAULT.withPhoneInsertionPenalty(-1)).decode(new MatrixDecodable(FLIP));
        assertEquals(List.of(new DecodedPhone(1, 0, 3)), r.phones());
        assertEquals(-5 + 3 * LHALF + 2 * L3 - 1, r.score(), 1e-12);
        // the answer flips at penalty = -(2 + L) = -0.9014: at -0.9, "a b" = -3 + 3L - 1.8 = -8.0958 still beats
        // "b" = -5 + 2L - 0.9 = -8.0972
        r = decoder(DecoderOptions.DEFAULT.withPhoneInsertionPenalty(-0.9)).decode(new MatrixDecodable(FLIP));
        assertArrayEquals(new int[] {0, 1}, r.phoneIndices());
    }

    @Test
    void lmWeightFlipsTheAnswer() {
        // lmWeight 2: "a b" = -3 + 6L = -9.592 < "b" = -5 + 4L = -9.394 (each plus 3 ln .5)
        DecodeResult r = decoder(DecoderOptions.DEFAULT.withLmWeight(2)).decode(new MatrixDecodable(FLIP));
        assertArrayEquals(new int[] {1}, r.phoneIndices());
        assertEquals(-5 + 3 * LHALF + 4 * L3, r.score(), 1e-12);
    }

    // Penalty -10 makes a phone change cost ln(1/3) - 10. "b" alone: -1 + 0 + 0 = -1 acoustics, the best path;
    // but after frame 0 its token is 1 below the "a" token.
    static final double[][] GARDEN_PATH = {{0, -1}, {-5, 0}, {-5, 0}};

    @Test
    void aTinyBeamLosesTheBestPathAWideOneKeepsIt() {
        DecoderOptions o = DecoderOptions.DEFAULT.withPhoneInsertionPenalty(-10);
        DecodeResult exact = decoder(o.withBeam(Double.POSITIVE_INFINITY)).decode(new MatrixDecodable(GARDEN_PATH));
        assertArrayEquals(new int[] {1}, exact.phoneIndices());
        assertEquals(-1 + 3 * LHALF + 2 * L3 - 10, exact.score(), 1e-12);

        // beam 2: b is 1 below a at frame 0 and kept; at frame 1 a falls 5 below b and is dropped
        DecodeResult wide = decoder(o.withBeam(2)).decode(new MatrixDecodable(GARDEN_PATH));
        assertEquals(exact, wide);

        // beam 0.5: b is dropped at frame 0; re-entering b later costs ln(1/3) - 10 more than staying in a,
        // far outside the beam, so the answer is "a": -10 acoustics
        DecodeResult tiny = decoder(o.withBeam(0.5)).decode(new MatrixDecodable(GARDEN_PATH));
        assertArrayEquals(new int[] {0}, tiny.phoneIndices());
        assertEquals(-10 + 3 * LHALF + 2 * L3 - 10, tiny.score(), 1e-12);
    }

    @Test
    void threeStatePhonesTakeAtLeastThreeFrames() {
        // 2 phones x 3 states; frames 0-2 favour phone a's states 0,1,2, frames 3-5 phone b's.
        double[][] ll = new double[6][6];
        for (double[] row : ll) {
            Arrays.fill(row, -4);
        }
        for (int t = 0; t < 3; t++) {
            ll[t][t] = 0;
            ll[t + 3][3 + t] = 0;
        }
        ViterbiDecoder d = new ViterbiDecoder(HmmTopology.fixed(2, 3, 0.5), uniformAb(), DecoderOptions.DEFAULT);
        DecodeResult r = d.decode(new MatrixDecodable(ll));
        assertEquals(List.of(new DecodedPhone(0, 0, 3), new DecodedPhone(1, 3, 6)), r.phones());
        // 6 frame steps of ln .5 (2 forwards + exit, twice), 3 LM terms, acoustics 0
        assertEquals(6 * LHALF + 3 * L3, r.score(), 1e-12);

        // two frames cannot finish a 3-state phone: the best partial path is returned, flagged
        DecodeResult partial = d.decode(new MatrixDecodable(Arrays.copyOf(ll, 2)));
        assertFalse(partial.reachedEnd());
        assertEquals(List.of(new DecodedPhone(0, 0, 2)), partial.phones());
        assertEquals(LHALF + L3, partial.score(), 1e-12);
    }

    @Test
    void noFramesIsTheEmptySentence() {
        MatrixDecodable none = new MatrixDecodable(new double[][] {{0, 0}});
        none.visible = 0;
        DecodeResult r = decoder(DecoderOptions.DEFAULT).decode(none);
        assertEquals(List.of(), r.phones());
        assertEquals(L3, r.score(), 1e-12);
    }

    @Test
    void deadSearchAndWrongSizesAreErrors() {
        double inf = Double.NEGATIVE_INFINITY;
        var e = assertThrows(IllegalStateException.class,
                () -> decoder(DecoderOptions.DEFAULT).decode(new MatrixDecodable(new double[][] {{0, 0}, {inf, inf}})));
        assertTrue(e.getMessage().contains("frame 1"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> decoder(DecoderOptions.DEFAULT).decode(new MatrixDecodable(new double[][] {{0, 0, 0}})));
        assertTrue(e2.getMessage().contains("3 indices"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DecoderOptions(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DecoderOptions(-1, 0, 10));
    }

    @Test
    void streamingGivesTheSameAnswerAsWholeUtterance() {
        Random rnd = new Random(7);
        PhoneSet abc = new PhoneSet("abc", List.of("a", "b", "c"));
        PhoneBigram lm = PhoneBigram.estimate(abc, List.of(new int[] {0, 1, 2}, new int[] {2, 2, 0}, new int[] {1}));
        ViterbiDecoder d = new ViterbiDecoder(HmmTopology.fixed(3, 3, 0.6), lm, DecoderOptions.DEFAULT.withBeam(8));
        double[][] ll = randomLl(rnd, 40, 9);
        DecodeResult whole = d.decode(new MatrixDecodable(ll));
        MatrixDecodable growing = new MatrixDecodable(ll);
        growing.visible = 0;
        ViterbiDecoder.Search s = d.newSearch();
        for (int t = 0; t < ll.length; t++) {
            growing.visible = t + 1;
            s.acceptFrame(growing, t);
            if (t == 19) {
                assertEquals(d.decode(new MatrixDecodable(Arrays.copyOf(ll, 20))), s.finish());
            }
            assertTrue(s.numRecords() <= 3 * (t + 1));
        }
        assertEquals(whole, s.finish());
        s.reset();
        s.advance(new MatrixDecodable(ll));
        assertEquals(whole, s.finish());
        assertThrows(IllegalArgumentException.class, () -> d.newSearch().acceptFrame(growing, 1));
    }

    static double[][] randomLl(Random rnd, int frames, int states) {
        double[][] ll = new double[frames][states];
        for (double[] row : ll) {
            for (int s = 0; s < states; s++) {
                row[s] = -5 * rnd.nextDouble();
            }
        }
        return ll;
    }

    @Test
    void matchesExhaustiveSearchOnRandomProblems() {
        Random rnd = new Random(2024);
        PhoneSet abc = new PhoneSet("abc", List.of("a", "b", "c"));
        for (int trial = 0; trial < 60; trial++) {
            int k = trial % 2 == 0 ? 1 : 3;
            int frames = k == 1 ? 1 + rnd.nextInt(6) : 3 + rnd.nextInt(3);
            List<int[]> transcripts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int[] t = new int[rnd.nextInt(4)];
                for (int j = 0; j < t.length; j++) {
                    t[j] = rnd.nextInt(3);
                }
                transcripts.add(t);
            }
            PhoneBigram lm = PhoneBigram.estimate(abc, transcripts);
            double[] self = new double[3 * k];
            for (int s = 0; s < self.length; s++) {
                self[s] = 0.1 + 0.8 * rnd.nextDouble();
            }
            HmmTopology topo = HmmTopology.of(3, k, self);
            DecoderOptions o = new DecoderOptions(0.5 + 2 * rnd.nextDouble(), -2 + 3 * rnd.nextDouble(), Double.POSITIVE_INFINITY);
            double[][] ll = randomLl(rnd, frames, 3 * k);
            DecodeResult r = new ViterbiDecoder(topo, lm, o).decode(new MatrixDecodable(ll));
            Best ref = new Best();
            for (int q = 0; q < 3; q++) {
                List<DecodedPhone> path = new ArrayList<>(List.of(new DecodedPhone(q, 0, 1)));
                search(topo, lm, o, ll, 0, q * k, o.lmWeight() * lm.logProbStart(q) + o.phoneInsertionPenalty() + ll[0][q * k],
                        path, ref);
            }
            assertEquals(ref.score, r.score(), 1e-9, "trial " + trial);
            assertEquals(ref.path, r.phones(), "trial " + trial);
        }
    }

    static final class Best {
        double score = Double.NEGATIVE_INFINITY;
        List<DecodedPhone> path;
    }

    /** Every continuation of a path in {@code state} at {@code frame} (the path's last phone ends at frame + 1). */
    static void search(HmmTopology topo, PhoneBigram lm, DecoderOptions o, double[][] ll, int frame, int state,
                       double score, List<DecodedPhone> path, Best best) {
        int k = topo.statesPerPhone();
        int p = state / k;
        boolean last = state % k == k - 1;
        if (frame == ll.length - 1) {
            if (last) {
                double end = score + topo.logForward(state) + o.lmWeight() * lm.logProbEnd(p);
                if (end > best.score) {
                    best.score = end;
                    best.path = List.copyOf(path);
                }
            }
            return;
        }
        int t = frame + 1;
        DecodedPhone cur = path.getLast();
        List<DecodedPhone> extended = new ArrayList<>(path);
        extended.set(extended.size() - 1, new DecodedPhone(p, cur.startFrame(), t + 1));
        search(topo, lm, o, ll, t, state, score + topo.logSelfLoop(state) + ll[t][state], extended, best);
        if (!last) {
            search(topo, lm, o, ll, t, state + 1, score + topo.logForward(state) + ll[t][state + 1], extended, best);
        } else {
            for (int q = 0; q < topo.numPhones(); q++) {
                List<DecodedPhone> next = new ArrayList<>(path);
                next.add(new DecodedPhone(q, t, t + 1));
                search(topo, lm, o, ll, t, q * k, score + topo.logForward(state) + o.lmWeight() * lm.logProb(p, q)
                        + o.phoneInsertionPenalty() + ll[t][q * k], next, best);
            }
        }
    }
}
