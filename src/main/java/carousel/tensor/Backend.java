package carousel.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the process-wide {@link Blas} once and says which, on standard error, and holds the thread
 * count; both are read from the settings below once, at first use, never per call.
 *
 * <p>Setting {@code carousel.blas} (system property) or {@code CAROUSEL_BLAS} (environment):
 * {@code auto} (default: of the system libopenblas and the one bundled in the Maven artifact, the one
 * whose kernels suit this CPU best, by {@link BlasChoice}; else pure Java),
 * {@code system}, {@code bundled}, or {@code java}. {@code carousel.openblas.lib} /
 * {@code CAROUSEL_OPENBLAS_LIB} names a specific system library file. Threads: {@code carousel.threads}
 * / {@code CAROUSEL_THREADS}, default the number of available processors. How OpenBLAS uses them:
 * {@code carousel.blas.threading} / {@code CAROUSEL_BLAS_THREADING} = {@code split} (default: the
 * library runs single-threaded and {@link ParallelBlas} splits large products over Carousel's own
 * threads) or {@code library} (OpenBLAS's own threads). The kernel of the int8 streaming weights:
 * {@link #int8Gemm} ({@link Int8Choice} lists its settings). The products of training in bf16, when a
 * trainer asks for them: {@link #products}.
 */
public final class Backend {
    private static volatile Blas blas;
    private static volatile boolean quiet;
    private static volatile Int8Choice.Decision int8;
    private static volatile Blas bf16Products;
    /** 0 until first read, see {@link #configuredThreads}. */
    private static volatile int threads;

    private Backend() {}

    /** Suppresses the one-line backend report (for commands whose standard error must stay clean). */
    public static void quiet(boolean q) { quiet = q; }

    public static Blas blas() {
        Blas b = blas;
        if (b == null) {
            synchronized (Backend.class) {
                if (blas == null) blas = choose();
                b = blas;
            }
        }
        return b;
    }

    /**
     * oneDNN's int8 product where {@link Int8Choice} took it for the int8 streaming weights, else null
     * (the Vector API tiles); chosen at the first int8 product and said in one line on standard error.
     */
    public static Int8Gemm int8Gemm() { return int8Decision().gemm(); }

    /**
     * oneDNN's int8 matmul primitive where {@link Int8Choice} took it (the products then run on
     * weights packed for it, and fall back to {@link #int8Gemm} for a row count it cannot take), else null.
     */
    public static Int8MatMul int8MatMul() { return int8Decision().matmul(); }

    private static Int8Choice.Decision int8Decision() {
        Int8Choice.Decision d = int8;
        if (d == null) {
            synchronized (Backend.class) {
                if (int8 == null) {
                    int8 = Int8Choice.choose(setting("carousel.int8", "CAROUSEL_INT8"), setting("carousel.dnnl.lib", "CAROUSEL_DNNL_LIB"));
                    report(int8.line());
                }
                d = int8;
            }
        }
        return d;
    }

    /**
     * The BLAS of training's large whole-chunk products in precision p ({@link Products}): {@link #blas}
     * for F32; for BF16, {@link Bf16Blas} over oneDNN ({@code carousel.dnnl.lib} /
     * {@code CAROUSEL_DNNL_LIB} names the library file, as for int8), decided at the first request and
     * said in one line on standard error. Where the CPU has no AVX512-BF16 (oneDNN would convert
     * bf16 back to float32 in its kernels, slower than float32 products) or oneDNN does not load or
     * fails its check, the line says so and the products stay float32.
     */
    public static Blas products(Products p) {
        if (p == Products.F32) return blas();
        Blas b = bf16Products;
        if (b == null) {
            synchronized (Backend.class) {
                if (bf16Products == null) bf16Products = chooseBf16();
                b = bf16Products;
            }
        }
        return b;
    }

    private static Blas chooseBf16() {
        Bf16Choice c = bf16Choice(Bf16Gemm.cpuHasBf16Dot(), setting("carousel.dnnl.lib", "CAROUSEL_DNNL_LIB"), configuredThreads());
        report(c.line());
        return c.blas() != null ? c.blas() : blas();
    }

    /** The bf16 products ({@code blas}; null: stay float32) and the line that says which. */
    record Bf16Choice(Bf16Blas blas, String line) {}

    /** {@link #products}' rule for BF16: bf16 where the CPU has its dot product and oneDNN loads and passes its check. */
    static Bf16Choice bf16Choice(boolean cpuHasBf16Dot, String lib, int threads) {
        String why;
        if (!cpuHasBf16Dot) why = "this CPU has no AVX512-BF16 dot product (avx512_bf16 in /proc/cpuinfo)";
        else {
            try {
                Bf16Blas b = new Bf16Blas(Bf16Gemm.load(lib), threads);
                return new Bf16Choice(b, "carousel: training products: " + b.describe() + "; per-step recurrent products and all else float32");
            } catch (IllegalStateException | UnsatisfiedLinkError e) {
                why = e.getMessage();
            }
        }
        return new Bf16Choice(null, "carousel: training products: float32 (bf16 asked for, not available: " + why + ")");
    }

    /**
     * Threads for Carousel's own parallel work (row ranges of the time loops, split products): read once,
     * at first use, from {@code carousel.threads} / {@code CAROUSEL_THREADS} (default the available
     * processors); kernels then read this field, never the properties or the environment.
     */
    public static int configuredThreads() {
        int t = threads;
        if (t == 0) {
            synchronized (Backend.class) {
                if (threads == 0) threads = readThreads();
                t = threads;
            }
        }
        return t;
    }

    /**
     * The thread count for a command that runs work side by side (lag-task trials, Spark tasks) and
     * wants fewer threads per piece, unless the user set {@code carousel.threads} / {@code CAROUSEL_THREADS},
     * which wins. Call before the first kernel: a BLAS already chosen keeps its own count.
     */
    public static synchronized void defaultThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        if (setting("carousel.threads", "CAROUSEL_THREADS") == null) threads = n;
    }

    /** Sets the thread count of the row-split time loops from now on (tests that compare counts). */
    public static synchronized void threads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be at least 1, got " + n);
        threads = n;
    }

    private static int readThreads() {
        String t = setting("carousel.threads", "CAROUSEL_THREADS");
        if (t == null) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(t.trim());
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("carousel.threads / CAROUSEL_THREADS must be a positive integer, got '" + t + "'");
        }
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        return v != null ? v : System.getenv(env);
    }

    private static Blas choose() {
        String want = setting("carousel.blas", "CAROUSEL_BLAS");
        want = want == null ? "auto" : want.trim().toLowerCase(java.util.Locale.ROOT);
        int threads = configuredThreads();
        String threading = setting("carousel.blas.threading", "CAROUSEL_BLAS_THREADING");
        threading = threading == null ? "split" : threading.trim().toLowerCase(java.util.Locale.ROOT);
        if (!threading.equals("split") && !threading.equals("library"))
            throw new IllegalArgumentException("carousel.blas.threading / CAROUSEL_BLAS_THREADING must be split or library, got '" + threading + "'");
        boolean split = threading.equals("split") && !want.equals("java");
        int libraryThreads = split ? 1 : threads;
        String lib = setting("carousel.openblas.lib", "CAROUSEL_OPENBLAS_LIB");
        List<String> failures = new ArrayList<>();
        Blas chosen = null;
        String why = "";
        switch (want) {
            case "system" -> chosen = trySystem(lib, libraryThreads, failures);
            case "bundled" -> chosen = tryBundled(libraryThreads, failures);
            case "java" -> chosen = new JavaBlas(threads);
            case "auto" -> {
                List<NativeBlas> loaded = new ArrayList<>();
                NativeBlas s = trySystem(lib, libraryThreads, failures);
                if (s != null) loaded.add(s);
                NativeBlas b = tryBundled(libraryThreads, failures);
                if (b != null) loaded.add(b);
                if (!loaded.isEmpty()) {
                    BlasChoice.Decision d = autoChoice(loaded, s != null);
                    chosen = loaded.get(d.chosen());
                    why = "; auto: " + d.reason();
                }
            }
            default -> throw new IllegalArgumentException("carousel.blas / CAROUSEL_BLAS must be auto, system, bundled or java, got '" + want + "'");
        }
        if (chosen == null) {
            chosen = new JavaBlas(threads);
            report("carousel: no native OpenBLAS could be loaded (" + String.join("; ", failures)
                    + "); using the pure-Java Vector API kernels, several times slower");
        } else if (split && threads > 1 && chosen instanceof NativeBlas) {
            chosen = new ParallelBlas(chosen, threads);
        }
        report("carousel: BLAS " + chosen.describe() + ", " + chosen.threads() + " thread(s)" + why);
        return chosen;
    }

    /** {@link BlasChoice} over the libraries that loaded, with its probe cached per CPU and library. */
    private static BlasChoice.Decision autoChoice(List<NativeBlas> loaded, boolean firstIsSystem) {
        BlasChoice.Cpu cpu = BlasChoice.Cpu.detect();
        List<BlasChoice.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++)
            candidates.add(new BlasChoice.Candidate(i == 0 && firstIsSystem ? "system" : "bundled", loaded.get(i).version(), loaded.get(i).core()));
        BlasChoice.Cache cache = BlasChoice.Cache.standard();
        String key = BlasChoice.Cache.key(cpu, loaded.get(0).threads(), candidates);
        boolean[] cached = {false};
        BlasChoice.Decision d = BlasChoice.decide(cpu, candidates, () -> {
            double[] g = cache.get(key, loaded.size());
            if (g != null) {
                cached[0] = true;
                return g;
            }
            g = BlasChoice.probe(new ArrayList<>(loaded));
            cache.put(key, g);
            return g;
        });
        return cached[0] ? new BlasChoice.Decision(d.chosen(), d.reason() + " (probe cached)") : d;
    }

    private static void report(String line) {
        if (!quiet) System.err.println(line);
    }

    private static NativeBlas trySystem(String lib, int threads, List<String> failures) {
        try {
            return NativeBlas.system(lib, threads);
        } catch (Throwable t) {
            failures.add("system: " + t.getMessage());
            return null;
        }
    }

    private static NativeBlas tryBundled(int threads, List<String> failures) {
        try {
            return NativeBlas.bundled(threads);
        } catch (Throwable t) {
            failures.add("bundled: " + t.getMessage());
            return null;
        }
    }
}
