package carousel.speech.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeltasTest {

    @Test
    void filtersForWindowTwo() {
        Deltas d = new Deltas(DeltaOptions.defaults());
        assertArrayEquals(new double[] {1}, d.filter(0), 0);
        assertArrayEquals(new double[] {-0.2, -0.1, 0, 0.1, 0.2}, d.filter(1), 1e-15);
        // [-2 -1 0 1 2] / 10 convolved with itself.
        assertArrayEquals(new double[] {0.04, 0.04, 0.01, -0.04, -0.10, -0.04, 0.01, 0.04, 0.04}, d.filter(2), 1e-15);
    }

    @Test
    void rampAndParabolaByHand() {
        // x_t = t and y_t = t^2 for t = 0..9, two columns.
        float[][] rows = new float[10][];
        for (int t = 0; t < 10; t++) {
            rows[t] = new float[] {t, t * t};
        }
        FeatureMatrix out = new Deltas(DeltaOptions.defaults()).apply(FeatureMatrix.of(rows));
        assertEquals(6, out.dim());
        for (int t = 0; t < 10; t++) {
            assertEquals(t, out.get(t, 0), 0);
            assertEquals(t * t, out.get(t, 1), 0);
        }
        for (int t = 2; t < 8; t++) {
            assertEquals(1.0, out.get(t, 2), 1e-6, "delta of a ramp");
            assertEquals(2.0 * t, out.get(t, 3), 1e-5, "delta of t^2 is 2t");
        }
        for (int t = 4; t < 6; t++) {
            assertEquals(0.0, out.get(t, 4), 1e-6, "delta-delta of a ramp");
            assertEquals(2.0, out.get(t, 5), 1e-5, "delta-delta of t^2");
        }
        // Edges clamp the input frames: at t = 0, (-2 x0 - x0 + x1 + 2 x2) / 10 = (1 + 4) / 10 for the ramp.
        assertEquals(0.5, out.get(0, 2), 1e-6);
        // At t = 9: (-2 x7 - x8 + x9 + 2 x9) / 10 = (-14 - 8 + 27) / 10.
        assertEquals(0.5, out.get(9, 2), 1e-6);
        // Delta-delta at t = 0: taps for offsets -4..4 are .04 .04 .01 -.04 -.10 -.04 .01 .04 .04, on the clamped
        // ramp frames 0 0 0 0 0 1 2 3 4: -0.04*1 + 0.01*2 + 0.04*3 + 0.04*4 = 0.26.
        assertEquals(0.26, out.get(0, 4), 1e-6);
    }

    @Test
    void orderAndWindowOptions() {
        float[][] rows = {{1}, {4}, {9}, {16}};
        FeatureMatrix m = FeatureMatrix.of(rows);
        assertArrayEquals(m.data(), new Deltas(new DeltaOptions(0, 2)).apply(m).data());
        FeatureMatrix d1 = new Deltas(new DeltaOptions(1, 1)).apply(m);
        // window 1: (x_{t+1} - x_{t-1}) / 2
        assertArrayEquals(new float[] {1, 1.5f, 4, 4, 9, 6, 16, 3.5f}, d1.data(), 1e-6f);
        assertEquals(0, new Deltas(DeltaOptions.defaults()).apply(FeatureMatrix.zeros(0, 3)).numFrames());
    }

    @Test
    void matchesTorchaudioComputeDeltas() {
        // Fixture: [fbank, compute_deltas(fbank), compute_deltas(compute_deltas(fbank))], window 2 (win_length 5).
        // Order 1 is the same filter with the same edge handling (replicate); order 2 agrees away from the edges,
        // where torchaudio clamps the intermediate deltas and Kaldi the input frames.
        FeatureFixtures.Case c = FeatureFixtures.cases("deltas").get(0);
        FeatureMatrix fixture = FeatureFixtures.matrix(c.name() + ".f32", c.numFrames(), c.dim());
        int dim = c.dim() / 3;
        float[][] base = new float[c.numFrames()][dim];
        for (int t = 0; t < c.numFrames(); t++) {
            for (int d = 0; d < dim; d++) {
                base[t][d] = fixture.get(t, d);
            }
        }
        FeatureMatrix ours = new Deltas(DeltaOptions.defaults()).apply(FeatureMatrix.of(base));
        double maxDelta = 0;
        double maxDeltaDelta = 0;
        int edgeDifferences = 0;
        for (int t = 0; t < c.numFrames(); t++) {
            for (int d = 0; d < dim; d++) {
                maxDelta = Math.max(maxDelta, Math.abs(ours.get(t, dim + d) - fixture.get(t, dim + d)));
                double dd = Math.abs(ours.get(t, 2 * dim + d) - fixture.get(t, 2 * dim + d));
                if (t >= 4 && t < c.numFrames() - 4) {
                    maxDeltaDelta = Math.max(maxDeltaDelta, dd);
                } else if (dd > 1e-3) {
                    edgeDifferences++;
                }
            }
        }
        assertTrue(maxDelta < 1e-5, "deltas differ from torchaudio by " + maxDelta);
        assertTrue(maxDeltaDelta < 1e-5, "interior delta-deltas differ from torchaudio by " + maxDeltaDelta);
        assertTrue(edgeDifferences > 0, "the edge treatments should differ somewhere (else this test is vacuous)");
    }
}
