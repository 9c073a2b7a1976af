package carousel.tensor;

import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * bf16 training products: the vector rounding {@link Bf16#fromFloats} against the scalar
 * {@link Bf16#fromFloat}; {@link Bf16Blas} (oneDNN's {@code dnnl_gemm_bf16bf16f32}) against a
 * plain product of the rounded operands; the wiring (only a trainer's cache rounds, double
 * precision never does); and the fallback line. The oneDNN tests need {@code libdnnl.so.2} and a
 * CPU with AVX512-BF16, and say so when either is missing.
 */
class Bf16ProductsTest {
    /** oneDNN's bf16 product, or null (with a line on standard error) where it cannot run here. */
    static Bf16Gemm oneDnn() {
        if (!Bf16Gemm.cpuHasBf16Dot()) {
            System.err.println("Bf16ProductsTest: this CPU has no AVX512-BF16, the oneDNN tests skip");
            return null;
        }
        try {
            return Bf16Gemm.load(null);
        } catch (IllegalStateException e) {
            System.err.println("Bf16ProductsTest: oneDNN not available, its tests skip: " + e.getMessage());
            return null;
        }
    }

    @Test
    void vectorRoundingEqualsTheScalarBitForBit() {
        Rng r = new Rng(5);
        int n = 1000 + 13;
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) x[i] = Float.intBitsToFloat((int) (r.nextLong()));   // every bit pattern: NaNs, infinities, subnormals
        int[] special = {0x3F808000, 0x3F818000, 0xBF808000, 0x3FFF8000, 0x7F7FFFFF, 0x7F7F8000, 0x7F800001, 0xFF800001, 0x7F800000, 0x80000000, 0x00018000, 0x007FFFFF};
        for (int i = 0; i < special.length; i++) x[3 + 64 + i] = Float.intBitsToFloat(special[i]);
        for (int i = 0; i < 200; i++) x[3 + 200 + i] = (float) r.uniform(-3, 3);
        short[] got = new short[n + 2], want = new short[n + 2];
        Bf16.fromFloats(x, 3, got, 2, n);
        for (int i = 0; i < n; i++) want[2 + i] = Bf16.fromFloat(x[3 + i]);
        assertEquals(Arrays.toString(want), Arrays.toString(got));
    }

    /** C = α·op(A)·op(B) + β·C with A, B rounded to bf16 first, summed in double: the reference of {@link Bf16Blas}. */
    static void reference(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc, double[] scale) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = Bf16.round(a[aOff + (ta ? p * lda + i : i * lda + p)]), y = Bf16.round(b[bOff + (tb ? j * ldb + p : p * ldb + j)]);
                    s += x * y;
                    abs += Math.abs(x * y);
                }
                int o = cOff + i * ldc + j;
                scale[o] = Math.abs(alpha) * abs + Math.abs(beta * c[o]);
                c[o] = (float) (alpha * s + beta * c[o]);
            }
    }

    /**
     * Every transposition, α and β, offsets and strides wider than the rows, on shapes split between
     * two threads (by rows and by columns) and on small ones: within float32 summation error of the
     * exact product of the rounded operands (k·2⁻²⁴ of Σ|a·b|), and nowhere else written.
     */
    @Test
    void bf16BlasEqualsThePlainProductOfRoundedOperands() {
        Bf16Gemm g = oneDnn();
        assumeTrue(g != null, "oneDNN bf16 not available");
        Rng r = new Rng(17);
        int[][] shapes = {{256, 96, 300}, {48, 512, 200}, {640, 64, 40}, {1, 1, 1}, {7, 5, 3}, {33, 17, 65}};
        for (int threads : new int[]{1, 2}) {
            Bf16Blas blas = new Bf16Blas(g, threads);
            for (int[] s : shapes)
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = s[0], n = s[1], k = s[2];
                    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 2, ldc = n + 1, aOff = 5, bOff = 1, cOff = 2;
                    float[] a = new float[aOff + (ta ? k : m) * lda], b = new float[bOff + (tb ? n : k) * ldb];
                    for (int i = 0; i < a.length; i++) a[i] = (float) r.uniform(-2, 2);
                    for (int i = 0; i < b.length; i++) b[i] = (float) r.uniform(-2, 2);
                    float alpha = t == 3 ? 0.5f : 1f, beta = t % 2 == 0 ? 0f : 1f;
                    float[] got = new float[cOff + m * ldc + 1];
                    for (int i = 0; i < got.length; i++) got[i] = (float) r.uniform(-1, 1);
                    float[] want = got.clone();
                    double[] scale = new double[got.length];
                    blas.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
                    reference(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, want, cOff, ldc, scale);
                    for (int i = 0; i < got.length; i++) {
                        double tol = (k + 2) * Math.ulp(1f) * scale[i];
                        assertTrue(Math.abs(got[i] - want[i]) <= tol, threads + " thread(s), " + m + "x" + n + "x" + k + " transA " + ta + " transB " + tb
                                + ": element " + i + " is " + got[i] + ", expected " + want[i] + " within " + tol);
                    }
                }
        }
    }

    /**
     * A bf16 cache (a trainer's) rounds the whole-chunk products (its logits and gradients differ from
     * float32's, by about bf16's precision), while the development cache of the same model and a
     * double-precision model compute as before: F64 has no reduced-precision products, so the gradient
     * checks are exact whatever a trainer asks for.
     */
    @Test
    void onlyTheTrainersCacheRoundsAndDoublePrecisionNever() {
        assumeTrue(oneDnn() != null, "oneDNN bf16 not available");
        assertSame(F64Ops.INSTANCE, F64Ops.INSTANCE.withProducts(Products.BF16));
        assertSame(F32Ops.INSTANCE, F32Ops.INSTANCE.withProducts(Products.F32));
        ModelConfig cfg = ModelConfig.lstm(24, 48, 2, 16, false, 10);
        int T = 12, B = 16;
        float[][] logits = new float[2][], grads = new float[2][];
        for (Products p : Products.values()) {
            SequenceModel model = new SequenceModel(cfg, DType.F32);
            Rng rng = new Rng(8);
            model.initialize(rng);
            Tensor x = Tensor.f32(T, B, cfg.inputSize());
            rng.fillUniform(x, 1);
            Tensor dLogits = Tensor.f32(T, B, cfg.outputSize());
            rng.fillUniform(dLogits, 1);
            SequenceModel.Cache cache = model.newCache(p);
            logits[p.ordinal()] = model.forward(cache, x, T, B, null, null).f.clone();
            model.backward(cache, dLogits, null, null, null);
            grads[p.ordinal()] = model.params().get("lstm.weight_ih_l1").grad().f.clone();
            float[] dev = model.forward(model.newCache(), x, T, B, null, null).f;
            if (p == Products.BF16) assertEquals(Arrays.toString(logits[0]), Arrays.toString(dev), "a float32 cache of the same model gives float32's logits");
        }
        double maxL = 0, maxG = 0, normG = 0;
        for (int i = 0; i < logits[0].length; i++) maxL = Math.max(maxL, Math.abs(logits[0][i] - logits[1][i]));
        for (int i = 0; i < grads[0].length; i++) { maxG = Math.max(maxG, Math.abs(grads[0][i] - grads[1][i])); normG = Math.max(normG, Math.abs(grads[0][i])); }
        assertTrue(maxL > 0 && maxL < 0.02, "logits bf16 vs f32 differ by " + maxL);
        assertTrue(maxG > 0 && maxG < 0.05 * normG, "weight_ih_l1 gradients differ by " + maxG + " (largest " + normG + ")");
    }

    @Test
    void fallbackSaysWhyAndStaysFloat32() {
        Backend.Bf16Choice noCpu = Backend.bf16Choice(false, null, 1);
        assertNull(noCpu.blas());
        assertTrue(noCpu.line().contains("training products: float32") && noCpu.line().contains("AVX512-BF16"), noCpu.line());
        Backend.Bf16Choice noLib = Backend.bf16Choice(true, "/nonexistent/libdnnl.so.2", 1);
        assertNull(noLib.blas());
        assertTrue(noLib.line().contains("not found"), noLib.line());
    }
}
