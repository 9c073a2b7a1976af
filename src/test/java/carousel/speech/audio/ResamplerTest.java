package carousel.speech.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    static float[] sine(double freqHz, int rateHz, int n, double amplitude) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * freqHz * i / rateHz));
        }
        return x;
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz, tone {2} Hz")
    @CsvSource({"16000, 8000, 1000", "8000, 16000, 1000", "44100, 16000, 3000", "16000, 22050, 5000",
            "48000, 16000, 440", "16000, 11025, 4000"})
    void passBandTonesSurviveExactly(int inHz, int outHz, double toneHz) {
        float[] in = sine(toneHz, inHz, inHz, 10000);   // one second
        Resampler r = new Resampler(inHz, outHz);
        float[] out = r.resample(in);
        assertEquals(outHz, out.length);
        // Away from the ends (where the signal is cut off), the output is the same tone sampled at outHz.
        double maxErr = 0;
        for (int n = outHz / 10; n < out.length - outHz / 10; n++) {
            double expected = 10000 * Math.sin(2 * Math.PI * toneHz * n / outHz);
            maxErr = Math.max(maxErr, Math.abs(out[n] - expected));
        }
        assertTrue(maxErr < 10000 * 2e-3, "max error " + maxErr + " on amplitude 10000");
    }

    @Test
    void tonesAboveTheNewNyquistAreRemoved() {
        // 16 kHz -> 8 kHz: a 6 kHz tone would alias to 2 kHz; the filter must remove it.
        float[] out = new Resampler(16000, 8000).resample(sine(6000, 16000, 16000, 10000));
        double energy = 0;
        for (int n = 800; n < out.length - 800; n++) {
            energy += out[n] * out[n];
        }
        double rms = Math.sqrt(energy / (out.length - 1600));
        assertTrue(rms < 10000 * 1e-3, "aliased tone rms " + rms + " (input rms 7071)");
    }

    @Test
    void constantSignalKeepsItsLevel() {
        float[] in = new float[4000];
        java.util.Arrays.fill(in, 1234f);
        float[] out = new Resampler(16000, 12000).resample(in);
        for (int n = 200; n < out.length - 200; n++) {
            assertEquals(1234f, out[n], 1234 * 1e-3, "sample " + n);
        }
    }

    @Test
    void lengthsAndIdentity() {
        Resampler r = new Resampler(16000, 8000);
        assertEquals(8001, r.outputLength(16001));
        assertEquals(0, r.outputLength(0));
        assertEquals(0, r.resample(new float[0]).length);
        assertEquals(147, new Resampler(16000, 44100).outputLength(53));   // ceil(53 * 441 / 160)
        float[] x = {1, 2, 3};
        float[] same = new Resampler(8000, 8000).resample(x);
        assertArrayEquals(x, same);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 8000));
        assertTrue(e.getMessage().contains("inputRateHz=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Resampler(8000, 16000, 0, 0.9));
        assertThrows(IllegalArgumentException.class, () -> new Resampler(8000, 16000, 8, 1.5));
    }

    @Test
    void waveformSampleRateCheck() throws Exception {
        Waveform w = new Waveform("utt1.wav", 8000, sine(500, 8000, 8000, 1000));
        assertSame(w, w.checkSampleRate(8000, false));
        SampleRateMismatchException e = assertThrows(SampleRateMismatchException.class,
                () -> w.checkSampleRate(16000, false));
        assertEquals("utt1.wav: sample rate is 8000 Hz but 16000 Hz is expected (resample it, or allow resampling)",
                e.getMessage());
        assertEquals(16000, e.expectedHz());
        assertEquals(8000, e.actualHz());
        Waveform up = w.checkSampleRate(16000, true);
        assertEquals(16000, up.sampleRateHz());
        assertEquals(16000, up.numSamples());
        assertEquals("utt1.wav", up.source());
        assertEquals(1.0, up.durationSeconds(), 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"8000, 16000", "44100, 16000", "48000, 16000", "16000, 16000", "22050, 8000"})
    void streamInRandomPiecesEqualsTheWholeSignal(int from, int to) {
        java.util.Random rnd = new java.util.Random(from + to);
        float[] x = new float[from / 3 + 17];
        for (int i = 0; i < x.length; i++) x[i] = (float) (1000 * Math.sin(i * 0.05) + 300 * rnd.nextGaussian());
        Resampler r = new Resampler(from, to);
        float[] whole = r.resample(x);
        Resampler.Stream s = r.stream();
        float[] joined = new float[0];
        for (int i = 0; i < x.length; ) {
            int n = Math.min(x.length - i, rnd.nextInt(900));
            float[] out = s.accept(java.util.Arrays.copyOfRange(x, i, i + n), n);
            joined = concat(joined, out);
            i += n;
        }
        joined = concat(joined, s.finish());
        assertArrayEquals(whole, joined, "the same sums over the same taps");
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
