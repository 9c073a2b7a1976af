package carousel.tensor;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Which OpenBLAS {@code CAROUSEL_BLAS=auto} takes when more than one loads, and why, in words.
 *
 * <p>The rule, in order: (1) the kernels each library chose for this CPU ({@code openblas_get_corename})
 * are ranked by the widest vector instructions they use; a library whose kernels use less than the
 * best candidate's is dropped — an OpenBLAS too old to know the CPU falls back to generic kernels
 * (Debian's 0.3.21 reports {@code Prescott}, SSE3 only, on Intel Xeons of 2023, and ran LSTMP
 * training 2.6× slower than the bundled 0.3.31 there). (2) Between libraries left with equal kernels,
 * a short sgemm probe on two LSTM-shaped products decides: the newer version is kept
 * unless another is at least {@link #MARGIN} faster. Probe results are cached per CPU and library
 * (see {@link Cache}), so the choice is made once per machine and stays the same from run to run.
 */
final class BlasChoice {
    /** A fastest library must beat the newest one by this factor to be chosen over it. */
    static final double MARGIN = 1.10;

    /** The widest vector instructions a CPU offers or a kernel family uses. */
    enum Isa {
        SSE("SSE"), AVX("AVX"), AVX2("AVX2"), AVX512("AVX-512");
        final String label;
        Isa(String label) { this.label = label; }
    }

    /** The CPU this process runs on: model name and widest vector instructions (null when unknown). */
    record Cpu(String model, Isa isa) {
        /** From /proc/cpuinfo's first processor; model "unknown" and isa null where that cannot be read. */
        static Cpu detect() {
            try {
                return parse(Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.ISO_8859_1));
            } catch (IOException | RuntimeException e) {
                return new Cpu("unknown", null);
            }
        }

        static Cpu parse(String cpuinfo) {
            String model = "unknown";
            String flags = null;
            for (String line : cpuinfo.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) continue;
                String key = line.substring(0, colon).trim(), value = line.substring(colon + 1).trim();
                if (key.equals("model name") && model.equals("unknown")) model = value;
                if (key.equals("flags") && flags == null) flags = " " + value + " ";
            }
            if (flags == null) return new Cpu(model, null);
            Isa isa = Isa.SSE;
            if (flags.contains(" avx ")) isa = Isa.AVX;
            if (flags.contains(" avx2 ") && flags.contains(" fma ")) isa = Isa.AVX2;
            if (flags.contains(" avx512f ") && flags.contains(" avx512bw ") && flags.contains(" avx512vl ") && flags.contains(" avx512dq "))
                isa = Isa.AVX512;
            return new Cpu(model, isa);
        }
    }

    /** A library that loaded: where from ("system", "bundled"), its version and its kernel family. */
    record Candidate(String source, String version, String core) {
        String label() { return source + " OpenBLAS " + version; }
    }

    /** The index of the chosen candidate and one line saying why. */
    record Decision(int chosen, String reason) {}

    private BlasChoice() {}

    /**
     * The widest instructions of an OpenBLAS kernel family, by the names of OpenBLAS's
     * {@code driver/others/dynamic.c}; null for a name this table does not know (a newer family).
     */
    static Isa coreIsa(String core) {
        return switch (core.toLowerCase(Locale.ROOT)) {
            case "unknown", "generic", "katmai", "coppermine", "northwood", "prescott", "banias", "atom", "core2",
                 "penryn", "dunnington", "nehalem", "athlon", "opteron", "opteron_sse3", "barcelona", "nano", "bobcat" -> Isa.SSE;
            case "sandybridge", "bulldozer", "piledriver", "steamroller" -> Isa.AVX;
            case "haswell", "excavator", "zen", "skylake" -> Isa.AVX2;
            case "skylakex", "cooperlake", "sapphirerapids" -> Isa.AVX512;
            default -> null;
        };
    }

    /**
     * Decides between the candidates. {@code probe} returns the sgemm GFLOP/s of every candidate (same
     * order) and is called only when the kernel families leave more than one.
     */
    static Decision decide(Cpu cpu, List<Candidate> candidates, Supplier<double[]> probe) {
        if (candidates.isEmpty()) throw new IllegalArgumentException("no candidates");
        if (candidates.size() == 1) return new Decision(0, "the only OpenBLAS that loaded");
        // (1) kernel families, capped by what the CPU offers; an unknown family is taken to use what the CPU has
        Isa[] level = new Isa[candidates.size()];
        Isa best = null;
        for (int i = 0; i < level.length; i++) {
            Isa core = coreIsa(candidates.get(i).core());
            Isa l = core == null ? cpu.isa() : core;
            if (l != null && cpu.isa() != null && l.compareTo(cpu.isa()) > 0) l = cpu.isa();
            level[i] = l;
            if (l != null && (best == null || l.compareTo(best) > 0)) best = l;
        }
        List<Integer> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < level.length; i++) {
            if (best == null || level[i] == best) kept.add(i);
            else {
                Candidate c = candidates.get(i);
                dropped.add(c.label() + " runs " + c.core() + " kernels (" + level[i].label + ")");
            }
        }
        String cpuWords = cpu.isa() == null ? "this CPU" : "this " + cpu.isa().label + " CPU";
        if (kept.size() == 1) {
            Candidate c = candidates.get(kept.get(0));
            return new Decision(kept.get(0), String.join("; ", dropped) + " on " + cpuWords + ", "
                    + c.label() + " runs " + c.core() + " kernels (" + (best == null ? "?" : best.label) + ")");
        }
        // (2) equal kernel families: the probe, with the newest version preferred within the margin
        double[] gflops = probe.get();
        int newest = kept.get(0);
        for (int i : kept) if (compareVersions(candidates.get(i).version(), candidates.get(newest).version()) > 0) newest = i;
        int fastest = newest;
        for (int i : kept) if (gflops[i] > gflops[fastest]) fastest = i;
        int chosen = gflops[fastest] >= MARGIN * gflops[newest] ? fastest : newest;
        StringBuilder why = new StringBuilder();
        if (!dropped.isEmpty()) why.append(String.join("; ", dropped)).append(" on ").append(cpuWords).append("; ");
        List<String> probes = new ArrayList<>();
        for (int i : kept) {
            Candidate c = candidates.get(i);
            probes.add(c.label() + " (" + c.core() + ") " + String.format(Locale.ROOT, "%.1f", gflops[i]) + " GFLOP/s");
        }
        why.append("sgemm probe: ").append(String.join(", ", probes));
        why.append(chosen == newest && fastest != newest ? "; within " + Math.round((MARGIN - 1) * 100) + "%, the newer version"
                : chosen == newest ? "; the newer version is also the fastest" : "; the fastest");
        return new Decision(chosen, why.toString());
    }

    /** Numeric comparison of dotted versions ("0.3.21" < "0.3.31"); non-numeric parts compare as 0. */
    static int compareVersions(String a, String b) {
        String[] x = a.split("[.]"), y = b.split("[.]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int u = i < x.length ? leadingInt(x[i]) : 0, v = i < y.length ? leadingInt(y[i]) : 0;
            if (u != v) return Integer.compare(u, v);
        }
        return 0;
    }

    private static int leadingInt(String s) {
        int n = 0, i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && n < 100_000_000) n = n * 10 + (s.charAt(i++) - '0');
        return n;
    }

    /**
     * The sgemm rate of each library (with the thread count it was loaded with: one, unless
     * {@code CAROUSEL_BLAS_THREADING=library}) on the two product shapes that dominate LSTM training
     * (a batch-32 gate product (32, 4096, 1280) and a batched input product (640, 4096, 256)): rounds
     * interleaved across the libraries, the fastest round of each kept (the least disturbed by other
     * load), about half a second in all.
     */
    static double[] probe(List<Blas> libraries) {
        int[][] shapes = {{32, 4096, 1280}, {640, 4096, 256}};
        int maxA = 0, maxB = 0, maxC = 0;
        double flops = 0;
        for (int[] s : shapes) {
            maxA = Math.max(maxA, s[0] * s[2]);
            maxB = Math.max(maxB, s[1] * s[2]);
            maxC = Math.max(maxC, s[0] * s[1]);
            flops += 2.0 * s[0] * s[1] * s[2];
        }
        Rng rng = new Rng(1);
        float[] a = new float[maxA], b = new float[maxB], c = new float[maxC];
        for (int i = 0; i < a.length; i++) a[i] = (float) rng.uniform(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rng.uniform(-1, 1);
        double[] bestSeconds = new double[libraries.size()];
        java.util.Arrays.fill(bestSeconds, Double.MAX_VALUE);
        for (int round = 0; round < 6; round++) {
            for (int l = 0; l < libraries.size(); l++) {
                Blas blas = libraries.get(l);
                long t0 = System.nanoTime();
                for (int[] s : shapes)   // C(m, n) = A(m, k) * B(n, k)^T, as Linear computes x W^T
                    blas.sgemm(false, true, s[0], s[1], s[2], 1f, a, 0, s[2], b, 0, s[2], 0f, c, 0, s[1]);
                double seconds = (System.nanoTime() - t0) * 1e-9;
                if (round > 0) bestSeconds[l] = Math.min(bestSeconds[l], seconds);   // round 0 warms up
            }
        }
        double[] gflops = new double[libraries.size()];
        for (int l = 0; l < gflops.length; l++) gflops[l] = flops / bestSeconds[l] * 1e-9;
        return gflops;
    }

    /**
     * Probe results kept between runs in {@code blas-probe.properties} under the cache folder
     * ({@code carousel.cache.dir} / {@code CAROUSEL_CACHE_DIR}, else {@code $XDG_CACHE_HOME/carousel},
     * else {@code ~/.cache/carousel}), keyed by the CPU's model and instructions and every candidate's
     * source, version and kernel family. A folder that cannot be written only means probing again.
     */
    static final class Cache {
        private final Path file;

        Cache(Path dir) { this.file = dir.resolve("blas-probe.properties"); }

        static Cache standard() {
            String dir = System.getProperty("carousel.cache.dir");
            if (dir == null) dir = System.getenv("CAROUSEL_CACHE_DIR");
            if (dir == null) {
                String xdg = System.getenv("XDG_CACHE_HOME");
                dir = (xdg != null && !xdg.isBlank() ? xdg : System.getProperty("user.home") + "/.cache") + "/carousel";
            }
            return new Cache(Path.of(dir));
        }

        static String key(Cpu cpu, int libraryThreads, List<Candidate> candidates) {
            StringBuilder k = new StringBuilder(cpu.model() + "|" + cpu.isa() + "|" + libraryThreads + "t");
            for (Candidate c : candidates) k.append('|').append(c.source()).append(' ').append(c.version()).append(' ').append(c.core());
            return k.toString().replaceAll("[^A-Za-z0-9.|@()_ -]", "_");
        }

        /** The cached GFLOP/s for this key, or null. */
        double[] get(String key, int n) {
            Properties p = load();
            String v = p.getProperty(key);
            if (v == null) return null;
            String[] parts = v.split(",");
            if (parts.length != n) return null;
            double[] g = new double[n];
            try {
                for (int i = 0; i < n; i++) g[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            for (double x : g) if (!(x > 0) || Double.isInfinite(x)) return null;
            return g;
        }

        void put(String key, double[] gflops) {
            try {
                Files.createDirectories(file.getParent());
                Properties p = load();
                StringBuilder v = new StringBuilder();
                for (int i = 0; i < gflops.length; i++) v.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "%.3f", gflops[i]));
                p.setProperty(key, v.toString());
                Path tmp = Files.createTempFile(file.getParent(), "blas-probe", ".tmp");
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.ISO_8859_1)) {
                    p.store(w, "Carousel: probe rates (sgemm GFLOP/s of each OpenBLAS; int8 GOP/s), per CPU (delete to probe again)");
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                // not cached: the next run probes again
            }
        }

        private Properties load() {
            Properties p = new Properties();
            if (Files.isRegularFile(file)) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                    p.load(r);
                } catch (IOException | RuntimeException e) {
                    return new Properties();
                }
            }
            return p;
        }
    }
}
