package carousel.speech.augment;

import carousel.speech.feature.ComplexFft;

/**
 * Linear convolution y = x ∗ h of two real signals, (n) ∗ (m) → (n + m − 1), through one radix-2 complex FFT
 * of length N ≥ n + m − 1 (both signals packed into one transform as real and imaginary parts), the product of
 * their spectra, and an inverse FFT written as a forward one of the conjugate: ifft(Z) = conj(fft(conj(Z))) / N.
 * {@link #direct} is the plain O(n·m) reference the tests compare it with.
 */
final class FftConvolution {
    private FftConvolution() {}

    /** x ∗ h, of length x.length + h.length − 1. */
    static double[] convolve(double[] x, double[] h) {
        int len = x.length + h.length - 1;
        int n = Integer.highestOneBit(Math.max(1, len - 1)) << 1;
        ComplexFft fft = new ComplexFft(n);
        double[] work = new double[fft.workSize()];
        double[] z = new double[2 * n];                        // (N) complex: re = x, im = h
        for (int i = 0; i < x.length; i++) z[2 * i] = x[i];
        for (int i = 0; i < h.length; i++) z[2 * i + 1] = h[i];
        fft.transform(z, 0, work);
        double[] p = new double[2 * n];                        // (N) complex: conj(X · H)
        for (int k = 0; k < n; k++) {
            int j = (n - k) % n;
            // X[k] = (Z[k] + conj Z[N−k]) / 2, H[k] = (Z[k] − conj Z[N−k]) / 2i
            double zr = z[2 * k], zi = z[2 * k + 1], wr = z[2 * j], wi = -z[2 * j + 1];
            double xr = (zr + wr) / 2, xi = (zi + wi) / 2;
            double hr = (zi - wi) / 2, hi = -(zr - wr) / 2;
            p[2 * k] = xr * hr - xi * hi;
            p[2 * k + 1] = -(xr * hi + xi * hr);
        }
        fft.transform(p, 0, work);
        double[] y = new double[len];
        for (int i = 0; i < len; i++) y[i] = p[2 * i] / n;
        return y;
    }

    /** The reference: y[t] = Σ_k x[k] h[t − k]. */
    static double[] direct(double[] x, double[] h) {
        double[] y = new double[x.length + h.length - 1];
        for (int i = 0; i < x.length; i++)
            for (int k = 0; k < h.length; k++) y[i + k] += x[i] * h[k];
        return y;
    }

    /**
     * Gaussian noise of n samples whose power spectrum falls as 1/f^β (β = 0 white, 1 pink, 2 brown): white
     * Gaussian noise shaped in the frequency domain (each bin k ≥ 1 scaled by k^(−β/2), the DC bin removed),
     * then scaled to unit RMS.
     */
    static double[] colouredNoise(int n, double beta, carousel.tensor.Rng rng) {
        int size = Integer.highestOneBit(Math.max(1, n - 1)) << 1;
        ComplexFft fft = new ComplexFft(size);
        double[] work = new double[fft.workSize()];
        double[] z = new double[2 * size];
        for (int i = 0; i < size; i++) z[2 * i] = rng.gaussian();
        fft.transform(z, 0, work);
        z[0] = z[1] = 0;
        for (int k = 1; k < size; k++) {
            double f = Math.min(k, size - k);                  // the bin's frequency, symmetric so the result stays real
            double g = Math.pow(f, -beta / 2);
            z[2 * k] *= g;
            z[2 * k + 1] = -z[2 * k + 1] * g;                  // conjugated: the forward transform inverts
        }
        fft.transform(z, 0, work);
        double[] y = new double[n];
        double energy = 0;
        for (int i = 0; i < n; i++) { y[i] = z[2 * i]; energy += y[i] * y[i]; }
        double rms = Math.sqrt(energy / Math.max(1, n));
        if (rms > 0) for (int i = 0; i < n; i++) y[i] /= rms;
        return y;
    }
}
