package carousel.speech.feature;

import java.util.Arrays;

/**
 * In-place forward DFT of n complex values stored interleaved (re, im, re, im, ...):
 * X[k] = Σ_j x[j] e^{−2πi jk/n}. Powers of two use the iterative radix-2 Cooley–Tukey algorithm (J. W. Cooley
 * and J. W. Tukey, "An algorithm for the machine calculation of complex Fourier series", Math. Comp. 19, 1965);
 * other lengths Bluestein's chirp-z algorithm (L. I. Bluestein, "A linear filtering approach to the computation
 * of discrete Fourier transform", IEEE Trans. Audio Electroacoust. 18(4), 1970) on top of it. Tables are built
 * once per instance; instances are immutable and thread-safe, callers pass the scratch space.
 */
public final class ComplexFft {
    private final int n;
    private final boolean powerOfTwo;
    // Radix-2 tables (size n when powerOfTwo, else the Bluestein length m).
    private final int[] bitReverse;
    private final double[] cos;     // cos(2π k / len), k < len/2
    private final double[] sin;     // sin(2π k / len), k < len/2
    // Bluestein: chirp w[j] = e^{−πi j²/n}, and the FFT of the conjugate chirp filter (length m).
    private final int m;
    private final double[] chirp;
    private final double[] filterFft;

    public ComplexFft(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT length must be positive, got " + n);
        }
        this.n = n;
        this.powerOfTwo = Integer.bitCount(n) == 1;
        if (powerOfTwo) {
            m = n;
            chirp = null;
        } else {
            m = Integer.highestOneBit(2 * n - 2) << 1;   // power of two >= 2n - 1
            chirp = new double[2 * n];
            for (int j = 0; j < n; j++) {
                long sq = (long) j * j % (2L * n);       // e^{−πi j²/n} has period 2n in j²
                double angle = Math.PI * sq / n;
                chirp[2 * j] = Math.cos(angle);
                chirp[2 * j + 1] = -Math.sin(angle);
            }
        }
        bitReverse = new int[m];
        int bits = Integer.numberOfTrailingZeros(m);
        for (int i = 0; i < m; i++) {
            bitReverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[Math.max(1, m / 2)];
        sin = new double[Math.max(1, m / 2)];
        for (int k = 0; k < m / 2; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / m);
            sin[k] = Math.sin(2 * Math.PI * k / m);
        }
        if (powerOfTwo) {
            filterFft = null;
        } else {
            double[] b = new double[2 * m];   // conj(chirp) at j and m − j
            for (int j = 0; j < n; j++) {
                b[2 * j] = chirp[2 * j];
                b[2 * j + 1] = -chirp[2 * j + 1];
                if (j > 0) {
                    b[2 * (m - j)] = chirp[2 * j];
                    b[2 * (m - j) + 1] = -chirp[2 * j + 1];
                }
            }
            radix2(b, 0);
            filterFft = b;
        }
    }

    /** The transform length n. */
    public int size() {
        return n;
    }

    /** Doubles of scratch space {@link #transform} needs: 0 for powers of two, else 2m. */
    public int workSize() {
        return powerOfTwo ? 0 : 2 * m;
    }

    /** Transforms {@code data[offset .. offset + 2n)} in place; {@code work} has at least {@link #workSize()} doubles. */
    public void transform(double[] data, int offset, double[] work) {
        if (powerOfTwo) {
            radix2(data, offset);
            return;
        }
        // a[j] = x[j] · chirp[j], zero-padded to m; then a ⊛ b via FFT; X[k] = chirp[k] · (a ⊛ b)[k].
        Arrays.fill(work, 0, 2 * m, 0.0);
        for (int j = 0; j < n; j++) {
            double xr = data[offset + 2 * j], xi = data[offset + 2 * j + 1];
            double cr = chirp[2 * j], ci = chirp[2 * j + 1];
            work[2 * j] = xr * cr - xi * ci;
            work[2 * j + 1] = xr * ci + xi * cr;
        }
        radix2(work, 0);
        // Multiply by the filter's FFT and conjugate, so that a forward FFT gives the conjugated inverse FFT.
        for (int k = 0; k < m; k++) {
            double ar = work[2 * k], ai = work[2 * k + 1];
            double br = filterFft[2 * k], bi = filterFft[2 * k + 1];
            work[2 * k] = ar * br - ai * bi;
            work[2 * k + 1] = -(ar * bi + ai * br);
        }
        radix2(work, 0);
        double scale = 1.0 / m;
        for (int k = 0; k < n; k++) {
            double yr = work[2 * k] * scale, yi = -work[2 * k + 1] * scale;
            double cr = chirp[2 * k], ci = chirp[2 * k + 1];
            data[offset + 2 * k] = yr * cr - yi * ci;
            data[offset + 2 * k + 1] = yr * ci + yi * cr;
        }
    }

    /** Radix-2 forward FFT of m complex values at {@code data[offset ..]}, in place. */
    private void radix2(double[] data, int offset) {
        for (int i = 0; i < m; i++) {
            int j = bitReverse[i];
            if (j > i) {
                int a = offset + 2 * i, b = offset + 2 * j;
                double tr = data[a], ti = data[a + 1];
                data[a] = data[b];
                data[a + 1] = data[b + 1];
                data[b] = tr;
                data[b + 1] = ti;
            }
        }
        for (int len = 2; len <= m; len <<= 1) {
            int half = len >> 1;
            int step = m / len;
            for (int start = 0; start < m; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step], wi = -sin[k * step];
                    int a = offset + 2 * (start + k), b = offset + 2 * (start + k + half);
                    double br = data[b] * wr - data[b + 1] * wi;
                    double bi = data[b] * wi + data[b + 1] * wr;
                    data[b] = data[a] - br;
                    data[b + 1] = data[a + 1] - bi;
                    data[a] += br;
                    data[a + 1] += bi;
                }
            }
        }
    }
}
