package carousel.speech.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaultsAreKaldisExceptDither() {
        FbankOptions f = FbankOptions.defaults();
        FrameOptions fr = f.frame();
        assertEquals(16000, fr.sampleFrequencyHz());
        assertEquals(25, fr.frameLengthMs());
        assertEquals(10, fr.frameShiftMs());
        assertEquals(0.0, fr.dither());
        assertEquals(0.97, fr.preemphasisCoefficient());
        assertEquals(WindowType.POVEY, fr.windowType());
        assertTrue(fr.removeDcOffset() && fr.roundToPowerOfTwo() && fr.snipEdges());
        assertEquals(new MelOptions(23, 20, 0), f.mel());
        assertFalse(f.useEnergy());
        assertTrue(f.useLogFbank() && f.usePower() && f.rawEnergy());
        assertEquals(23, f.dim());
        MfccOptions m = MfccOptions.defaults();
        assertEquals(13, m.numCeps());
        assertEquals(23, m.mel().numBins());
        assertEquals(22.0, m.cepstralLifter());
        assertTrue(m.useEnergy());
        assertEquals(0.0, m.energyFloor());
        assertEquals(400, fr.windowSizeSamples());
        assertEquals(160, fr.windowShiftSamples());
        assertEquals(512, fr.paddedWindowSizeSamples());
    }

    @Test
    void frameCountsFollowKaldi() {
        FrameOptions snip = FrameOptions.defaults();
        assertEquals(98, snip.numFrames(16000));   // 1 + (16000 - 400) / 160
        assertEquals(0, snip.numFrames(399));
        assertEquals(1, snip.numFrames(400));
        assertEquals(1, snip.numFrames(559));
        assertEquals(2, snip.numFrames(560));
        FrameOptions noSnip = FbankOptions.parse("--snip-edges=false").frame();
        assertEquals(100, noSnip.numFrames(16000));   // (16000 + 80) / 160
        assertEquals(0, noSnip.numFrames(79));
        assertEquals(1, noSnip.numFrames(80));
        assertEquals(-120, noSnip.firstSampleOfFrame(0));   // 0 + 80 - 200
        assertEquals(40, noSnip.firstSampleOfFrame(1));
        assertEquals(200, FbankOptions.parse("--sample-frequency=8000").frame().windowSizeSamples());
        assertEquals(400, FbankOptions.parse("--round-to-power-of-two=false").frame().paddedWindowSizeSamples());
    }

    @Test
    void parsesKaldiOptionStrings() {
        FbankOptions f = FbankOptions.parse("--num-mel-bins=40", "--snip_edges=false", "--window-type=hamming",
                "--use-energy", "--low-freq=64", "--high-freq=-400", "--dither=1", "--frame-shift=5");
        assertEquals(40, f.mel().numBins());
        assertFalse(f.frame().snipEdges());
        assertEquals(WindowType.HAMMING, f.frame().windowType());
        assertTrue(f.useEnergy());
        assertEquals(7600, f.mel().effectiveHighFreqHz(16000));
        assertEquals(1.0, f.frame().dither());
        assertEquals(41, f.dim());
        assertEquals(80, f.frame().windowShiftSamples());
        MfccOptions m = MfccOptions.parse(List.of("--num-ceps=20", "--num-mel-bins=40", "--cepstral-lifter=0",
                "--use-energy=false", "--num-ceps=21"));
        assertEquals(21, m.numCeps(), "the last value wins, as in Kaldi");
        assertEquals(0.0, m.cepstralLifter());
        assertFalse(m.useEnergy());
    }

    @Test
    void kaldiArgsRoundTripAndWith() {
        FbankOptions f = FbankOptions.parse("--num-mel-bins=40", "--window-type=blackman", "--use-power=false");
        assertEquals(f, FbankOptions.parse(f.toKaldiArgs()));
        MfccOptions m = MfccOptions.defaults().with("--num-ceps=20", "--num-mel-bins=30", "--snip-edges=false");
        assertEquals(m, MfccOptions.parse(m.toKaldiArgs()));
        assertEquals(20, m.numCeps());
        assertFalse(m.frame().snipEdges());
        assertEquals(22.0, m.cepstralLifter());
        assertEquals(new DeltaOptions(1, 3), DeltaOptions.parse("--delta-order=1", "--delta-window=3"));
    }

    @Test
    void badOptionsGiveMessagesThatSayWhat() {
        assertMessage(() -> FbankOptions.parse("--num-mel-bin=40"), "compute-fbank-feats: unknown option --num-mel-bin;",
                "--num-mel-bins");
        assertMessage(() -> FbankOptions.parse("--num-mel-bins=forty"), "--num-mel-bins: 'forty' is not an integer");
        assertMessage(() -> FbankOptions.parse("--snip-edges=maybe"), "--snip-edges: 'maybe' is not a boolean");
        assertMessage(() -> FbankOptions.parse("--frame-length"), "--frame-length needs a value");
        assertMessage(() -> FbankOptions.parse("num-mel-bins=40"), "expected an option of the form --name=value");
        assertMessage(() -> FbankOptions.parse("--window-type=kaiser"), "unknown window 'kaiser'");
        assertMessage(() -> FbankOptions.parse("--num-mel-bins=2"), "--num-mel-bins must be at least 3");
        assertMessage(() -> FbankOptions.parse("--low-freq=9000"), "must satisfy 0 <= low < high <= Nyquist = 8000.0 Hz");
        assertMessage(() -> FbankOptions.parse("--high-freq=9000"), "Nyquist");
        assertMessage(() -> FbankOptions.parse("--preemphasis-coefficient=1.5"), "--preemphasis-coefficient must be in [0, 1]");
        assertMessage(() -> FbankOptions.parse("--frame-length=0.1"), "less than two samples");
        assertMessage(() -> FbankOptions.parse("--frame-shift=0.01"), "less than one sample");
        assertMessage(() -> FbankOptions.parse("--dither=-1"), "--dither must be");
        assertMessage(() -> FbankOptions.parse("--frame-length=1000000000"),
                "--frame-shift and --frame-length must be at most 1000.0 ms, got 10.0 and 1.0E9 ms");
        assertMessage(() -> FbankOptions.parse("--sample-frequency=1e12"), "--sample-frequency=1.0E12 exceeds the limit of 384000.0 Hz");
        assertMessage(() -> FbankOptions.parse("--num-mel-bins=100000"), "--num-mel-bins=100000 exceeds the limit of 1024");
        assertMessage(() -> FbankOptions.parse("--energy-floor=-1"), "--energy-floor must be >= 0");
        assertMessage(() -> FbankOptions.parse("--round-to-power-of-two=false", "--frame-length=25.0625"),
                "must have an even length");
        assertMessage(() -> MfccOptions.parse("--num-ceps=24"), "--num-ceps must be in [1, --num-mel-bins=23]");
        assertMessage(() -> MfccOptions.parse("--cepstral-lifter=-1"), "--cepstral-lifter must be >= 0");
        assertMessage(() -> MfccOptions.parse("--use-log-fbank=false"), "compute-mfcc-feats: unknown option --use-log-fbank");
        assertMessage(() -> DeltaOptions.parse("--delta-window=0"), "--delta-window must be in [1, 1000]");
        assertMessage(() -> new Fbank(FbankOptions.parse("--num-mel-bins=200")), "covers no FFT bin");
    }

    static void assertMessage(Runnable r, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }
}
