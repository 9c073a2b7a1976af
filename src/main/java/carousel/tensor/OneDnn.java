package carousel.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The system's oneDNN library ({@code libdnnl.so.2}, Debian's {@code libdnnl2}) opened through the
 * Foreign Function &amp; Memory API: its symbols, its version, and its OpenMP runtime's
 * {@code omp_set_num_threads}. The one loader behind oneDNN's BLAS-style products used here:
 * {@link Int8Gemm} ({@code dnnl_gemm_u8s8s32}), {@link Int8MatMul} (its matmul primitive) and
 * {@link Bf16Gemm} ({@code dnnl_gemm_bf16bf16f32}).
 *
 * <p>Carousel runs each oneDNN call on the calling thread alone ({@link #oneThread}: a per-thread
 * OpenMP setting) and splits large products between its own threads, as {@link ParallelBlas} does
 * for sgemm: OpenMP workers that spin after a call would take the cores the LSTM time loops need.
 */
final class OneDnn {
    final String lib;
    final String version;
    private final SymbolLookup dnnl;
    private final MethodHandle ompThreads;   // omp_set_num_threads, or null where no OpenMP runtime is loaded

    private OneDnn(String lib, SymbolLookup dnnl, SymbolLookup gomp) {
        this.lib = lib;
        this.dnnl = dnnl;
        Linker linker = Linker.nativeLinker();
        ompThreads = gomp == null ? null : gomp.find("omp_set_num_threads")
                .map(s -> linker.downcallHandle(s, FunctionDescriptor.ofVoid(JAVA_INT))).orElse(null);
        String v = "?";
        Optional<MemorySegment> f = dnnl.find("dnnl_version");
        if (f.isPresent()) {
            try {
                MemorySegment info = ((MemorySegment) linker.downcallHandle(f.get(), FunctionDescriptor.of(ADDRESS)).invokeExact()).reinterpret(12);
                v = info.get(JAVA_INT, 0) + "." + info.get(JAVA_INT, 4) + "." + info.get(JAVA_INT, 8);
            } catch (Throwable t) {
                v = "?";
            }
        }
        version = v;
    }

    /**
     * Opens {@code libdnnl.so.2}, or the file {@code path} when non-null; throws
     * IllegalStateException saying why it cannot.
     */
    static OneDnn open(String path) {
        String lib = path != null ? path : "libdnnl.so.2";
        SymbolLookup dnnl;
        try {
            dnnl = SymbolLookup.libraryLookup(lib, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(lib + " not found (Debian: apt-get install libdnnl2)");
        }
        SymbolLookup gomp;
        try {
            gomp = SymbolLookup.libraryLookup("libgomp.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            gomp = null;
        }
        return new OneDnn(lib, dnnl, gomp);
    }

    /** A downcall to the symbol {@code name} (critical: it may read and write heap arrays, and never calls back). */
    MethodHandle downcall(String name, FunctionDescriptor f) {
        MemorySegment s = dnnl.find(name).orElseThrow(() -> new IllegalStateException(lib + ": symbol " + name + " not found"));
        return Linker.nativeLinker().downcallHandle(s, f, Linker.Option.critical(true));
    }

    /** "oneDNN 2.6.3 NAME (libdnnl.so.2)". */
    String describe(String routine) { return "oneDNN " + version + " " + routine + " (" + lib + ")"; }

    /** Tells oneDNN's OpenMP runtime to run the calling thread's next calls on that thread alone. */
    void oneThread() throws Throwable {
        if (ompThreads != null) ompThreads.invokeExact(1);
    }

    /** One downcall that returns oneDNN's status. */
    interface Call {
        int run() throws Throwable;
    }

    /** Runs c on the calling thread alone ({@link #oneThread}); a status other than 0 or a failure throws IllegalStateException naming {@code what}. */
    void call(String what, Call c) {
        try {
            oneThread();
            int status = c.run();
            if (status != 0) throw new IllegalStateException(what + " returned status " + status);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(what + " failed: " + t, t);
        }
    }

    /** Native code does not check array bounds: each call checks that matrix {@code name} (rows, cols) with row stride ld fits its array. */
    static void checkFits(String routine, String name, long length, int off, int rows, int cols, int ld) {
        if (ld < Math.max(1, cols) || off < 0 || (rows > 0 && (long) off + (long) (rows - 1) * ld + cols > length))
            throw new IndexOutOfBoundsException(routine + ": matrix " + name + " (" + rows + "x" + cols + ", ld " + ld + ", offset " + off
                    + ") does not fit its array of " + length);
    }
}
