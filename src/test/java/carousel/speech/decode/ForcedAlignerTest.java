package carousel.speech.decode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Forced alignment against clear frames (known times) and against brute force over every choice of optional silence. */
class ForcedAlignerTest {
    private static final int SIL = 0, A = 1, B = 2, C = 3;

    private static Decodable matrix(double[][] ll) {
        return new Decodable() {
            @Override public int numFrames() { return ll.length; }
            @Override public int numIndices() { return ll[0].length; }
            @Override public double logLikelihood(int frame, int index) { return ll[frame][index]; }
        };
    }

    @Test
    void clearFramesGiveTheirTimes() {
        HmmTopology topo = HmmTopology.fixed(4, 1, 0.6);
        int[] phones = {SIL, A, A, B, B, B, SIL, C, A, A, SIL, SIL};
        double[][] ll = new double[phones.length][4];
        for (int t = 0; t < ll.length; t++) for (int p = 0; p < 4; p++) ll[t][p] = p == phones[t] ? 0 : -6;
        ForcedAligner.Alignment a = new ForcedAligner(topo, SIL).align(matrix(ll), List.of(new int[]{A, B}, new int[]{C, A}));
        int[][] words = a.wordFrames(2);
        assertArrayEquals(new int[]{1, 6}, words[0]);
        assertArrayEquals(new int[]{7, 10}, words[1]);
        assertEquals(7, a.phones().size());   // sil a b sil c a sil
        assertEquals(0, a.phones().get(0).startFrame());
        assertEquals(phones.length, a.phones().get(a.phones().size() - 1).endFrame());
    }

    @Test
    void bestScoreEqualsBruteForceOverOptionalSilences() {
        Random rnd = new Random(4);
        for (int k : new int[]{1, 3}) {
            HmmTopology topo = HmmTopology.fixed(4, k, 0.5 + 0.4 * rnd.nextDouble());
            for (int trial = 0; trial < 10; trial++) {
                List<int[]> words = List.of(new int[]{A, B}, new int[]{C}, new int[]{B, A});
                double[][] ll = new double[5 * k + rnd.nextInt(8)][4 * k];
                for (double[] row : ll) for (int i = 0; i < row.length; i++) row[i] = -4 * rnd.nextDouble();
                ForcedAligner.Alignment a = new ForcedAligner(topo, SIL).align(matrix(ll), words);
                double best = Double.NEGATIVE_INFINITY;
                for (int mask = 0; mask < 16; mask++) {   // silence before word i (i = 3: after the last)
                    List<Integer> chain = new ArrayList<>();
                    for (int i = 0; i <= 3; i++) {
                        if ((mask >> i & 1) == 1) chain.add(SIL);
                        if (i < 3) for (int p : words.get(i)) chain.add(p);
                    }
                    best = Math.max(best, BruteForce.align(topo, ll, chain));
                }
                assertEquals(best, a.score(), 1e-9, "K=" + k + " trial " + trial);
                int covered = 0;
                for (ForcedAligner.Segment s : a.phones()) {
                    assertEquals(covered, s.startFrame());
                    assertTrue(s.endFrame() - s.startFrame() >= k);
                    covered = s.endFrame();
                }
                assertEquals(ll.length, covered);
            }
        }
    }

    @Test
    void tooFewFramesAreRefused() {
        HmmTopology topo = HmmTopology.fixed(4, 3, 0.5);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ForcedAligner(topo, SIL).align(matrix(new double[5][12]), List.of(new int[]{A, B})));
        assertTrue(e.getMessage().contains("5 frames are too few for the 6 HMM states"), e.getMessage());
    }
}
