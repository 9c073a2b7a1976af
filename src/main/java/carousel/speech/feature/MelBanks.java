package carousel.speech.feature;

import java.util.Arrays;

/**
 * Triangular mel filters over the bins of a power (or magnitude) spectrum, as Kaldi's {@code MelBanks}
 * ({@code src/feat/mel-computations.cc}) builds them: mel(f) = 1127 ln(1 + f/700); the band
 * [mel(low), mel(high)] is divided into numBins + 1 equal steps Δ; filter b rises from mel(low) + bΔ to a peak
 * at mel(low) + (b+1)Δ and falls to zero at mel(low) + (b+2)Δ, linearly in mel. FFT bin k (frequency
 * k · fs / N, for k in [0, N/2), the Nyquist bin excluded as in Kaldi) gets the filter's value at mel(f_k).
 * Each filter keeps only its nonzero span; a filter that covers no bin is an error, as in Kaldi. Immutable and
 * thread-safe.
 */
final class MelBanks {
    private final int[] firstBin;       // (numBins) first FFT bin with a nonzero weight
    private final double[][] weights;   // (numBins)(span) weights from firstBin on
    private final double[] centerFreqsHz;

    MelBanks(MelOptions mel, double sampleFrequencyHz, int fftLength) {
        mel.checkAgainst(sampleFrequencyHz);
        int numBins = mel.numBins();
        int numFftBins = fftLength / 2;
        double fftBinWidthHz = sampleFrequencyHz / fftLength;
        double melLow = melScale(mel.lowFreqHz());
        double melHigh = melScale(mel.effectiveHighFreqHz(sampleFrequencyHz));
        double delta = (melHigh - melLow) / (numBins + 1);
        firstBin = new int[numBins];
        weights = new double[numBins][];
        centerFreqsHz = new double[numBins];
        double[] row = new double[numFftBins];
        for (int b = 0; b < numBins; b++) {
            double left = melLow + b * delta;
            double center = melLow + (b + 1) * delta;
            double right = melLow + (b + 2) * delta;
            centerFreqsHz[b] = inverseMelScale(center);
            int first = -1;
            int last = -1;
            for (int k = 0; k < numFftBins; k++) {
                double m = melScale(fftBinWidthHz * k);
                row[k] = 0;
                if (m > left && m < right) {
                    row[k] = m <= center ? (m - left) / (center - left) : (right - m) / (right - center);
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                throw new IllegalArgumentException("mel filter " + b + " (" + inverseMelScale(left) + " to "
                        + inverseMelScale(right) + " Hz) covers no FFT bin of width " + fftBinWidthHz
                        + " Hz; --num-mel-bins=" + numBins + " is too large for this band and frame length");
            }
            firstBin[b] = first;
            weights[b] = Arrays.copyOfRange(row, first, last + 1);
        }
    }

    /** The mel scale: 1127 ln(1 + f / 700). */
    static double melScale(double freqHz) {
        return 1127.0 * Math.log(1.0 + freqHz / 700.0);
    }

    /** The inverse of {@link #melScale}. */
    static double inverseMelScale(double mel) {
        return 700.0 * (Math.exp(mel / 1127.0) - 1.0);
    }

    int numBins() {
        return weights.length;
    }

    /** Centre frequency of each filter in Hz. */
    double[] centerFreqsHz() {
        return centerFreqsHz.clone();
    }

    /** Weight of FFT bin k in filter b. */
    double weight(int b, int k) {
        int i = k - firstBin[b];
        return i >= 0 && i < weights[b].length ? weights[b][i] : 0;
    }

    /** melEnergies[b] = Σ_k weight(b, k) · spectrum[k]. */
    void compute(double[] spectrum, double[] melEnergies) {
        for (int b = 0; b < weights.length; b++) {
            double[] w = weights[b];
            int off = firstBin[b];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                sum += w[i] * spectrum[off + i];
            }
            melEnergies[b] = sum;
        }
    }
}
