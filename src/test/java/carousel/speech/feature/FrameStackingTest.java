package carousel.speech.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FrameStackingTest {
    static final FeatureMatrix THREE = FeatureMatrix.of(new float[][] {{1, 10}, {2, 20}, {3, 30}});

    @Test
    void stackRepeatsEdgeFrames() {
        FeatureMatrix s = FrameStacking.stack(THREE, 1, 2);
        assertEquals(8, s.dim());
        assertArrayEquals(new float[] {1, 10, 1, 10, 2, 20, 3, 30}, s.row(0));
        assertArrayEquals(new float[] {1, 10, 2, 20, 3, 30, 3, 30}, s.row(1));
        assertArrayEquals(new float[] {2, 20, 3, 30, 3, 30, 3, 30}, s.row(2));
        assertArrayEquals(THREE.data(), FrameStacking.stack(THREE, 0, 0).data());
    }

    @Test
    void skipKeepsEveryNthFrame() {
        float[][] seven = new float[7][];
        for (int t = 0; t < 7; t++) {
            seven[t] = new float[] {t};
        }
        FeatureMatrix m = FeatureMatrix.of(seven);
        assertArrayEquals(new float[] {0, 3, 6}, FrameStacking.skip(m, 3).data());
        assertArrayEquals(new float[] {1, 4}, FrameStacking.skip(m, 3, 1).data());
        assertArrayEquals(new float[] {2, 5}, FrameStacking.skip(m, 3, 2).data());
        assertEquals(0, FrameStacking.skip(m, 3, 7).numFrames());
        assertArrayEquals(m.data(), FrameStacking.skip(m, 1).data());
    }

    @Test
    void lowFrameRateStackThenSkip() {
        // As in Sak et al. 2015: stack 8 frames (here 3 left, the frame, 4 right), then keep every 3rd.
        FeatureMatrix out = FrameStacking.skip(FrameStacking.stack(THREE, 3, 4), 3);
        assertEquals(1, out.numFrames());
        assertEquals(16, out.dim());
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> FrameStacking.stack(THREE, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> FrameStacking.skip(THREE, 0));
        assertThrows(IllegalArgumentException.class, () -> FrameStacking.skip(THREE, 2, -1));
    }
}
