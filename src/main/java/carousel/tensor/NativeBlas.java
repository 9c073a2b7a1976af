package carousel.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * OpenBLAS's {@code cblas_sgemm} called through the Foreign Function &amp; Memory API, on heap
 * float arrays passed directly ({@link Linker.Option#critical(boolean)} with heap access: no copies).
 *
 * <p>Two sources: the system library ({@code libopenblas.so.0}, e.g. Debian's libopenblas0-pthread)
 * and the library shipped inside the {@code org.bytedeco:openblas} Maven artifact, extracted once to
 * a cache folder. Only the native library of that artifact is used, not its JavaCPP binding.
 */
public final class NativeBlas implements Blas {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
    static final String BUNDLED_DIR = "org/bytedeco/openblas/linux-x86_64/";
    // Load order matters: libopenblas needs libgfortran, which needs libquadmath and libgcc_s.
    private static final String[] BUNDLED_FILES = {"libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0"};

    private final String description;
    private final String version;
    private final String core;
    private final MethodHandle sgemm;
    private final MethodHandle getThreads;

    private NativeBlas(SymbolLookup lib, String source, int threads) {
        Linker linker = Linker.nativeLinker();
        this.sgemm = linker.downcallHandle(find(lib, "cblas_sgemm"),
                FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        this.getThreads = linker.downcallHandle(find(lib, "openblas_get_num_threads"), FunctionDescriptor.of(JAVA_INT));
        MethodHandle setThreads = linker.downcallHandle(find(lib, "openblas_set_num_threads"), FunctionDescriptor.ofVoid(JAVA_INT));
        MethodHandle config = linker.downcallHandle(find(lib, "openblas_get_config"), FunctionDescriptor.of(ADDRESS));
        MethodHandle corename = linker.downcallHandle(find(lib, "openblas_get_corename"), FunctionDescriptor.of(ADDRESS));
        String cfg, coreName;
        try {
            if (threads > 0) setThreads.invokeExact(threads);
            MemorySegment s = (MemorySegment) config.invokeExact();
            cfg = s.reinterpret(512).getString(0).trim();
            MemorySegment c = (MemorySegment) corename.invokeExact();
            coreName = c.reinterpret(128).getString(0).trim();
        } catch (Throwable t) {
            throw new IllegalStateException("OpenBLAS from " + source + " loaded but could not be configured: " + t, t);
        }
        this.description = cfg + " (" + source + ")";
        this.core = coreName;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("OpenBLAS (\\S+)").matcher(cfg);
        this.version = m.find() ? m.group(1) : "unknown";
    }

    /** The kernel family OpenBLAS chose for this CPU ({@code openblas_get_corename}), e.g. "Cooperlake", "Haswell", "Prescott". */
    public String core() { return core; }

    /** The library's version from its configuration string, e.g. "0.3.21". */
    public String version() { return version; }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException("symbol " + name + " not found in the OpenBLAS library"));
    }

    /** The system's libopenblas.so.0 (or the file named by {@code path} when non-null). */
    public static NativeBlas system(String path, int threads) {
        String lib = path != null ? path : "libopenblas.so.0";
        SymbolLookup lookup = SymbolLookup.libraryLookup(lib, Arena.global());
        return new NativeBlas(lookup, "system library " + lib, threads);
    }

    /** The library inside the org.bytedeco:openblas jar on the class path, extracted to a cache folder. */
    public static NativeBlas bundled(int threads) throws IOException {
        ClassLoader cl = NativeBlas.class.getClassLoader();
        if (cl.getResource(BUNDLED_DIR + "libopenblas.so.0") == null)
            throw new IOException("no " + BUNDLED_DIR + "libopenblas.so.0 on the class path (org.bytedeco:openblas linux-x86_64 jar missing)");
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "carousel-openblas-" + System.getProperty("user.name", "user")
                + "-" + resourceSize(cl, BUNDLED_DIR + "libopenblas.so.0"));
        Files.createDirectories(dir);
        SymbolLookup last = null;
        for (String file : BUNDLED_FILES) {
            Path target = dir.resolve(file);
            if (cl.getResource(BUNDLED_DIR + file) == null) continue;
            if (!Files.exists(target) || Files.size(target) != resourceSize(cl, BUNDLED_DIR + file)) {
                Path tmp = Files.createTempFile(dir, file, ".part");
                try (InputStream in = cl.getResourceAsStream(BUNDLED_DIR + file)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            last = SymbolLookup.libraryLookup(target, Arena.global());
        }
        return new NativeBlas(last, "bundled with org.bytedeco:openblas, " + dir, threads);
    }

    private static long resourceSize(ClassLoader cl, String name) throws IOException {
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) return -1;
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    @Override public String describe() { return description; }

    @Override
    public int threads() {
        try { return (int) getThreads.invokeExact(); } catch (Throwable t) { throw new IllegalStateException(t); }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (Blas.degenerate(m, n, k, beta, c, cOff, ldc)) return;
        checkBounds("A", a, aOff, transA ? k : m, transA ? m : k, lda);
        checkBounds("B", b, bOff, transB ? n : k, transB ? k : n, ldb);
        checkBounds("C", c, cOff, m, n, ldc);
        try {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                    alpha, MemorySegment.ofArray(a).asSlice(aOff * 4L), lda,
                    MemorySegment.ofArray(b).asSlice(bOff * 4L), ldb,
                    beta, MemorySegment.ofArray(c).asSlice(cOff * 4L), ldc);
        } catch (Throwable t) {
            throw new IllegalStateException("cblas_sgemm failed: " + t, t);
        }
    }

    /** Native code does not check array bounds: do it here, once per call. */
    private static void checkBounds(String name, float[] x, int off, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols) || off < 0 || (long) off + (long) (rows - 1) * ld + cols > x.length)
            throw new IndexOutOfBoundsException("sgemm: matrix " + name + " (" + rows + "x" + cols + ", ld " + ld + ", offset " + off
                    + ") does not fit its array of " + x.length);
    }
}
