package carousel.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The same exact int8 product as {@link Int8Gemm}, C (m, n) = A (m, k) · Bᵀ with A unsigned, B (n, k)
 * signed and C int32, by oneDNN's matmul primitive on weights reordered once, at load, into the
 * blocked layout the primitive asks for ({@link Packed}), instead of {@code dnnl_gemm_u8s8s32}, which
 * packs B again on every call. Source of the calls: oneDNN 2.6's C API ({@code oneapi/dnnl/dnnl.h},
 * "Matrix Multiplication", "Memory", "Reorder"): a matmul descriptor with the weights' format
 * {@code any}, its primitive descriptor's chosen weights layout, a reorder primitive from the plain
 * (n, k) row-major bytes (tag {@code ba} of the (k, n) weights) into it, then per call memory objects
 * for A and C around native buffers and {@code dnnl_primitive_execute}. No scales or zero points: C is
 * the plain int32 sum, equal bit for bit to {@link Int8Gemm}'s and to {@link Int8Gemm#reference}.
 *
 * <p>A primitive is made for each row count m the first time it is asked for (about 0.1 ms each, kept
 * for the weights' lifetime), with the weights' layout fixed to the packed one; where oneDNN cannot
 * make one, {@link #multiply} says so and the caller falls back to {@link Int8Gemm}. A and C live in
 * native memory (the primitive keeps their addresses between calls, which heap arrays do not allow).
 * Each call runs on the calling thread alone ({@link OneDnn#oneThread}, before making a primitive too,
 * so that it is planned for one thread), on a stream no other call uses at the same time.
 *
 * <p>{@link #load} accepts the library only after a product of extreme values equals
 * {@link Int8Gemm#reference} exactly, as {@link Int8Gemm#load} does.
 */
public final class Int8MatMul {
    /** The row count whose primitive chooses the weights' layout: B4's 32 streams. */
    static final int LAYOUT_M = 32;
    private static final long MD_BYTES = 696;        // sizeof(dnnl_memory_desc_t), oneDNN 2.x
    private static final long MATMUL_DESC_BYTES = 2800;  // sizeof(dnnl_matmul_desc_t), oneDNN 2.x
    private static final int ENGINE_CPU = 1, STREAM_IN_ORDER = 1;
    private static final int S32 = 4, S8 = 5, U8 = 6, TAG_ANY = 1, TAG_AB = 3, TAG_BA = 22;
    private static final int QUERY_WEIGHTS_MD = 131;
    private static final int ARG_SRC = 1, ARG_DST = 17, ARG_WEIGHTS = 33, ARG_FROM = 1, ARG_TO = 17;
    private static final Cleaner CLEANER = Cleaner.create();

    private final OneDnn dnnl;
    private final MethodHandle engineCreate, streamCreate, mdByTag, matmulDesc, pdCreate, pdQueryMd, pdDestroy,
            mdSize, reorderPd, primCreate, primDestroy, execute, streamWait, memCreate, memDestroy;
    private final MemorySegment engine;
    private final Reuse<Caller> callers;

    /**
     * What one call needs of its own ({@link Reuse}): a stream, the argument list of an execution
     * (three dnnl_exec_arg_t {int arg; dnnl_memory_t memory}) and an out-parameter.
     */
    private record Caller(MemorySegment stream, MemorySegment args, MemorySegment out) {}
    private final String description;

    private Int8MatMul(OneDnn dnnl) {
        this.dnnl = dnnl;
        engineCreate = dnnl.downcall("dnnl_engine_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG));
        streamCreate = dnnl.downcall("dnnl_stream_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
        mdByTag = dnnl.downcall("dnnl_memory_desc_init_by_tag", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        matmulDesc = dnnl.downcall("dnnl_matmul_desc_init", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        pdCreate = dnnl.downcall("dnnl_primitive_desc_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        pdQueryMd = dnnl.downcall("dnnl_primitive_desc_query_md", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
        pdDestroy = dnnl.downcall("dnnl_primitive_desc_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        mdSize = dnnl.downcall("dnnl_memory_desc_get_size", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
        reorderPd = dnnl.downcall("dnnl_reorder_primitive_desc_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        primCreate = dnnl.downcall("dnnl_primitive_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        primDestroy = dnnl.downcall("dnnl_primitive_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        execute = dnnl.downcall("dnnl_primitive_execute", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        streamWait = dnnl.downcall("dnnl_stream_wait", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        memCreate = dnnl.downcall("dnnl_memory_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        memDestroy = dnnl.downcall("dnnl_memory_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        description = dnnl.describe("matmul primitive (u8 x s8 -> s32, weights reordered at load)");
        MemorySegment out = Arena.global().allocate(ADDRESS);
        dnnl.call("dnnl_engine_create", () -> (int) engineCreate.invokeExact(out, ENGINE_CPU, 0L));
        engine = out.get(ADDRESS, 0);
        callers = new Reuse<>(() -> {
            MemorySegment s = Arena.global().allocate(ADDRESS);
            dnnl.call("dnnl_stream_create", () -> (int) streamCreate.invokeExact(s, engine, STREAM_IN_ORDER));
            return new Caller(s.get(ADDRESS, 0), Arena.global().allocate(48, 8), Arena.global().allocate(ADDRESS));
        });
    }

    /**
     * The system's oneDNN ({@code libdnnl.so.2}, or the file {@code path} when non-null), checked as
     * the class comment says; throws IllegalStateException saying why it cannot be used.
     */
    public static Int8MatMul load(String path) {
        OneDnn dnnl = OneDnn.open(path);
        if (!dnnl.version.startsWith("2."))
            throw new IllegalStateException(dnnl.describe("matmul primitive") + ": written against oneDNN 2.x's C API (descriptor sizes, dnnl_matmul_desc_init)");
        Int8MatMul mm = new Int8MatMul(dnnl);
        mm.selfCheck();
        return mm;
    }

    public String describe() { return description; }

    private void selfCheck() {
        int m = 3, n = 70, k = 1024;
        byte[][] ab = Int8Gemm.extremes(m, n, k);
        byte[] a = ab[0], b = ab[1];
        int[] got = new int[m * n], want = new int[m * n];
        Packed w = pack(b, 0, n, k);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(a.length, 64), dst = arena.allocate(4L * got.length, 64);
            MemorySegment.copy(a, 0, src, JAVA_BYTE, 0, a.length);
            if (!multiply(w, m, src, dst)) throw new IllegalStateException(description + ": no primitive for " + m + " rows");
            MemorySegment.copy(dst, JAVA_INT, 0, got, 0, got.length);
        }
        Int8Gemm.reference(m, n, k, a, 0, k, b, 0, k, want, 0, n);
        if (!Arrays.equals(got, want))
            throw new IllegalStateException(description + " does not give exact int32 sums on this CPU");
    }

    /**
     * Rows of a weight matrix B (n, k), reordered into the primitive's layout, with the primitives
     * made for it so far (one per row count m of A); its native objects are released when it is collected.
     */
    public final class Packed {
        final int n, k;
        private final MemorySegment weightsMd;   // the packed layout (a dnnl_memory_desc_t)
        private final Natives natives;

        private Packed(int n, int k, MemorySegment weightsMd, MemorySegment weights, MemorySegment weightsMemory) {
            this.n = n;
            this.k = k;
            this.weightsMd = weightsMd;
            natives = new Natives(weightsMemory, weights);
            CLEANER.register(this, natives::release);
        }

        /** The library object that packed these weights (and alone may multiply with them). */
        Int8MatMul owner() { return Int8MatMul.this; }

        /** The primitive for m rows of A, made at its first use; null where oneDNN could not make one. */
        private Plan plan(int m) {
            Plan[] p = natives.byM;
            if (m < p.length && p[m] != null) return p[m] == NO_PLAN ? null : p[m];
            synchronized (natives) {
                if (m >= natives.byM.length) natives.byM = Arrays.copyOf(natives.byM, Math.max(m + 1, 2 * natives.byM.length));
                if (natives.byM[m] == null) natives.byM[m] = makePlan(m);
                return natives.byM[m] == NO_PLAN ? null : natives.byM[m];
            }
        }

        private Plan makePlan(int m) {
            Arena arena = Arena.ofAuto();
            MemorySegment src = desc(arena, m, k, U8, TAG_AB), dst = desc(arena, m, n, S32, TAG_AB);
            MemorySegment pd = primitiveDesc(src, weightsMd, dst);
            if (pd.equals(MemorySegment.NULL)) return NO_PLAN;
            try (Arena tmp = Arena.ofConfined()) {
                MemorySegment prim = tmp.allocate(ADDRESS);
                check(invoke(() -> (int) primCreate.invokeExact(prim, pd)), "dnnl_primitive_create");
                check(invoke(() -> (int) pdDestroy.invokeExact(pd)), "dnnl_primitive_desc_destroy");
                return new Plan(prim.get(ADDRESS, 0), src, dst);
            }
        }
    }

    /** A matmul primitive for m rows of A, with the descriptors of A (m, k) and C (m, n). */
    private record Plan(MemorySegment primitive, MemorySegment srcMd, MemorySegment dstMd) {}

    private static final Plan NO_PLAN = new Plan(MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);

    /** The native objects of one {@link Packed}, apart from it so that the cleaner can release them after it is gone. */
    private final class Natives {
        final MemorySegment weights;               // the weights' memory object
        private final MemorySegment bytes;         // its buffer, alive while the memory object is
        volatile Plan[] byM = new Plan[LAYOUT_M + 1];

        Natives(MemorySegment weights, MemorySegment bytes) {
            this.weights = weights;
            this.bytes = bytes;
        }

        synchronized void release() {
            for (Plan p : byM)
                if (p != null && p != NO_PLAN) invoke(() -> (int) primDestroy.invokeExact(p.primitive()));
            invoke(() -> (int) memDestroy.invokeExact(weights));
        }
    }

    /**
     * Rows n0 ≤ r &lt; n0 + n of the row-major weights q (rows of k bytes) reordered into the layout
     * the primitive for {@link #LAYOUT_M} rows of A chooses.
     */
    public Packed pack(byte[] q, int n0, int n, int k) {
        OneDnn.checkFits("int8 matmul", "B", q.length, n0 * k, n, k, k);
        Arena arena = Arena.ofAuto();
        Caller cl = callers.take();
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment pd = primitiveDesc(desc(tmp, LAYOUT_M, k, U8, TAG_AB), desc(tmp, k, n, S8, TAG_ANY), desc(tmp, LAYOUT_M, n, S32, TAG_AB));
            if (pd.equals(MemorySegment.NULL)) throw new IllegalStateException(description + ": no primitive for " + n + "x" + k + " weights");
            MemorySegment chosen = ((MemorySegment) call(() -> (MemorySegment) pdQueryMd.invokeExact(pd, QUERY_WEIGHTS_MD, 0))).reinterpret(MD_BYTES);
            MemorySegment weightsMd = arena.allocate(MD_BYTES, 8).copyFrom(chosen);
            check(invoke(() -> (int) pdDestroy.invokeExact(pd)), "dnnl_primitive_desc_destroy");
            long bytes = (long) call(() -> (long) mdSize.invokeExact(weightsMd));
            MemorySegment packed = arena.allocate(Math.max(bytes, 1), 64);
            MemorySegment plain = tmp.allocate((long) n * k, 64);
            MemorySegment.copy(q, n0 * k, plain, JAVA_BYTE, 0, n * k);
            MemorySegment plainMd = desc(tmp, k, n, S8, TAG_BA);
            MemorySegment rpd = tmp.allocate(ADDRESS), rprim = tmp.allocate(ADDRESS);
            check(invoke(() -> (int) reorderPd.invokeExact(rpd, plainMd, engine, weightsMd, engine, MemorySegment.NULL)), "dnnl_reorder_primitive_desc_create");
            check(invoke(() -> (int) primCreate.invokeExact(rprim, rpd.get(ADDRESS, 0))), "dnnl_primitive_create (reorder)");
            MemorySegment from = memory(cl, plainMd, plain), to = memory(cl, weightsMd, packed);
            MemorySegment args = tmp.allocate(32, 8);
            args.set(JAVA_INT, 0, ARG_FROM);
            args.set(ADDRESS, 8, from);
            args.set(JAVA_INT, 16, ARG_TO);
            args.set(ADDRESS, 24, to);
            MemorySegment s = cl.stream();
            dnnl.call("reorder", () -> (int) execute.invokeExact(rprim.get(ADDRESS, 0), s, 2, args));
            check(invoke(() -> (int) streamWait.invokeExact(s)), "dnnl_stream_wait");
            invoke(() -> (int) memDestroy.invokeExact(from));
            invoke(() -> (int) memDestroy.invokeExact(to));
            invoke(() -> (int) primDestroy.invokeExact(rprim.get(ADDRESS, 0)));
            invoke(() -> (int) pdDestroy.invokeExact(rpd.get(ADDRESS, 0)));
            return new Packed(n, k, weightsMd, packed, memory(cl, weightsMd, packed));
        } finally {
            callers.give(cl);
        }
    }

    /**
     * C (m, w.n) = A (m, w.k) · Bᵀ: A's unsigned bytes row-major at {@code src}, C's int32 row-major
     * at {@code dst} (both native); false (nothing written) where oneDNN has no primitive for m rows.
     */
    public boolean multiply(Packed w, int m, MemorySegment src, MemorySegment dst) {
        if (m == 0 || w.n == 0) return true;
        if (src.isNative() == false || dst.isNative() == false || src.byteSize() < (long) m * w.k || dst.byteSize() < 4L * m * w.n)
            throw new IndexOutOfBoundsException("int8 matmul: A (" + m + "x" + w.k + ") or C (" + m + "x" + w.n + ") does not fit its native buffer");
        Plan plan = w.plan(m);
        if (plan == null) return false;
        Caller cl = callers.take();
        MemorySegment args = cl.args();
        MemorySegment a = memory(cl, plan.srcMd(), src), c = memory(cl, plan.dstMd(), dst);
        try {
            args.set(JAVA_INT, 0, ARG_SRC);
            args.set(ADDRESS, 8, a);
            args.set(JAVA_INT, 16, ARG_WEIGHTS);
            args.set(ADDRESS, 24, w.natives.weights);
            args.set(JAVA_INT, 32, ARG_DST);
            args.set(ADDRESS, 40, c);
            MemorySegment s = cl.stream(), prim = plan.primitive();
            dnnl.call(description, () -> (int) execute.invokeExact(prim, s, 3, args));
        } finally {
            invoke(() -> (int) memDestroy.invokeExact(a));
            invoke(() -> (int) memDestroy.invokeExact(c));
            callers.give(cl);
        }
        return true;
    }


    /** The matmul primitive descriptor for A (src), the weights and C (dst), planned for one thread; NULL where oneDNN has none. */
    private MemorySegment primitiveDesc(MemorySegment src, MemorySegment weightsMd, MemorySegment dst) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment op = tmp.allocate(MATMUL_DESC_BYTES, 8), pd = tmp.allocate(ADDRESS);
            check(invoke(() -> (int) matmulDesc.invokeExact(op, src, weightsMd, MemorySegment.NULL, dst)), "dnnl_matmul_desc_init");
            int status = invoke(() -> {
                dnnl.oneThread();
                return (int) pdCreate.invokeExact(pd, op, MemorySegment.NULL, engine, MemorySegment.NULL);
            });
            return status == 0 ? pd.get(ADDRESS, 0) : MemorySegment.NULL;
        }
    }

    /** A plain 2-D memory descriptor (rows, cols) of the given data type and format tag. */
    private MemorySegment desc(Arena arena, long rows, long cols, int type, int tag) {
        MemorySegment md = arena.allocate(MD_BYTES, 8);
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment dims = tmp.allocate(16, 8);
            dims.set(JAVA_LONG, 0, rows);
            dims.set(JAVA_LONG, 8, cols);
            check(invoke(() -> (int) mdByTag.invokeExact(md, 2, dims, type, tag)), "dnnl_memory_desc_init_by_tag");
        }
        return md;
    }

    /** A memory object of descriptor md around the native buffer data (the caller destroys it), made through cl's out-parameter. */
    private MemorySegment memory(Caller cl, MemorySegment md, MemorySegment data) {
        MemorySegment out = cl.out();
        check(invoke(() -> (int) memCreate.invokeExact(out, md, engine, data)), "dnnl_memory_create");
        return out.get(ADDRESS, 0);
    }


    private void check(int status, String what) {
        if (status != 0) throw new IllegalStateException(description + ": " + what + " returned status " + status);
    }

    /** One native call that returns a status, without {@link OneDnn#call}'s thread setting (for calls that run no kernels). */
    private int invoke(OneDnn.Call c) { return (int) call(c::run); }

    /** A native call that returns a value. */
    private interface Returning {
        Object run() throws Throwable;
    }

    private Object call(Returning c) {
        try {
            return c.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(description + " failed: " + t, t);
        }
    }
}
