package carousel.tensor;

/**
 * SplitMix64 random numbers with an explicit 64-bit state, so that a training run's randomness is
 * seeded, reproducible and saved in checkpoints (resuming continues the same stream).
 */
public final class Rng {
    private long state;

    public Rng(long seed) { this.state = seed; }

    public long state() { return state; }
    public void setState(long s) { state = s; }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform integer in [0, n). */
    public int nextInt(int n) {
        if (n <= 0) throw new IllegalArgumentException("bound must be positive, got " + n);
        return (int) ((nextLong() >>> 33) % n);
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) { return lo + (hi - lo) * nextDouble(); }

    public double gaussian() {
        double u = 1 - nextDouble(), v = nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Fills t uniformly in [-range, range]. */
    public void fillUniform(Tensor t, double range) {
        for (int i = 0; i < t.size(); i++) t.set(i, uniform(-range, range));
    }
}
