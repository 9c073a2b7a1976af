package carousel.speech.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CmvnStatsTest {
    static final FeatureMatrix UTT = FeatureMatrix.of(new float[][] {{1, 2}, {3, 6}});

    @Test
    void perUtteranceByHand() {
        // mean (2, 4), variance (1, 4): x' = (x - mean) / sd.
        assertArrayEquals(new float[] {-1, -1, 1, 1}, CmvnStats.normalizeUtterance(UTT, true).data(), 1e-6f);
        assertArrayEquals(new float[] {-1, -2, 1, 2}, CmvnStats.normalizeUtterance(UTT, false).data(), 1e-6f);
        CmvnStats s = CmvnStats.of(UTT);
        assertArrayEquals(new double[] {2, 4}, s.mean(), 1e-12);
        assertArrayEquals(new double[] {1, 4}, s.variance(), 1e-12);
        assertEquals(2, s.count());
    }

    @Test
    void speakerStatisticsMergeLikeConcatenation() {
        FeatureMatrix a = FeatureMatrix.of(new float[][] {{1, 10}, {2, 20}, {3, 30}});
        FeatureMatrix b = FeatureMatrix.of(new float[][] {{7, -1}, {9, -3}});
        CmvnStats speaker = CmvnStats.of(a);
        speaker.merge(CmvnStats.of(b));
        CmvnStats all = CmvnStats.of(FeatureMatrix.of(new float[][] {{1, 10}, {2, 20}, {3, 30}, {7, -1}, {9, -3}}));
        assertEquals(5, speaker.count());
        assertArrayEquals(all.mean(), speaker.mean(), 1e-12);
        assertArrayEquals(all.variance(), speaker.variance(), 1e-12);
        // mean of column 0 = 22 / 5; applying the speaker stats to utterance b subtracts it.
        assertEquals(7 - 4.4, speaker.apply(b, false).get(0, 0), 1e-6);
    }

    @Test
    void weightedFramesAndKaldiLayout() {
        CmvnStats s = new CmvnStats(2);
        s.accumulate(new float[] {1, 2}, 1.0);
        s.accumulate(new float[] {3, 6}, 1.0);
        s.accumulate(new float[] {100, 100}, 0.0);   // zero weight: no effect
        double[][] k = s.toKaldiMatrix();
        assertArrayEquals(new double[] {4, 8, 2}, k[0], 0);
        assertArrayEquals(new double[] {10, 40, 0}, k[1], 0);
        CmvnStats back = CmvnStats.fromKaldiMatrix(k);
        assertArrayEquals(s.mean(), back.mean(), 0);
        assertArrayEquals(s.variance(), back.variance(), 0);
    }

    @Test
    void constantDimensionUsesTheVarianceFloorAsKaldiDoes() {
        FeatureMatrix m = FeatureMatrix.of(new float[][] {{5, 1}, {5, 3}});
        FeatureMatrix out = CmvnStats.normalizeUtterance(m, true);
        assertEquals(0, out.get(0, 0), 0, "x - mean = 0 exactly, whatever the scale");
        assertEquals(-1, out.get(0, 1), 1e-6);
    }

    @Test
    void misuseIsReported() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CmvnStats(3).mean());
        assertTrue(e.getMessage().contains("insufficient statistics"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> CmvnStats.normalizeUtterance(FeatureMatrix.zeros(0, 2), true));
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> new CmvnStats(3).accumulate(UTT));
        assertEquals("features have dimension 2, the statistics 3", d.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CmvnStats(2).accumulate(new float[] {1, 2}, -1));
        assertThrows(IllegalArgumentException.class, () -> CmvnStats.fromKaldiMatrix(new double[][] {{1, 2}}));
    }
}
