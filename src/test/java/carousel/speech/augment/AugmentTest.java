package carousel.speech.augment;

import carousel.speech.audio.Waveform;
import carousel.speech.corpus.PhoneAlignment;
import carousel.speech.corpus.PhoneSegment;
import carousel.speech.feature.FeatureMatrix;
import carousel.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentTest {
    static final int RATE = 16000;

    /** A speech-like test signal: a few tones under a slow envelope, with pauses. */
    static float[] speechLike(int n, long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[n];
        double f1 = 200 + 300 * r.nextDouble(), f2 = 900 + 1500 * r.nextDouble();
        for (int i = 0; i < n; i++) {
            double env = Math.max(0, Math.sin(2 * Math.PI * 3 * i / RATE));
            x[i] = (float) (env * (0.5 * Math.sin(2 * Math.PI * f1 * i / RATE) + 0.2 * Math.sin(2 * Math.PI * f2 * i / RATE)) + 0.001 * r.gaussian());
        }
        return x;
    }

    @ParameterizedTest(name = "{0} at {1} dB")
    @CsvSource({"WHITE, 0", "PINK, 10", "BROWN, 20", "WHITE, -5", "BABBLE, 5", "BABBLE, 15"})
    void theSnrAchievedIsTheOneAsked(NoiseKind kind, double snr) {
        float[] s = speechLike(RATE * 2, 1);
        double[] noise = kind == NoiseKind.BABBLE
                ? AdditiveNoise.babbleTrack(List.of(speechLike(RATE, 2), speechLike(RATE * 3 / 2, 3), speechLike(RATE / 2, 4)), 4, RATE * 5, new Rng(5))
                : AdditiveNoise.coloured(kind, s.length, new Rng(6));
        float[] y = AdditiveNoise.mix(s, noise, 1234, snr);
        assertEquals(snr, AdditiveNoise.snrDb(s, y), 1e-3);
    }

    @Test
    void colouredNoiseHasItsSlope() {
        // the power per octave of 1/f^β noise changes by 2^(1−β) from one octave to the next: 2 (white), 1 (pink), 1/2 (brown)
        for (NoiseKind k : List.of(NoiseKind.WHITE, NoiseKind.PINK, NoiseKind.BROWN)) {
            double[] n = AdditiveNoise.coloured(k, 1 << 14, new Rng(7));
            double low = bandPower(n, 512, 1024), high = bandPower(n, 1024, 2048);
            assertEquals(Math.pow(2, 1 - k.beta), high / low, 0.15 * Math.pow(2, 1 - k.beta), k + " octave ratio");
        }
    }

    /** Power of x between two bins of its DFT (a plain DFT, slow but exact). */
    static double bandPower(double[] x, int from, int to) {
        int n = x.length;
        double p = 0;
        for (int k = from; k < to; k++) {
            double re = 0, im = 0;
            for (int i = 0; i < n; i++) { double a = 2 * Math.PI * (long) k * i / n; re += x[i] * Math.cos(a); im -= x[i] * Math.sin(a); }
            p += re * re + im * im;
        }
        return p;
    }

    @Test
    void fftConvolutionEqualsTheDirectSum() {
        Rng r = new Rng(3);
        for (int[] sizes : new int[][]{{1, 1}, {5, 3}, {100, 37}, {1000, 513}}) {
            double[] x = new double[sizes[0]], h = new double[sizes[1]];
            for (int i = 0; i < x.length; i++) x[i] = r.gaussian();
            for (int i = 0; i < h.length; i++) h[i] = r.gaussian();
            double[] a = FftConvolution.convolve(x, h), b = FftConvolution.direct(x, h);
            assertEquals(b.length, a.length);
            for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 1e-9 * (1 + Math.abs(b[i])), "sample " + i);
        }
    }

    @ParameterizedTest(name = "RT60 {0} s")
    @ValueSource(doubles = {0.1, 0.25, 0.5, 1.0, 1.5})
    void theRt60MeasuredFromTheImpulseResponseIsTheOneAsked(double rt60) {
        for (long seed = 1; seed <= 3; seed++) {
            double[] h = RoomReverb.impulseResponse(rt60, RATE, new Rng(seed));
            assertEquals(rt60, RoomReverb.measureRt60(h, RATE), 0.1 * rt60, "seed " + seed);
        }
    }

    @Test
    void reverberationKeepsLengthLevelAndTheDirectPathInPlace() {
        float[] s = speechLike(RATE, 1);
        float[] y = RoomReverb.apply(s, RoomReverb.impulseResponse(0.5, RATE, new Rng(1)));
        assertEquals(s.length, y.length);
        assertEquals(AdditiveNoise.rms(s), AdditiveNoise.rms(y), 1e-4);
        // a click at sample 4000 answers at 4000, not before
        float[] click = new float[RATE];
        click[4000] = 1;
        float[] c = RoomReverb.apply(click, RoomReverb.impulseResponse(0.3, RATE, new Rng(2)));
        for (int i = 0; i < 4000; i++) assertEquals(0, c[i], 1e-6);
        double peak = 0;
        int at = -1;
        for (int i = 0; i < c.length; i++) if (Math.abs(c[i]) > peak) { peak = Math.abs(c[i]); at = i; }
        assertEquals(4000, at);
    }

    /** Segments of constant level, one per phone, 1,000 to 3,000 samples long. */
    static PhoneAlignment steps(int n, List<Float> levels, float[] out) {
        List<PhoneSegment> segs = new ArrayList<>();
        int at = 0, i = 0;
        Rng r = new Rng(9);
        while (at < n) {
            int end = Math.min(n, at + 1000 + r.nextInt(2000));
            float v = 0.1f + 0.05f * (i % 15);
            for (int t = at; t < end; t++) out[t] = v;
            levels.add(v);
            segs.add(new PhoneSegment(at, end, "p" + i, i + 1));
            at = end;
            i++;
        }
        return new PhoneAlignment("u", Path.of("u.PHN"), segs);
    }

    @ParameterizedTest(name = "factor {0}")
    @ValueSource(doubles = {0.9, 1.1, 0.8, 1.25})
    void speedPerturbationScalesTheDurationAndKeepsTheAlignmentOnTheAudio(double factor) {
        int n = RATE * 2;
        float[] x = new float[n];
        List<Float> levels = new ArrayList<>();
        PhoneAlignment a = steps(n, levels, x);
        Waveform w = SpeedPerturbation.apply(new Waveform(RATE, x), factor);
        assertEquals(n / factor, w.numSamples(), 1.0);
        PhoneAlignment b = SpeedPerturbation.scale(a, n, w.numSamples());
        assertEquals(w.numSamples(), b.endSample());
        assertEquals(a.segments().size(), b.segments().size());
        for (int i = 0; i < b.segments().size(); i++) {
            PhoneSegment s = b.segments().get(i);
            assertEquals(a.segments().get(i).length() / factor, s.length(), 1.5, "segment " + i + " length");
            // away from the edges (the filter's reach), the perturbed audio holds the segment's level
            for (long t = s.startSample() + 80; t < s.endSample() - 80; t++)
                assertEquals(levels.get(i), w.samples()[(int) t], 0.01, "segment " + i + " sample " + t);
        }
    }

    @Test
    void masksCoverOnlyTheRequestedWidthsAndNothingElse() {
        int T = 300, bins = 40, blocks = 3, D = bins * blocks;
        AugmentOptions.Masking m = new AugmentOptions.Masking(2, 8, 3, 20);
        float[] fill = new float[D];
        for (int d = 0; d < D; d++) fill[d] = -100 - d;
        for (long seed = 1; seed <= 50; seed++) {
            Rng r = new Rng(seed);
            float[] x = new float[T * D];
            for (int i = 0; i < x.length; i++) x[i] = (float) r.gaussian();
            FeatureMatrix f = new FeatureMatrix(T, D, x);
            FeatureMatrix g = SpecAugment.apply(f, m, blocks, fill, new Rng(seed + 100));
            boolean[] rowMasked = new boolean[T], colMasked = new boolean[D];
            for (int t = 0; t < T; t++) { rowMasked[t] = true; for (int d = 0; d < D; d++) rowMasked[t] &= g.get(t, d) == fill[d]; }
            for (int d = 0; d < D; d++) {
                boolean all = true;
                for (int t = 0; t < T; t++) all &= g.get(t, d) == fill[d];
                colMasked[d] = all && !allTrue(rowMasked);
            }
            for (int t = 0; t < T; t++)
                for (int d = 0; d < D; d++)
                    if (g.get(t, d) != f.get(t, d)) {
                        assertEquals(fill[d], g.get(t, d));
                        assertTrue(rowMasked[t] || colMasked[d], "cell " + t + "," + d + " changed outside a mask");
                    }
            assertTrue(runs(rowMasked) <= m.timeMasks() && longestRun(rowMasked) <= m.timeMasks() * m.maxTimeWidth());
            for (int b = 0; b < blocks; b++) {
                boolean[] band = java.util.Arrays.copyOfRange(colMasked, b * bins, (b + 1) * bins);
                assertTrue(longestRun(band) <= m.freqMasks() * m.maxFreqWidth() && runs(band) <= m.freqMasks());
                assertArrayEquals(java.util.Arrays.copyOfRange(colMasked, 0, bins), band, "the same bins in every block");
            }
        }
        // one mask of each kind alone: its width never exceeds the maximum, and all widths occur
        Set<Integer> widths = new java.util.TreeSet<>();
        for (long seed = 1; seed <= 300; seed++) {
            FeatureMatrix g = SpecAugment.apply(new FeatureMatrix(T, 1, new float[T]), new AugmentOptions.Masking(0, 0, 1, 7), 1, new float[]{1}, new Rng(seed));
            int w = 0;
            for (int t = 0; t < T; t++) if (g.get(t, 0) == 1) w++;
            widths.add(w);
        }
        assertEquals(Set.of(0, 1, 2, 3, 4, 5, 6, 7), widths);
    }

    static boolean allTrue(boolean[] b) { for (boolean v : b) if (!v) return false; return true; }

    static int runs(boolean[] b) { int n = 0; for (int i = 0; i < b.length; i++) if (b[i] && (i == 0 || !b[i - 1])) n++; return n; }

    static int longestRun(boolean[] b) { int best = 0, cur = 0; for (boolean v : b) { cur = v ? cur + 1 : 0; best = Math.max(best, cur); } return best; }

    static AugmentOptions everything() {
        return new AugmentOptions(new AugmentOptions.Speed(List.of(0.9, 1.0, 1.1)), new AugmentOptions.Reverb(1, 0.2, 0.8),
                new AugmentOptions.Noise(1, 0, 20, EnumSet.allOf(NoiseKind.class)), new AugmentOptions.Masking(2, 8, 2, 20));
    }

    @Test
    void theSameSeedEpochAndUtteranceGiveTheSameBits() {
        float[] x = new float[RATE];
        PhoneAlignment a = steps(RATE, new ArrayList<>(), x);
        float[] sp = speechLike(RATE, 1);
        for (int i = 0; i < x.length; i++) x[i] += sp[i];
        double[] babble = Augmenter.babbleTrack(List.of(speechLike(RATE, 2), speechLike(RATE, 3)), RATE, 7);
        Augmenter one = new Augmenter(everything(), 42, babble), two = new Augmenter(everything(), 42, babble.clone());
        Waveform w = new Waveform(RATE, x);
        for (int epoch = 1; epoch <= 6; epoch++) {
            Augmenter.Audio p = one.audio(w, a, epoch, "spk1_sx1"), q = two.audio(w, a, epoch, "spk1_sx1");
            assertArrayEquals(p.waveform().samples(), q.waveform().samples());
            assertEquals(p.alignment(), q.alignment());
            assertEquals(p.applied(), q.applied());
            FeatureMatrix f = new FeatureMatrix(100, 40, speechLike(4000, epoch));
            assertArrayEquals(one.mask(f, 1, new float[40], epoch, "u").data(), two.mask(f, 1, new float[40], epoch, "u").data());
        }
        assertFalse(java.util.Arrays.equals(one.audio(w, a, 1, "spk1_sx1").waveform().samples(), one.audio(w, a, 2, "spk1_sx1").waveform().samples()), "epochs differ");
        assertFalse(java.util.Arrays.equals(one.audio(w, a, 1, "spk1_sx1").waveform().samples(), one.audio(w, a, 1, "spk1_sx2").waveform().samples()), "utterances differ");
        assertNotEquals(one.audio(w, a, 1, "u").applied(), new Augmenter(everything(), 43, babble).audio(w, a, 1, "u").applied() + "x");
    }

    @Test
    void optionsRefuseWhatCannotBeDoneInOneLine() {
        assertThrows(IllegalArgumentException.class, () -> new AugmentOptions.Speed(List.of(3.0)));
        assertThrows(IllegalArgumentException.class, () -> new AugmentOptions.Reverb(0.5, 0.8, 0.2));
        assertThrows(IllegalArgumentException.class, () -> new AugmentOptions.Noise(0, 0, 10, Set.of(NoiseKind.WHITE)));
        assertThrows(IllegalArgumentException.class, () -> AugmentOptions.Masking.parse(List.of(1, 2, 3)));
        assertThrows(IllegalArgumentException.class, () -> new Augmenter(everything(), 1, null));
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturbation.apply(new Waveform(RATE, new float[10]), 0.9123457));
        assertTrue(AugmentOptions.NONE.isOff());
        assertTrue(AugmentOptions.NONE.settings().isEmpty());
        assertEquals("0.9,1.0,1.1", everything().settings().get("--speed-perturb"));
    }
}
