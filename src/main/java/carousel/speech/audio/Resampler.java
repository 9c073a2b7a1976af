package carousel.speech.audio;

/**
 * Band-limited resampling between two integer sample rates with a Hann-windowed sinc low-pass filter.
 *
 * <p>Output sample n lies at time t = n / outputRateHz and is
 * y[n] = Σ_k x[k] · (2f_c / inputRateHz) · sinc(2f_c (t − k / inputRateHz)) · w(t − k / inputRateHz),
 * with sinc(u) = sin(πu) / (πu), cutoff f_c = rolloff · min(inputRateHz, outputRateHz) / 2, and the Hann window
 * w(τ) = (1 + cos(π τ / W)) / 2 for |τ| &lt; W, W = numZeros / (2 f_c) (the filter spans {@code numZeros} zero
 * crossings of the sinc on each side). Samples outside the signal count as zero. This is the textbook
 * construction (J. O. Smith, "Digital Audio Resampling", https://ccrma.stanford.edu/~jos/resample/), the same
 * family as Kaldi's {@code LinearResample} and torchaudio's {@code resample}, with a longer filter by default
 * (32 zeros and rolloff 0.94 instead of 6 and 0.99) so that little aliasing passes.
 *
 * <p>The filter depends only on the phase (n · inputRate) mod outputRate, so the weights of every phase are
 * computed once per instance when the table is small (at most 4 M weights), and per output sample otherwise.
 * Instances are immutable and thread-safe.
 */
public final class Resampler {
    /** Zero crossings of the sinc on each side of the filter, by default. */
    public static final int DEFAULT_NUM_ZEROS = 32;
    /** Cutoff as a fraction of the lower Nyquist frequency, by default. */
    public static final double DEFAULT_ROLLOFF = 0.94;
    private static final long MAX_TABLE_WEIGHTS = 1L << 22;

    private final int inputRateHz;
    private final int outputRateHz;
    private final long inStep;        // inputRateHz / gcd
    private final long outStep;       // outputRateHz / gcd
    private final double cutoffHz;    // f_c
    private final double halfWidthS;  // W, seconds
    private final int firstTap;       // offset of the first tap relative to floor(t * inputRate)
    private final int numTaps;
    private final double[] table;     // (outStep, numTaps) weights per phase, or null

    /** A resampler with the default filter ({@value #DEFAULT_NUM_ZEROS} zeros, rolloff {@value #DEFAULT_ROLLOFF}). */
    public Resampler(int inputRateHz, int outputRateHz) {
        this(inputRateHz, outputRateHz, DEFAULT_NUM_ZEROS, DEFAULT_ROLLOFF);
    }

    /**
     * @param numZeros zero crossings of the sinc on each side, at least 1 (longer filters are sharper and slower)
     * @param rolloff cutoff as a fraction of the lower Nyquist frequency, in (0, 1]
     */
    public Resampler(int inputRateHz, int outputRateHz, int numZeros, double rolloff) {
        if (inputRateHz <= 0 || outputRateHz <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got inputRateHz=" + inputRateHz
                    + ", outputRateHz=" + outputRateHz);
        }
        if (numZeros < 1) {
            throw new IllegalArgumentException("numZeros must be at least 1, got " + numZeros);
        }
        if (!(rolloff > 0 && rolloff <= 1)) {
            throw new IllegalArgumentException("rolloff must be in (0, 1], got " + rolloff);
        }
        this.inputRateHz = inputRateHz;
        this.outputRateHz = outputRateHz;
        long g = gcd(inputRateHz, outputRateHz);
        this.inStep = inputRateHz / g;
        this.outStep = outputRateHz / g;
        this.cutoffHz = rolloff * 0.5 * Math.min(inputRateHz, outputRateHz);
        this.halfWidthS = numZeros / (2 * cutoffHz);
        double halfWidthSamples = halfWidthS * inputRateHz;
        // Taps k = base + j with |phase/outStep - j| < halfWidthSamples, phase/outStep in [0, 1).
        int jMax = (int) Math.floor(halfWidthSamples + 1);
        int jMin = -(int) Math.floor(halfWidthSamples);
        this.firstTap = jMin;
        this.numTaps = jMax - jMin + 1;
        if (outStep * numTaps <= MAX_TABLE_WEIGHTS) {
            table = new double[(int) (outStep * numTaps)];
            double[] w = new double[numTaps];
            for (int p = 0; p < outStep; p++) {
                fillWeights(p, w);
                System.arraycopy(w, 0, table, p * numTaps, numTaps);
            }
        } else {
            table = null;
        }
    }

    /** Input rate in Hz. */
    public int inputRateHz() {
        return inputRateHz;
    }

    /** Output rate in Hz. */
    public int outputRateHz() {
        return outputRateHz;
    }

    /** Number of output samples for {@code numInput} input samples: ceil(numInput · outputRate / inputRate). */
    public int outputLength(int numInput) {
        long n = ((long) numInput * outStep + inStep - 1) / inStep;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resampled signal would have " + n + " samples, too many for an array");
        }
        return (int) n;
    }

    /** Resamples {@code input} (one channel); returns a new array of {@link #outputLength} samples. */
    public float[] resample(float[] input) {
        if (inputRateHz == outputRateHz) {
            return input.clone();
        }
        float[] out = new float[outputLength(input.length)];
        double[] scratch = table == null ? new double[numTaps] : null;
        for (int n = 0; n < out.length; n++) {
            out[n] = (float) outputSample(n, input, 0, input.length, scratch);
        }
        return out;
    }

    /**
     * Output sample n from the input samples held in {@code in}: in[i] is input sample {@code inStart + i}, for
     * the samples in [inStart, inEnd); those outside count as zero (the caller holds every one the filter reaches).
     */
    private double outputSample(long n, float[] in, long inStart, long inEnd, double[] scratch) {
        long pos = n * inStep;               // n · inputRate / outputRate = pos / outStep
        long base = pos / outStep;
        int phase = (int) (pos % outStep);
        double[] w;
        int off;
        if (table != null) {
            w = table;
            off = phase * numTaps;
        } else {
            fillWeights(phase, scratch);
            w = scratch;
            off = 0;
        }
        double sum = 0;
        long k0 = base + firstTap;
        int jStart = (int) Math.max(0, inStart - k0);
        int jEnd = (int) Math.min(numTaps, inEnd - k0);
        for (int j = jStart; j < jEnd; j++) {
            sum += w[off + j] * in[(int) (k0 + j - inStart)];
        }
        return sum;
    }

    /** A resampling of a signal that arrives in pieces, equal to {@link #resample} of the whole ({@link Stream}). */
    public Stream stream() {
        return new Stream();
    }

    /**
     * Resampling piece by piece: each {@link #accept} returns the output samples whose filter taps have all
     * arrived, {@link #finish} the rest (the signal's end counting as zeros after it); all the pieces joined
     * equal {@link #resample} of the whole signal. Keeps only the input the next outputs reach. One per signal.
     */
    public final class Stream {
        private float[] held = new float[1024];   // input samples [heldStart, received)
        private long heldStart, received, nextOut;
        private final double[] scratch = table == null ? new double[numTaps] : null;

        private Stream() {}

        /** Input samples x[0 .. n); returns the output samples now complete (possibly none). */
        public float[] accept(float[] x, int n) {
            if (n < 0 || n > x.length) throw new IllegalArgumentException("n = " + n + " outside 0.." + x.length);
            if (inputRateHz == outputRateHz) {
                received += n;
                return java.util.Arrays.copyOf(x, n);
            }
            int have = (int) (received - heldStart);
            if (have + n > held.length) held = java.util.Arrays.copyOf(held, Math.max(2 * held.length, have + n));
            System.arraycopy(x, 0, held, have, n);
            received += n;
            long last = nextOut;   // outputs n whose last tap base(n) + firstTap + numTaps - 1 has arrived
            while ((last * inStep) / outStep + firstTap + numTaps <= received) last++;
            return emit(last);
        }

        /** The end of the signal: the remaining output samples, up to {@link #outputLength} of all the input. */
        public float[] finish() {
            if (inputRateHz == outputRateHz) return new float[0];
            long total = ((received) * outStep + inStep - 1) / inStep;
            return emit(Math.max(nextOut, total));
        }

        private float[] emit(long end) {
            float[] out = new float[(int) (end - nextOut)];
            for (int i = 0; i < out.length; i++) out[i] = (float) outputSample(nextOut + i, held, heldStart, received, scratch);
            nextOut = end;
            long keep = Math.max(heldStart, Math.min(received, (nextOut * inStep) / outStep + firstTap));   // the next output's first tap
            int drop = (int) (keep - heldStart);
            if (drop > 0) {
                System.arraycopy(held, drop, held, 0, (int) (received - keep));
                heldStart = keep;
            }
            return out;
        }
    }

    /** Weights of the taps k = base + firstTap + j, j in [0, numTaps), for output phase {@code phase}. */
    private void fillWeights(int phase, double[] w) {
        double frac = phase / (double) outStep;   // output position minus base, in input samples
        double scale = 2 * cutoffHz / inputRateHz;
        for (int j = 0; j < numTaps; j++) {
            double tauS = (frac - (firstTap + j)) / inputRateHz;   // t - k / inputRate, seconds
            if (Math.abs(tauS) >= halfWidthS) {
                w[j] = 0;
                continue;
            }
            double window = 0.5 + 0.5 * Math.cos(Math.PI * tauS / halfWidthS);
            double u = 2 * cutoffHz * tauS;
            double sinc = u == 0 ? 1 : Math.sin(Math.PI * u) / (Math.PI * u);
            w[j] = scale * sinc * window;
        }
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
