package carousel.speech.augment;

import carousel.tensor.Rng;

/**
 * Simulated room reverberation: a synthetic room impulse response convolved with the speech. The RIR is
 * the statistical model of late reverberation (Polack's model; e.g. Lehmann &amp; Johansson, "Diffuse
 * reverberation model for efficient image-source simulation of room impulse responses", IEEE TASLP 2010):
 * a direct path h[0] = 1, then, after a pre-delay of {@value #PRE_DELAY_MS} ms, Gaussian noise under an
 * exponential envelope e^(−3·ln10·t / RT60), which falls by 60 dB in energy every RT60 seconds. The tail's
 * energy equals the direct path's (direct-to-reverberant ratio 0 dB). The RIR lasts 1.2 × RT60.
 *
 * <p>{@link #measureRt60} measures RT60 back from an RIR as acousticians do (ISO 3382): Schroeder's backward
 * integration of the squared response gives the energy decay curve, a least-squares line through its −5 to
 * −25 dB part gives the decay rate, extrapolated to 60 dB (T20). The tests check that the two agree.
 *
 * <p>The reverberant speech keeps the direct path aligned (no delay: frame targets stay valid), is cut to the
 * input's length and scaled to the input's RMS.
 */
public final class RoomReverb {
    /** The shortest and longest RT60 offered, in seconds. */
    public static final double MIN_RT60 = 0.05, MAX_RT60 = 2.0;
    /** Milliseconds between the direct path and the start of the reverberant tail. */
    public static final double PRE_DELAY_MS = 2;

    private RoomReverb() {}

    /** A room impulse response of the given RT60 (seconds) at the sample rate. */
    public static double[] impulseResponse(double rt60, int sampleRateHz, Rng rng) {
        if (!(rt60 >= MIN_RT60 && rt60 <= MAX_RT60)) throw new IllegalArgumentException("RT60 must lie in [" + MIN_RT60 + ", " + MAX_RT60 + "] s, got " + rt60);
        int len = (int) Math.ceil(1.2 * rt60 * sampleRateHz);
        int start = (int) Math.round(PRE_DELAY_MS / 1000 * sampleRateHz);
        double[] h = new double[Math.max(len, start + 2)];
        double decay = 3 * Math.log(10) / (rt60 * sampleRateHz);   // amplitude decay per sample
        double tail = 0;
        for (int n = start; n < h.length; n++) {
            h[n] = rng.gaussian() * Math.exp(-decay * n);
            tail += h[n] * h[n];
        }
        double g = 1 / Math.sqrt(tail);                            // tail energy = direct energy = 1
        for (int n = start; n < h.length; n++) h[n] *= g;
        h[0] = 1;
        return h;
    }

    /** RT60 in seconds measured from an RIR by Schroeder integration and a T20 fit (−5 to −25 dB). */
    public static double measureRt60(double[] h, int sampleRateHz) {
        int n = h.length;
        double[] edc = new double[n];
        double acc = 0;
        for (int i = n - 1; i >= 0; i--) { acc += h[i] * h[i]; edc[i] = acc; }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            double db = 10 * Math.log10(edc[i] / edc[0]);
            if (db > -5) continue;
            if (db < -25) break;
            double t = (double) i / sampleRateHz;
            sx += t; sy += db; sxx += t * t; sxy += t * db;
            count++;
        }
        if (count < 2) throw new IllegalArgumentException("the response decays by less than 25 dB or too fast to measure");
        double slope = (count * sxy - sx * sy) / (count * sxx - sx * sx);   // dB per second
        return -60 / slope;
    }

    /** Speech convolved with the RIR, cut to the speech's length and scaled to its RMS. */
    public static float[] apply(float[] speech, double[] rir) {
        double[] x = new double[speech.length];
        for (int i = 0; i < x.length; i++) x[i] = speech[i];
        double[] y = FftConvolution.convolve(x, rir);
        double ein = 0, eout = 0;
        for (int i = 0; i < speech.length; i++) { ein += x[i] * x[i]; eout += y[i] * y[i]; }
        double g = eout > 0 ? Math.sqrt(ein / eout) : 1;
        float[] out = new float[speech.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) (g * y[i]);
        return out;
    }
}
