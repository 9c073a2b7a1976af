package carousel.speech.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FrameGeometryTest {

    @Test
    void kaldiDefaultsAt16k() {
        FrameGeometry g = FrameGeometry.KALDI_16K;
        assertEquals(400, g.windowSamples());
        assertEquals(160, g.shiftSamples());
        assertEquals(0, g.numFrames(0));
        assertEquals(0, g.numFrames(399));
        assertEquals(1, g.numFrames(400));
        assertEquals(1, g.numFrames(559));
        assertEquals(2, g.numFrames(560));
        assertEquals(290, g.numFrames(46797)); // 1 + (46797 - 400) / 160 = 1 + floor(289.98)
        assertEquals(200, g.centreSample(0));
        assertEquals(360, g.centreSample(1));
    }

    @Test
    void otherRatesTruncateLikeKaldi() {
        FrameGeometry g8 = new FrameGeometry(25, 10, 8000);
        assertEquals(200, g8.windowSamples());
        assertEquals(80, g8.shiftSamples());
        FrameGeometry g44 = new FrameGeometry(25, 10, 44100);
        assertEquals(1102, g44.windowSamples()); // 1102.5 truncated, as (int32)(samp_freq * 0.001 * ms)
        assertEquals(441, g44.shiftSamples());
        assertEquals(2, g44.numFrames(1102 + 441));
        assertEquals(1, g44.numFrames(1102 + 440));
    }

    @Test
    void invalidGeometriesAreRejected() {
        assertEquals("frameShiftMs must be a positive number, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new FrameGeometry(25, 0, 16000)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FrameGeometry(Double.NaN, 10, 16000));
        assertThrows(IllegalArgumentException.class, () -> new FrameGeometry(25, 10, 0));
        assertEquals("frameShiftMs 0.01 is less than one sample at 16000 Hz",
                assertThrows(IllegalArgumentException.class, () -> new FrameGeometry(25, 0.01, 16000)).getMessage());
    }
}
