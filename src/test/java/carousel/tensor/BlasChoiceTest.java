package carousel.tensor;

import carousel.tensor.BlasChoice.Candidate;
import carousel.tensor.BlasChoice.Cpu;
import carousel.tensor.BlasChoice.Decision;
import carousel.tensor.BlasChoice.Isa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code CAROUSEL_BLAS=auto} rule on made-up CPUs and core reports (no timing involved). */
class BlasChoiceTest {
    private static final Cpu XEON = new Cpu("Intel(R) Xeon(R) Platinum 8488C", Isa.AVX512);
    private static final Cpu ZEN3 = new Cpu("AMD EPYC 7B13", Isa.AVX2);
    private static final Candidate SYSTEM_PRESCOTT = new Candidate("system", "0.3.21", "Prescott");
    private static final Candidate BUNDLED_SPR = new Candidate("bundled", "0.3.31", "SapphireRapids");

    /** A probe that must not be called. */
    private static Supplier<double[]> noProbe() {
        return () -> { throw new AssertionError("the kernel families decide; no probe expected"); };
    }

    @Test
    void genericKernelsLoseToRealOnesWithoutProbing() {
        Decision d = BlasChoice.decide(XEON, List.of(SYSTEM_PRESCOTT, BUNDLED_SPR), noProbe());
        assertEquals(1, d.chosen());
        assertTrue(d.reason().contains("system OpenBLAS 0.3.21 runs Prescott kernels (SSE)"), d.reason());
        assertTrue(d.reason().contains("AVX-512 CPU"), d.reason());
        // the order of the candidates does not matter
        assertEquals(0, BlasChoice.decide(XEON, List.of(BUNDLED_SPR, SYSTEM_PRESCOTT), noProbe()).chosen());
    }

    @Test
    void kernelsAboveWhatTheCpuHasCountAsTheCpusLevel() {
        // an AVX2 CPU: Haswell and SkylakeX kernels are equal here (OpenBLAS would not run AVX-512 on it), so the probe decides
        AtomicInteger probes = new AtomicInteger();
        Decision d = BlasChoice.decide(ZEN3, List.of(new Candidate("system", "0.3.21", "Haswell"), new Candidate("bundled", "0.3.31", "SkylakeX")),
                () -> { probes.incrementAndGet(); return new double[]{30, 31}; });
        assertEquals(1, probes.get());
        assertEquals(1, d.chosen());
    }

    @Test
    void equalKernelsKeepTheNewerVersionWithinTheMargin() {
        List<Candidate> zen = List.of(new Candidate("system", "0.3.21", "Zen"), new Candidate("bundled", "0.3.31", "Zen"));
        Decision close = BlasChoice.decide(ZEN3, zen, () -> new double[]{33, 31});   // system 6 % faster: not enough
        assertEquals(1, close.chosen());
        assertTrue(close.reason().contains("within 10%, the newer version"), close.reason());
        Decision clear = BlasChoice.decide(ZEN3, zen, () -> new double[]{40, 31});   // system 29 % faster
        assertEquals(0, clear.chosen());
        assertTrue(clear.reason().contains("system OpenBLAS 0.3.21 (Zen) 40.0 GFLOP/s"), clear.reason());
        assertTrue(clear.reason().endsWith("the fastest"), clear.reason());
    }

    @Test
    void anUnknownKernelNameIsTakenToUseWhatTheCpuHas() {
        Decision d = BlasChoice.decide(XEON, List.of(new Candidate("system", "0.3.40", "GraniteRapids"), new Candidate("bundled", "0.3.31", "Haswell")),
                noProbe());
        assertEquals(0, d.chosen());
        assertTrue(d.reason().contains("bundled OpenBLAS 0.3.31 runs Haswell kernels (AVX2)"), d.reason());
    }

    @Test
    void unknownCpuLeavesItToTheKernelsAndTheProbe() {
        Cpu unknown = new Cpu("unknown", null);
        assertEquals(1, BlasChoice.decide(unknown, List.of(SYSTEM_PRESCOTT, BUNDLED_SPR), noProbe()).chosen());
        assertEquals(0, BlasChoice.decide(unknown, List.of(new Candidate("system", "0.3.21", "Zen"), new Candidate("bundled", "0.3.31", "Zen")),
                () -> new double[]{50, 20}).chosen());
    }

    @Test
    void oneCandidateIsTaken() {
        assertEquals(0, BlasChoice.decide(XEON, List.of(SYSTEM_PRESCOTT), noProbe()).chosen());
    }

    @Test
    void cpuFromProcCpuinfo() {
        String avx512 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\n"
                + "flags\t\t: fpu sse sse2 avx f16c avx2 fma bmi2 avx512f avx512dq avx512bw avx512vl avx512_bf16\n\nprocessor\t: 1\nmodel name\t: other\n";
        Cpu c = Cpu.parse(avx512);
        assertEquals("AMD EPYC 9R14", c.model());
        assertEquals(Isa.AVX512, c.isa());
        assertEquals(Isa.AVX2, Cpu.parse("model name : X\nflags : sse avx avx2 fma\n").isa());
        assertEquals(Isa.AVX, Cpu.parse("model name : X\nflags : sse avx avx2\n").isa());   // AVX2 without FMA: Haswell kernels need both
        assertEquals(Isa.SSE, Cpu.parse("model name : X\nflags : sse sse2 sse3\n").isa());
        assertNull(Cpu.parse("model name : X\n").isa());
    }

    @Test
    void kernelFamilies() {
        assertEquals(Isa.SSE, BlasChoice.coreIsa("Prescott"));
        assertEquals(Isa.AVX, BlasChoice.coreIsa("Sandybridge"));
        assertEquals(Isa.AVX2, BlasChoice.coreIsa("ZEN"));
        assertEquals(Isa.AVX512, BlasChoice.coreIsa("Cooperlake"));
        assertNull(BlasChoice.coreIsa("SomethingNew"));
    }

    @Test
    void versions() {
        assertTrue(BlasChoice.compareVersions("0.3.31", "0.3.21") > 0);
        assertTrue(BlasChoice.compareVersions("0.3.9", "0.3.21") < 0);
        assertEquals(0, BlasChoice.compareVersions("0.3.21.dev", "0.3.21"));
    }

    @Test
    void probeResultsAreCachedPerCpuAndLibrary(@TempDir Path dir) throws Exception {
        BlasChoice.Cache cache = new BlasChoice.Cache(dir);
        String key = BlasChoice.Cache.key(XEON, 1, List.of(SYSTEM_PRESCOTT, BUNDLED_SPR));
        assertNull(cache.get(key, 2));
        cache.put(key, new double[]{12.5, 48.25});
        assertArrayEquals(new double[]{12.5, 48.25}, cache.get(key, 2), 1e-9);
        assertNull(cache.get(BlasChoice.Cache.key(ZEN3, 1, List.of(SYSTEM_PRESCOTT, BUNDLED_SPR)), 2), "another CPU is another key");
        assertNull(cache.get(BlasChoice.Cache.key(XEON, 2, List.of(SYSTEM_PRESCOTT, BUNDLED_SPR)), 2), "other thread counts too");
        // a damaged cache file is ignored, not an error
        Files.writeString(dir.resolve("blas-probe.properties"), "\\u00zz garbage = x,y\n" + key.replace(" ", "\\ ") + " = 1,nope\n");
        assertNull(cache.get(key, 2));
    }

    @Test
    void probeMeasuresEveryLibrary() throws Exception {
        double[] g = BlasChoice.probe(List.of(NativeBlas.bundled(1), new JavaBlas(1)));
        assertEquals(2, g.length);
        for (double x : g) assertTrue(x > 0 && Double.isFinite(x), "GFLOP/s " + x);
    }
}
