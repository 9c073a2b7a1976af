package carousel.tensor;

import java.util.Locale;

/**
 * Which kernel the int8 streaming weights ({@link Int8Matrix}) multiply with, chosen once per process
 * by {@link Backend#int8Gemm} and said in one line: oneDNN's exact int8 product ({@link Int8Gemm},
 * activations quantized per stream) or the Vector API tiles (int8 weights widened to float32,
 * activations float32).
 *
 * <p>Setting {@code carousel.int8} / {@code CAROUSEL_INT8}: {@code auto} (default: oneDNN when it
 * loads, passes its exactness check and is faster in a short probe on this CPU), {@code onednn}
 * (oneDNN whenever it loads), {@code java} (the tiles). The probe takes a second or two (the tiles
 * must be compiled by the JIT first) and is cached per CPU and library beside the OpenBLAS probe
 * ({@link BlasChoice.Cache}). {@code carousel.dnnl.lib} /
 * {@code CAROUSEL_DNNL_LIB} names the library file (default {@code libdnnl.so.2}).
 */
final class Int8Choice {
    /** The probe's product: 32 streams (B4's batch) through a (rows, cols) matrix. */
    private static final int PROBE_M = 32, PROBE_ROWS = 512, PROBE_COLS = 256, PROBE_ROUNDS = 20;
    /** The probe runs at least this long, so that the JIT has compiled the tiles before their best round, and at most {@link #PROBE_MAX_NANOS}. */
    private static final long PROBE_NANOS = 1_500_000_000L, PROBE_MAX_NANOS = 5_000_000_000L;

    /** What was chosen (null: the tiles) and the line that says so. */
    record Decision(Int8Gemm gemm, String line) {}

    private Int8Choice() {}

    static Decision choose(String want, String lib) {
        String w = want == null ? "auto" : want.trim().toLowerCase(Locale.ROOT);
        if (!w.equals("auto") && !w.equals("onednn") && !w.equals("java"))
            throw new IllegalArgumentException("carousel.int8 / CAROUSEL_INT8 must be auto, onednn or java, got '" + want + "'");
        String tiles = "carousel: int8 products: Java Vector API tiles (int8 weights widened to float32, float32 activations)";
        if (w.equals("java")) return new Decision(null, tiles + "; CAROUSEL_INT8=java");
        Int8Gemm g;
        try {
            g = Int8Gemm.load(lib);
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            return new Decision(null, tiles + "; oneDNN not used: " + e.getMessage());
        }
        String native_ = "carousel: int8 products: " + g.describe() + ", activations quantized per stream to 8 bits";
        if (w.equals("onednn")) return new Decision(g, native_ + "; CAROUSEL_INT8=onednn");
        BlasChoice.Cache cache = BlasChoice.Cache.standard();
        BlasChoice.Cpu cpu = BlasChoice.Cpu.detect();
        String key = BlasChoice.Cache.key(cpu, 1, java.util.List.of(new BlasChoice.Candidate("int8", g.describe(), "Java tiles")));
        double[] rate = cache.get(key, 2);
        boolean cached = rate != null;
        boolean steady = true;
        if (!cached) {
            double[] p = probe(g);
            rate = new double[]{p[0], p[1]};
            steady = p[2] > 0;
            if (steady) cache.put(key, rate);
        }
        String probe = String.format(Locale.ROOT, "probe %d streams x (%d, %d): oneDNN %.1f GOP/s, Java tiles %.1f GFLOP/s",
                PROBE_M, PROBE_ROWS, PROBE_COLS, rate[0], rate[1]) + (cached ? " (probe cached)" : steady ? "" : " (the tiles were still speeding up: not cached)");
        return rate[0] > rate[1] ? new Decision(g, native_ + "; auto: " + probe) : new Decision(null, tiles + "; auto: " + probe);
    }

    /**
     * Multiply-adds ×2 per second of oneDNN's product (its int32 sums alone: quantizing the
     * activations and scaling the sums back add work linear in the matrix sides, not their product)
     * and of the tiles, on one random product, rounds interleaved, the fastest of each kept: at least
     * {@link #PROBE_ROUNDS} rounds and {@link #PROBE_NANOS}, since the tiles' first rounds run
     * interpreted, before the JIT compiles them (at most {@link #PROBE_MAX_NANOS}: on a busy machine
     * the compiler may not get there in time, and the tiles' rate is then low). Returns the two
     * rates and 1 if the tiles' last round was within 1.5 × their best (compiled: a result worth
     * caching), else 0.
     */
    static double[] probe(Int8Gemm g) {
        Rng r = new Rng(3);
        float[] w = new float[PROBE_ROWS * PROBE_COLS], a = new float[PROBE_M * PROBE_COLS], c = new float[PROBE_M * PROBE_ROWS];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.uniform(-1, 1);
        for (int i = 0; i < a.length; i++) a[i] = (float) r.uniform(-1, 1);
        Int8Matrix q = PackedMatrix.pack(w, 0, PROBE_COLS, PROBE_ROWS, PROBE_COLS, null, 0).toInt8();
        byte[] u = new byte[PROBE_M * PROBE_COLS], wq = new byte[PROBE_ROWS * PROBE_COLS];
        for (int i = 0; i < u.length; i++) u[i] = (byte) r.nextInt(256);
        for (int i = 0; i < wq.length; i++) wq[i] = (byte) (r.nextInt(255) - 127);
        int[] acc = new int[PROBE_M * PROBE_ROWS];
        double best0 = Double.MAX_VALUE, best1 = Double.MAX_VALUE, last1 = Double.MAX_VALUE;
        long start = System.nanoTime();
        for (int round = 0; (round < PROBE_ROUNDS || System.nanoTime() - start < PROBE_NANOS) && System.nanoTime() - start < PROBE_MAX_NANOS; round++) {
            long t0 = System.nanoTime();
            g.gemm(PROBE_M, PROBE_ROWS, PROBE_COLS, u, 0, PROBE_COLS, wq, 0, PROBE_COLS, acc, 0, PROBE_ROWS);
            long t1 = System.nanoTime();
            q.floatRows(PROBE_M, a, 0, PROBE_COLS, c, 0, PROBE_ROWS);
            long t2 = System.nanoTime();
            best0 = Math.min(best0, t1 - t0);
            best1 = Math.min(best1, t2 - t1);
            last1 = t2 - t1;
        }
        double ops = 2.0 * PROBE_M * PROBE_ROWS * PROBE_COLS;
        return new double[]{ops / best0, ops / best1, last1 <= 1.5 * best1 ? 1 : 0};
    }
}
