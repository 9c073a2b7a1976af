package carousel.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The float32 optimizer and clipping kernels (Vector API + scalar tails) against their float64 reference twins in {@link Ops}. */
class OptimizerKernelsTest {
    private static Tensor rand(Rng r, double range, int n) {
        Tensor t = Tensor.f64(n);
        r.fillUniform(t, range);
        return t;
    }

    @Test
    void sgdStepMatchesReference() {
        Rng r = new Rng(21);
        for (int n : new int[]{1, 15, 16, 17, 100, 1031})
            for (double momentum : new double[]{0, 0.9})
                for (double wd : new double[]{0, 1e-2}) {
                    Tensor w = rand(r, 1, n), g = rand(r, 1, n), v = momentum == 0 ? null : rand(r, 0.5, n);
                    Tensor w0 = w.copy(), w32 = w.to(DType.F32), g32 = g.to(DType.F32), v32 = v == null ? null : v.to(DType.F32);
                    for (int step = 0; step < 3; step++) {
                        F64Ops.INSTANCE.sgdStep(w, g, v, n, 0.05, momentum, wd);
                        F32Ops.INSTANCE.sgdStep(w32, g32, v32, n, 0.05, momentum, wd);
                    }
                    String what = "n=" + n + " momentum=" + momentum + " wd=" + wd;
                    for (int i = 0; i < n; i++) {
                        assertEquals(w.get(i), w32.get(i), 1e-6 * (1 + Math.abs(w.get(i))), "w " + what + " [" + i + "]");
                        if (v != null) assertEquals(v.get(i), v32.get(i), 1e-6 * (1 + Math.abs(v.get(i))), "v " + what + " [" + i + "]");
                    }
                    assertTrue(Math.abs(w32.get(n - 1) - w0.get(n - 1)) > 1e-4, "the steps moved the weights, " + what);
                }
    }

    @Test
    void sumOfSquaresMatchesReferenceAndFlagsNonFinite() {
        Rng r = new Rng(22);
        for (int n : new int[]{0, 1, 15, 16, 17, 1023, 1024, 1025, 5000}) {
            Tensor x = rand(r, 3, n + 7), x32 = x.to(DType.F32);
            double want = F64Ops.INSTANCE.sumOfSquares(x32, 7, n);   // the float32 values, squared and summed in double
            assertEquals(want, F32Ops.INSTANCE.sumOfSquares(x32, 7, n), 1e-6 * want, "n=" + n);
        }
        Tensor big = Tensor.f32(3000);
        java.util.Arrays.fill(big.f, 3e30f);   // squares overflow float: the chunk is counted again in double
        double square = (double) 3e30f * 3e30f;
        assertEquals(3000 * square, F32Ops.INSTANCE.sumOfSquares(big, 0, 3000), 1e-9 * 3000 * square);
        big.f[1500] = Float.NaN;
        assertTrue(Double.isNaN(F32Ops.INSTANCE.sumOfSquares(big, 0, 3000)));
        big.f[1500] = Float.NEGATIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, F32Ops.INSTANCE.sumOfSquares(big, 0, 3000));
    }
}
