package carousel.speech.feature;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.audio.SampleRateMismatchException;
import carousel.speech.audio.Waveform;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Behaviour beyond what the torchaudio fixtures show: edges, dither, sample rates, internal consistency. */
class FbankMfccTest {

    static float[] noise(int n, long seed, double sd) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.round(r.nextGaussian() * sd);
        }
        return x;
    }

    @Test
    void withoutSnipEdgesTheSignalIsMirroredAtBothEnds() {
        // A rectangular window without DC removal or pre-emphasis leaves the raw frame; check it sample by sample
        // against mirroring written differently: period 2n, x[s] for s mod 2n < n, else x[2n - 1 - s mod 2n].
        FrameOptions opts = FbankOptions.parse("--snip-edges=false", "--window-type=rectangular",
                "--remove-dc-offset=false", "--preemphasis-coefficient=0").frame();
        FrameExtractor ex = new FrameExtractor(opts);
        double[] frame = new double[ex.paddedLength()];
        // 150 samples: shorter than a frame (400), so it needs several reflections; 1000: several frames.
        for (int n : new int[] {150, 1000}) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        assertEquals((n + 80) / 160, opts.numFrames(n));
        for (int t = 0; t < opts.numFrames(n); t++) {
            double energy = ex.extract(x, t, frame, null);
            double expectedEnergy = 0;
            for (int i = 0; i < 400; i++) {
                long s = opts.firstSampleOfFrame(t) + i;
                int m = (int) Math.floorMod(s, 2L * n);
                float expected = m < n ? x[m] : x[2 * n - 1 - m];
                assertEquals(expected, frame[i], 0, "frame " + t + " sample " + i);
                expectedEnergy += expected * expected;
            }
            for (int i = 400; i < 512; i++) {
                assertEquals(0, frame[i], "zero padding");
            }
            assertEquals(expectedEnergy, energy, 1e-9 * expectedEnergy);
        }
        }
    }

    @Test
    void tooShortSignalsGiveNoFrames() {
        Fbank fbank = new Fbank(FbankOptions.defaults());
        FeatureMatrix m = fbank.compute(new float[399]);
        assertEquals(0, m.numFrames());
        assertEquals(23, m.dim());
        assertEquals(1, fbank.compute(new float[400]).numFrames());
    }

    @Test
    void ditherIsSeededAndSmall() {
        float[] x = noise(8000, 3, 300);
        Fbank dithered = new Fbank(FbankOptions.parse("--dither=1.0"));
        FeatureMatrix a = dithered.compute(x);
        FeatureMatrix b = dithered.compute(x);
        assertArrayEquals(a.data(), b.data(), "same default seed, same features");
        FeatureMatrix c = dithered.compute(x, new SplittableRandom(99));
        assertNotEquals(a.get(3, 5), c.get(3, 5), "another seed, other noise");
        FeatureMatrix clean = new Fbank(FbankOptions.defaults()).compute(x);
        for (int i = 0; i < clean.data().length; i++) {
            assertEquals(clean.data()[i], a.data()[i], 0.05, "dither of 1 on a signal of sd 300 changes little");
        }
    }

    @Test
    void digitalSilenceHitsTheFloors() {
        float[] silence = new float[1600];
        FeatureMatrix fb = new Fbank(FbankOptions.parse("--use-energy=true")).compute(silence);
        double logEps = Math.log(Math.ulp(1.0f));
        for (float v : fb.data()) {
            assertEquals(logEps, v, 1e-6);
        }
        FeatureMatrix floored = new Fbank(FbankOptions.parse("--use-energy=true", "--energy-floor=1.0")).compute(silence);
        assertEquals(0.0, floored.get(0, 0), 0, "energy floored at log(1)");
    }

    @Test
    void energyColumnAndHtkCompatPlacement() {
        float[] x = noise(4000, 5, 1000);
        FeatureMatrix plain = new Fbank(FbankOptions.defaults()).compute(x);
        FeatureMatrix first = new Fbank(FbankOptions.parse("--use-energy=true")).compute(x);
        FeatureMatrix last = new Fbank(FbankOptions.parse("--use-energy=true", "--htk-compat=true")).compute(x);
        assertEquals(24, first.dim());
        for (int t = 0; t < plain.numFrames(); t++) {
            for (int b = 0; b < 23; b++) {
                assertEquals(plain.get(t, b), first.get(t, b + 1));
                assertEquals(plain.get(t, b), last.get(t, b));
            }
            assertEquals(first.get(t, 0), last.get(t, 23));
        }
        // Raw energy of white noise with sd 1000 over 400 samples: log(400 * 1e6) within a few percent.
        assertEquals(Math.log(400 * 1e6), first.get(2, 0), 0.3);
    }

    @Test
    void mfccIsTheLifteredDctOfTheLogFilterbank() {
        // Internal consistency: MFCC without energy equals an explicit DCT-II (orthonormal) of our fbank, liftered.
        float[] x = noise(6000, 8, 2000);
        FeatureMatrix fb = new Fbank(FbankOptions.defaults()).compute(x);
        FeatureMatrix mfcc = new Mfcc(MfccOptions.parse("--use-energy=false")).compute(x);
        int nb = 23;
        for (int t = 0; t < fb.numFrames(); t++) {
            for (int i = 0; i < 13; i++) {
                double c = 0;
                for (int b = 0; b < nb; b++) {
                    c += fb.get(t, b) * Math.cos(Math.PI * i * (2 * b + 1) / (2.0 * nb));
                }
                c *= i == 0 ? Math.sqrt(1.0 / nb) : Math.sqrt(2.0 / nb);
                c *= 1 + 11 * Math.sin(Math.PI * i / 22);
                assertEquals(c, mfcc.get(t, i), 2e-4, "frame " + t + " c" + i);
            }
        }
    }

    @Test
    void sampleRateIsCheckedAndResampledOnlyWhenAllowed() throws Exception {
        Waveform at8k = new Waveform("utt.wav", 8000, noise(8000, 1, 500));
        Fbank fbank = new Fbank(FbankOptions.defaults());
        SampleRateMismatchException e = assertThrows(SampleRateMismatchException.class, () -> fbank.compute(at8k));
        assertTrue(e.getMessage().startsWith("utt.wav: sample rate is 8000 Hz but 16000 Hz is expected"),
                e.getMessage());
        Fbank upsampling = new Fbank(FbankOptions.parse("--allow-upsample=true"));
        assertEquals(98, upsampling.compute(at8k).numFrames());   // one second at 16 kHz
        Waveform at32k = new Waveform("hi.wav", 32000, noise(32000, 2, 500));
        assertThrows(SampleRateMismatchException.class, () -> upsampling.compute(at32k));
        assertEquals(98, new Fbank(FbankOptions.parse("--allow-downsample")).compute(at32k).numFrames());
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        Mfcc mfcc = new Mfcc(MfccOptions.defaults());
        float[] x = noise(16000, 11, 800);
        FeatureMatrix expected = mfcc.compute(x);
        FeatureMatrix[] results = new FeatureMatrix[4];
        Thread[] threads = new Thread[results.length];
        for (int i = 0; i < threads.length; i++) {
            int k = i;
            threads[i] = new Thread(() -> results[k] = mfcc.compute(x));
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (FeatureMatrix r : results) {
            assertArrayEquals(expected.data(), r.data());
        }
    }

    @Test
    void melScale() {
        assertEquals(1127 * Math.log(2), MelBanks.melScale(700), 1e-12);
        assertEquals(1234.5, MelBanks.inverseMelScale(MelBanks.melScale(1234.5)), 1e-9);
        MelBanks banks = new MelBanks(MelOptions.defaults(), 16000, 512);
        double[] centres = banks.centerFreqsHz();
        assertEquals(23, centres.length);
        double delta = (MelBanks.melScale(8000) - MelBanks.melScale(20)) / 24;
        assertEquals(MelBanks.inverseMelScale(MelBanks.melScale(20) + delta), centres[0], 1e-9);
        for (int b = 0; b < 23; b++) {
            for (int k = 0; k < 256; k++) {
                double w = banks.weight(b, k);
                assertTrue(w >= 0 && w <= 1, "weight in [0, 1]");
                double f = 16000.0 * k / 512;
                if (f <= MelBanks.inverseMelScale(MelBanks.melScale(20) + b * delta)
                        || f >= MelBanks.inverseMelScale(MelBanks.melScale(20) + (b + 2) * delta)) {
                    assertEquals(0, w, "bin " + k + " outside filter " + b);
                }
            }
        }
    }
}
