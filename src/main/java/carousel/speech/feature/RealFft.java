package carousel.speech.feature;

/**
 * Forward DFT of n real values (n even), computed in place through one complex FFT of length n/2: the even
 * samples become real parts and the odd samples imaginary parts, and the two interleaved half-length spectra are
 * separated afterwards (the standard "two for one" packing; e.g. W. H. Press et al., Numerical Recipes, 3rd ed.,
 * section 12.3). The result is packed as in Kaldi's {@code RealFft}:
 * {@code [Re X0, Re X(n/2), Re X1, Im X1, ..., Re X(n/2−1), Im X(n/2−1)]}; {@link #powerSpectrum} unpacks it.
 * Lengths whose half is not a power of two go through Bluestein's algorithm (see {@link ComplexFft}).
 *
 * <p>Instances hold only tables and are immutable and thread-safe; callers provide the scratch space
 * ({@link #workSize()} doubles, 0 when n is a power of two) so that no frame allocates.
 */
public final class RealFft {
    private final int n;
    private final ComplexFft half;
    private final double[] cos;   // cos(2π k / n), k in [0, n/4]
    private final double[] sin;   // sin(2π k / n), k in [0, n/4]

    /** A transform of length {@code n}, which must be even and at least 2. */
    public RealFft(int n) {
        if (n < 2 || n % 2 != 0) {
            throw new IllegalArgumentException("real FFT length must be even and at least 2, got " + n);
        }
        this.n = n;
        this.half = new ComplexFft(n / 2);
        int quarter = n / 4;
        cos = new double[quarter + 1];
        sin = new double[quarter + 1];
        for (int k = 0; k <= quarter; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / n);
            sin[k] = Math.sin(2 * Math.PI * k / n);
        }
    }

    /** The transform length n. */
    public int size() {
        return n;
    }

    /** Doubles of scratch space {@link #transform} needs. */
    public int workSize() {
        return half.workSize();
    }

    /** Transforms {@code data[0, n)} in place into the packed layout; {@code work} has {@link #workSize()} doubles. */
    public void transform(double[] data, double[] work) {
        if (data.length < n || work.length < workSize()) {
            throw new IllegalArgumentException("need data of length >= " + n + " and work of length >= "
                    + workSize() + ", got " + data.length + " and " + work.length);
        }
        int m = n / 2;
        half.transform(data, 0, work);   // Z[k] = E[k] + i O[k], E and O the spectra of even and odd samples
        double z0r = data[0], z0i = data[1];
        data[0] = z0r + z0i;             // X[0]
        data[1] = z0r - z0i;             // X[n/2]
        for (int k = 1; k <= m / 2; k++) {
            int j = m - k;
            double ar = data[2 * k], ai = data[2 * k + 1];
            double br = data[2 * j], bi = data[2 * j + 1];
            // E[k] = (Z[k] + conj Z[m−k]) / 2,  O[k] = (Z[k] − conj Z[m−k]) / (2i)
            double er = 0.5 * (ar + br), ei = 0.5 * (ai - bi);
            double or = 0.5 * (ai + bi), oi = -0.5 * (ar - br);
            // X[k] = E[k] + W^k O[k], X[m−k] = conj(E[k] − W^k O[k]), W = e^{−2πi/n}
            double wr = cos[k], wi = -sin[k];   // k <= n/4, inside the tables
            double tr = wr * or - wi * oi, ti = wr * oi + wi * or;
            data[2 * k] = er + tr;
            data[2 * k + 1] = ei + ti;
            if (j != k) {
                data[2 * j] = er - tr;
                data[2 * j + 1] = -(ei - ti);
            }
        }
    }

    /**
     * |X[k]|² for k in [0, n/2] from a packed transform, into {@code power[0 .. n/2]}.
     */
    public void powerSpectrum(double[] packed, double[] power) {
        int m = n / 2;
        power[0] = packed[0] * packed[0];
        power[m] = packed[1] * packed[1];
        for (int k = 1; k < m; k++) {
            double re = packed[2 * k], im = packed[2 * k + 1];
            power[k] = re * re + im * im;
        }
    }
}
