package carousel.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The read bandwidth one core gets from a buffer of a given size: a Vector API sum over a float
 * array (eight independent accumulators, so the adds never wait on each other and the loads are
 * the limit), best of several passes. Over a buffer the size of a model's weights this is the
 * ceiling for batch-1 streaming, which reads every weight once per frame and does little else
 * with it (docs/results/performance.md compares B3 against it). In {@code tensor}, the one package that
 * uses the Vector API.
 */
public final class ReadBandwidth {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private ReadBandwidth() {}

    /**
     * Bytes per second of the best pass over a fresh buffer of {@code bytes} (rounded down to whole
     * vectors of 8): after warm-up passes (JIT, pages), at least {@code passes} timed passes and at
     * least half a second of them, so that a pass or two escape other processes' load and the JIT
     * has compiled the loop.
     */
    public static double bytesPerSecond(long bytes, int passes) {
        if (passes < 1) throw new IllegalArgumentException("passes must be at least 1, got " + passes);
        long floats = bytes / 4 / (8L * L) * (8L * L);
        if (floats < 8L * L || floats > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("buffer size out of range: " + bytes + " bytes");
        float[] a = new float[(int) floats];
        for (int i = 0; i < a.length; i++) a[i] = (i & 1023) * 1e-3f;
        double best = 0, sink = 0;
        for (int p = 0; p < 5; p++) sink += sum(a);
        long start = System.nanoTime();
        for (int p = 0; p < passes || System.nanoTime() - start < 500_000_000L; p++) {
            long t0 = System.nanoTime();
            sink += sum(a);
            best = Math.max(best, 4.0 * a.length / ((System.nanoTime() - t0) / 1e9));
        }
        if (Double.isNaN(sink)) throw new IllegalStateException("bandwidth probe summed to NaN");
        return best;
    }

    private static double sum(float[] a) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int i = 0; i < a.length; i += 8 * L) {
            s0 = s0.add(FloatVector.fromArray(S, a, i));
            s1 = s1.add(FloatVector.fromArray(S, a, i + L));
            s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * L));
            s4 = s4.add(FloatVector.fromArray(S, a, i + 4 * L));
            s5 = s5.add(FloatVector.fromArray(S, a, i + 5 * L));
            s6 = s6.add(FloatVector.fromArray(S, a, i + 6 * L));
            s7 = s7.add(FloatVector.fromArray(S, a, i + 7 * L));
        }
        return FloatMath.sumLanes(s0.add(s1).add(s2.add(s3)).add(s4.add(s5).add(s6.add(s7))));
    }
}
