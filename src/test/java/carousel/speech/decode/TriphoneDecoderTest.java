package carousel.speech.decode;

import carousel.speech.corpus.PhoneSet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TriphoneDecoderTest {
    static final PhoneSet ABCD = new PhoneSet("abcd", List.of("a", "b", "c", "d"));

    static Decodable table(double[][] ll) {
        return new Decodable() {
            @Override public int numFrames() { return ll.length; }
            @Override public int numIndices() { return ll[0].length; }
            @Override public double logLikelihood(int f, int i) { return ll[f][i]; }
        };
    }

    @Test
    void withContextIndependentStatesItFindsTheViterbiDecodersPath() {
        for (long seed = 1; seed <= 5; seed++) {
            Random r = new Random(seed);
            int K = 3, P = 4, T = 40;
            List<int[]> transcripts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int[] t = new int[3 + r.nextInt(4)];
                for (int j = 0; j < t.length; j++) t[j] = r.nextInt(P);
                transcripts.add(t);
            }
            PhoneBigram lm = PhoneBigram.estimate(ABCD, transcripts);
            double[] loops = new double[P * K];
            for (int s = 0; s < loops.length; s++) loops[s] = 0.2 + 0.6 * r.nextDouble();
            double[][] ll = new double[T][P * K];
            for (double[] row : ll) for (int s = 0; s < row.length; s++) row[s] = -3 * r.nextDouble();
            DecoderOptions o = new DecoderOptions(1.0, -0.5, 1000);
            DecodeResult ci = new ViterbiDecoder(HmmTopology.of(P, K, loops), lm, o).decode(table(ll));
            DecodeResult cd = new TriphoneDecoder(K, (left, p, right, k) -> p * K + k, loops, lm, o).decode(table(ll));
            assertEquals(ci.score(), cd.score(), 1e-9, "seed " + seed);
            assertArrayEquals(ci.phoneIndices(), cd.phoneIndices(), "seed " + seed);
            for (int i = 0; i < ci.phones().size(); i++) assertEquals(ci.phones().get(i).startFrame(), cd.phones().get(i).startFrame());
        }
    }

    @Test
    void eachFrameIsScoredByTheStateOfItsActualContext() {
        // 2 phones, 1 state: index 0 = a anywhere, 1 = b after a, 2 = b elsewhere
        PhoneSet ab = new PhoneSet("ab", List.of("a", "b"));
        PhoneBigram lm = PhoneBigram.estimate(ab, List.of(new int[]{0, 1}, new int[]{1}, new int[]{0}));
        TriphoneDecoder.StateMap map = (left, p, right, k) -> p == 0 ? 0 : left == 0 ? 1 : 2;
        double[] loops = {0.8, 0.8, 0.8};
        DecoderOptions o = new DecoderOptions(1.0, 0, 1000);
        double[][] ll = new double[10][3];
        for (int t = 0; t < 10; t++) ll[t] = t < 5 ? new double[]{0, -9, -9} : new double[]{-9, 0, -9};
        assertArrayEquals(new int[]{0, 1}, new TriphoneDecoder(1, map, loops, lm, o).decode(table(ll)).phoneIndices());
        // b after a now sounds wrong: the frames fit only "b elsewhere", so b cannot follow a
        for (int t = 0; t < 10; t++) ll[t] = t < 5 ? new double[]{0, -1e9, -9} : new double[]{-9, -1e9, 0};
        int[] got = new TriphoneDecoder(1, map, loops, lm, o).decode(table(ll)).phoneIndices();
        for (int i = 1; i < got.length; i++) assertFalse(got[i - 1] == 0 && got[i] == 1, java.util.Arrays.toString(got));
        // while the context-independent view (b = the better of its states) would take "a b"
        double[][] ci = new double[10][2];
        for (int t = 0; t < 10; t++) ci[t] = new double[]{ll[t][0], Math.max(ll[t][1], ll[t][2])};
        assertArrayEquals(new int[]{0, 1}, new ViterbiDecoder(HmmTopology.fixed(2, 1, 0.8), lm, o).decode(table(ci)).phoneIndices());
    }

    @Test
    void refusesAMapOutsideTheIndices() {
        PhoneBigram lm = PhoneBigram.estimate(ABCD, List.of(new int[]{0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new TriphoneDecoder(1, (l, p, r, k) -> p == 3 && r == 4 ? 7 : p, new double[]{0.5, 0.5, 0.5, 0.5}, lm, DecoderOptions.DEFAULT));
    }
}
