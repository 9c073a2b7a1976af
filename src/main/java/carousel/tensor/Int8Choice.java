package carousel.tensor;

import java.util.Locale;

/**
 * Which kernel the int8 streaming weights ({@link Int8Matrix}) multiply with, chosen once per process
 * by {@link Backend#int8Gemm} and said in one line: oneDNN's exact int8 product (activations
 * quantized per stream) by its matmul primitive on weights packed at load ({@link Int8MatMul}) or by
 * its BLAS-style gemm ({@link Int8Gemm}, the fallback for any row count the primitive cannot take),
 * or the Vector API tiles (int8 weights widened to float32, activations float32).
 *
 * <p>Setting {@code carousel.int8} / {@code CAROUSEL_INT8}: {@code auto} (default: the fastest in a
 * short probe on this CPU of those that load and pass their exactness checks, the matmul primitive
 * unless it is more than 10 % slower than the gemm there), {@code onednn}
 * (oneDNN whenever it loads: the matmul primitive where it works, else the gemm),
 * {@code onednn-gemm} (oneDNN's gemm alone), {@code java} (the tiles). The probe takes a second or two (the tiles
 * must be compiled by the JIT first) and is cached per CPU and library beside the OpenBLAS probe
 * ({@link BlasChoice.Cache}). {@code carousel.dnnl.lib} /
 * {@code CAROUSEL_DNNL_LIB} names the library file (default {@code libdnnl.so.2}).
 */
final class Int8Choice {
    /** The probe's product: 32 streams (B4's batch) through a (rows, cols) matrix. */
    private static final int PROBE_M = 32, PROBE_ROWS = 512, PROBE_COLS = 256, PROBE_ROUNDS = 20;
    /** The probe runs at least this long, so that the JIT has compiled the tiles before their best round, and at most {@link #PROBE_MAX_NANOS}. */
    private static final long PROBE_NANOS = 1_500_000_000L, PROBE_MAX_NANOS = 5_000_000_000L;

    /** The matmul primitive is taken unless its probe rate is below this fraction of the gemm's. */
    static final double MATMUL_MARGIN = 0.9;

    /** What was chosen (gemm null: the tiles; matmul null: the gemm alone) and the line that says so. */
    record Decision(Int8Gemm gemm, Int8MatMul matmul, String line) {
        Decision(Int8Gemm gemm, String line) { this(gemm, null, line); }
    }

    private Int8Choice() {}

    static Decision choose(String want, String lib) {
        String w = want == null ? "auto" : want.trim().toLowerCase(Locale.ROOT);
        if (!w.equals("auto") && !w.equals("onednn") && !w.equals("onednn-gemm") && !w.equals("java"))
            throw new IllegalArgumentException("carousel.int8 / CAROUSEL_INT8 must be auto, onednn, onednn-gemm or java, got '" + want + "'");
        String tiles = "carousel: int8 products: Java Vector API tiles (int8 weights widened to float32, float32 activations)";
        if (w.equals("java")) return new Decision(null, tiles + "; CAROUSEL_INT8=java");
        Int8Gemm g;
        try {
            g = Int8Gemm.load(lib);
        } catch (IllegalStateException | UnsatisfiedLinkError e) {
            return new Decision(null, tiles + "; oneDNN not used: " + e.getMessage());
        }
        Int8MatMul mm = null;
        String noMatMul = "";
        if (!w.equals("onednn-gemm")) {
            try {
                mm = Int8MatMul.load(lib);
            } catch (IllegalStateException | UnsatisfiedLinkError e) {
                noMatMul = "; matmul primitive not used: " + e.getMessage();
            }
        }
        String gemmLine = "carousel: int8 products: " + g.describe() + ", activations quantized per stream to 8 bits";
        String mmLine = mm == null ? null : "carousel: int8 products: " + mm.describe() + ", else " + g.describe()
                + ", activations quantized per stream to 8 bits";
        if (w.equals("onednn-gemm")) return new Decision(g, gemmLine + "; CAROUSEL_INT8=onednn-gemm");
        if (w.equals("onednn")) return mm != null ? new Decision(g, mm, mmLine + "; CAROUSEL_INT8=onednn") : new Decision(g, gemmLine + noMatMul + "; CAROUSEL_INT8=onednn");
        BlasChoice.Cache cache = BlasChoice.Cache.standard();
        BlasChoice.Cpu cpu = BlasChoice.Cpu.detect();
        java.util.List<BlasChoice.Candidate> candidates = new java.util.ArrayList<>(java.util.List.of(new BlasChoice.Candidate("int8", g.describe(), "Java tiles")));
        if (mm != null) candidates.add(new BlasChoice.Candidate("int8", mm.describe(), ""));
        String key = BlasChoice.Cache.key(cpu, 1, candidates);
        double[] rate = cache.get(key, 3);
        boolean cached = rate != null;
        boolean steady = true;
        if (!cached) {
            double[] p = probe(g, mm);
            rate = new double[]{p[0], p[1], p[2]};
            steady = p[3] > 0;
            if (steady) cache.put(key, rate);
        }
        String probe = String.format(Locale.ROOT, "probe %d streams x (%d, %d): oneDNN gemm %.1f GOP/s, %sJava tiles %.1f GFLOP/s",
                PROBE_M, PROBE_ROWS, PROBE_COLS, rate[0], mm == null ? "" : String.format(Locale.ROOT, "matmul primitive %.1f GOP/s, ", rate[2]), rate[1])
                + (cached ? " (probe cached)" : steady ? "" : " (the tiles were still speeding up: not cached)");
        if (Math.max(rate[0], rate[2]) <= rate[1]) return new Decision(null, tiles + "; auto: " + probe + noMatMul);
        // the primitive unless the gemm is clearly faster: the probe's weights stay in cache, where the gemm's
        // repacking costs least; in a model's step the weights come from farther away on every call
        return mm != null && rate[2] >= MATMUL_MARGIN * rate[0] ? new Decision(g, mm, mmLine + "; auto: " + probe)
                : new Decision(g, gemmLine + "; auto: " + probe + noMatMul);
    }

    /**
     * Multiply-adds ×2 per second of oneDNN's gemm (its int32 sums alone: quantizing the activations
     * and scaling the sums back add work linear in the matrix sides, not their product), of the
     * tiles, and of the matmul primitive on the same weights packed once (0 where mm is null), on one
     * random product, rounds interleaved, the fastest of each kept: at least {@link #PROBE_ROUNDS}
     * rounds and {@link #PROBE_NANOS}, since the tiles' first rounds run interpreted, before the JIT
     * compiles them (at most {@link #PROBE_MAX_NANOS}: on a busy machine the compiler may not get
     * there in time, and the tiles' rate is then low). Returns the three rates and 1 if the tiles'
     * last round was within 1.5 × their best (compiled: a result worth caching), else 0.
     */
    static double[] probe(Int8Gemm g, Int8MatMul mm) {
        Rng r = new Rng(3);
        float[] w = new float[PROBE_ROWS * PROBE_COLS], a = new float[PROBE_M * PROBE_COLS], c = new float[PROBE_M * PROBE_ROWS];
        for (int i = 0; i < w.length; i++) w[i] = (float) r.uniform(-1, 1);
        for (int i = 0; i < a.length; i++) a[i] = (float) r.uniform(-1, 1);
        Int8Matrix q = PackedMatrix.pack(w, 0, PROBE_COLS, PROBE_ROWS, PROBE_COLS, null, 0).toInt8();
        byte[] u = new byte[PROBE_M * PROBE_COLS], wq = new byte[PROBE_ROWS * PROBE_COLS];
        for (int i = 0; i < u.length; i++) u[i] = (byte) r.nextInt(256);
        for (int i = 0; i < wq.length; i++) wq[i] = (byte) (r.nextInt(255) - 127);
        int[] acc = new int[PROBE_M * PROBE_ROWS];
        Int8MatMul.Packed packed = mm == null ? null : mm.pack(wq, 0, PROBE_ROWS, PROBE_COLS);
        java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofAuto();
        java.lang.foreign.MemorySegment src = arena.allocate(u.length, 64), dst = arena.allocate(4L * acc.length, 64);
        java.lang.foreign.MemorySegment.copy(u, 0, src, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, u.length);
        double best0 = Double.MAX_VALUE, best1 = Double.MAX_VALUE, best2 = Double.MAX_VALUE, last1 = Double.MAX_VALUE;
        long start = System.nanoTime();
        for (int round = 0; (round < PROBE_ROUNDS || System.nanoTime() - start < PROBE_NANOS) && System.nanoTime() - start < PROBE_MAX_NANOS; round++) {
            long t0 = System.nanoTime();
            g.gemm(PROBE_M, PROBE_ROWS, PROBE_COLS, u, 0, PROBE_COLS, wq, 0, PROBE_COLS, acc, 0, PROBE_ROWS);
            long t1 = System.nanoTime();
            q.floatRows(PROBE_M, a, 0, PROBE_COLS, c, 0, PROBE_ROWS);
            long t2 = System.nanoTime();
            if (packed != null && !mm.multiply(packed, PROBE_M, src, dst)) packed = null;
            long t3 = System.nanoTime();
            best0 = Math.min(best0, t1 - t0);
            best1 = Math.min(best1, t2 - t1);
            if (packed != null) best2 = Math.min(best2, t3 - t2);
            last1 = t2 - t1;
        }
        double ops = 2.0 * PROBE_M * PROBE_ROWS * PROBE_COLS;
        return new double[]{ops / best0, ops / best1, best2 == Double.MAX_VALUE ? 0 : ops / best2, last1 <= 1.5 * best1 ? 1 : 0};
    }
}
