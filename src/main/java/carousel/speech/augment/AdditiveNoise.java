package carousel.speech.augment;

import carousel.tensor.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * Additive noise at a chosen signal-to-noise ratio: y = s + g·n with the gain g set so that
 * 10·log10(Σ s² / Σ (g·n)²) equals the SNR asked for, both energies taken over the whole utterance (silences
 * included, as Kaldi's {@code wav-reverberate --additive-signals} and most augmentation recipes count it).
 * The noises: coloured Gaussian noise ({@link NoiseKind#WHITE}, PINK, BROWN) and babble, a fixed track of
 * several other training utterances summed ({@link #babbleTrack}), from which each utterance takes a
 * random excerpt.
 */
public final class AdditiveNoise {
    private AdditiveNoise() {}

    /** s + g·noise[offset .. offset + n) (the noise wrapping round), g giving {@code snrDb}; s unchanged when silent. */
    public static float[] mix(float[] speech, double[] noise, int offset, double snrDb) {
        int n = speech.length;
        double ps = 0, pn = 0;
        for (int i = 0; i < n; i++) {
            ps += (double) speech[i] * speech[i];
            double v = noise[(offset + i) % noise.length];
            pn += v * v;
        }
        float[] y = speech.clone();
        if (ps == 0 || pn == 0) return y;
        double g = Math.sqrt(ps / (pn * Math.pow(10, snrDb / 10)));
        for (int i = 0; i < n; i++) y[i] = (float) (speech[i] + g * noise[(offset + i) % noise.length]);
        return y;
    }

    /** The SNR in dB of {@code noisy} against {@code clean}: 10·log10(Σ clean² / Σ (noisy − clean)²). */
    public static double snrDb(float[] clean, float[] noisy) {
        double ps = 0, pn = 0;
        for (int i = 0; i < clean.length; i++) {
            ps += (double) clean[i] * clean[i];
            double d = (double) noisy[i] - clean[i];
            pn += d * d;
        }
        return 10 * Math.log10(ps / pn);
    }

    /** Coloured Gaussian noise of n samples, unit RMS ({@link FftConvolution#colouredNoise}). */
    public static double[] coloured(NoiseKind kind, int n, Rng rng) {
        if (kind == NoiseKind.BABBLE) throw new IllegalArgumentException("babble is not coloured noise: take it from a babble track");
        return FftConvolution.colouredNoise(n, kind.beta, rng);
    }

    /**
     * A babble track of {@code length} samples: {@code talkers} voices at once, each a chain of utterances
     * drawn from {@code utterances} (each scaled to unit RMS first so that no talker dominates), summed and
     * scaled to unit RMS. Empty utterances are ignored; at least one must have samples.
     */
    public static double[] babbleTrack(List<float[]> utterances, int talkers, int length, Rng rng) {
        List<float[]> usable = new ArrayList<>();
        for (float[] u : utterances) if (rms(u) > 0) usable.add(u);
        if (usable.isEmpty()) throw new IllegalArgumentException("babble needs at least one utterance with sound");
        if (talkers < 1 || length < 1) throw new IllegalArgumentException("babble needs talkers >= 1 and length >= 1, got " + talkers + ", " + length);
        double[] track = new double[length];
        for (int t = 0; t < talkers; t++) {
            int at = -rng.nextInt(Math.max(1, length / 4));    // talkers start at different moments
            while (at < length) {
                float[] u = usable.get(rng.nextInt(usable.size()));
                double g = 1 / rms(u);
                for (int i = 0; i < u.length && at + i < length; i++) if (at + i >= 0) track[at + i] += g * u[i];
                at += u.length;
            }
        }
        double e = 0;
        for (double v : track) e += v * v;
        double r = Math.sqrt(e / length);
        if (r > 0) for (int i = 0; i < length; i++) track[i] /= r;
        return track;
    }

    static double rms(float[] x) {
        double e = 0;
        for (float v : x) e += (double) v * v;
        return x.length == 0 ? 0 : Math.sqrt(e / x.length);
    }
}
