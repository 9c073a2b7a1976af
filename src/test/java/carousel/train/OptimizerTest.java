package carousel.train;

import carousel.layer.Param;
import carousel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Optimizers, clipping and schedules against hand-computed values. */
class OptimizerTest {
    static Param param(float w, float g) {
        Param p = new Param("w", Tensor.f32(1), Tensor.f32(1));
        p.value().f[0] = w;
        p.grad().f[0] = g;
        return p;
    }

    @Test
    void sgdWithMomentumAndWeightDecay() {
        Param p = param(1f, 0.5f);
        Sgd sgd = new Sgd(0.9, 0.1);
        sgd.step(List.of(p), 0.1);      // v = 0.5 + 0.1·1 = 0.6; w = 1 − 0.06
        assertEquals(0.94, p.value().f[0], 1e-6);
        sgd.step(List.of(p), 0.1);      // v = 0.9·0.6 + 0.5 + 0.094 = 1.134; w = 0.94 − 0.1134
        assertEquals(0.8266, p.value().f[0], 1e-6);
    }

    @Test
    void adamFirstStepsFollowKingmaAndBa() {
        Param p = param(1f, 0.5f);
        Adam adam = new Adam(0.9, 0.999, 1e-8, 0);
        adam.step(List.of(p), 0.01);    // m̂ = g, v̂ = g² ⇒ step = lr·sign(g)
        assertEquals(0.99, p.value().f[0], 1e-6);
        p.grad().f[0] = -1f;
        adam.step(List.of(p), 0.01);
        double m = 0.9 * 0.05 + 0.1 * -1, v = 0.999 * 0.00025 + 0.001 * 1;
        double expected = 0.99 - 0.01 * (m / (1 - 0.81)) / (Math.sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(expected, p.value().f[0], 1e-6);
    }

    @Test
    void clippingAndNonFiniteDetection() {
        Param a = param(0, 3f), b = param(0, 4f);
        double norm = GradientClipping.globalNorm(List.of(a, b));
        assertEquals(5, norm, 1e-9);
        GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0, norm);
        assertEquals(0.6f, a.grad().f[0], 1e-6);
        assertEquals(0.8f, b.grad().f[0], 1e-6);
        GradientClipping.clipByValue(List.of(a, b), 0.7);
        assertEquals(0.7f, b.grad().f[0], 1e-6);
        assertNull(GradientClipping.firstNonFinite(List.of(a, b)));
        b.grad().f[0] = Float.POSITIVE_INFINITY;
        assertEquals("w", GradientClipping.firstNonFinite(List.of(a, b)));
    }

    @Test
    void globalNormOfLongGradientsHugeValuesAndNonFinites() {
        java.util.Random rnd = new java.util.Random(4);
        Param big = new Param("big", Tensor.f32(5000), Tensor.f32(5000)), small = new Param("small", Tensor.f32(7), Tensor.f32(7));
        double exact = 0;
        for (Param p : List.of(big, small))
            for (int i = 0; i < p.grad().size(); i++) {
                p.grad().f[i] = (float) rnd.nextGaussian();
                exact += (double) p.grad().f[i] * p.grad().f[i];
            }
        assertEquals(Math.sqrt(exact), GradientClipping.globalNorm(List.of(big, small)), 1e-6 * Math.sqrt(exact));
        // squares above Float.MAX_VALUE are finite in double: the norm stays finite and right
        big.grad().f[3000] = 1e25f;
        double norm = GradientClipping.globalNorm(List.of(big, small));
        assertEquals(1e25, norm, 1e25 * 1e-6);
        big.grad().f[4999] = Float.NaN;
        assertEquals(Double.NaN, GradientClipping.globalNorm(List.of(big, small)));
        big.grad().f[4999] = Float.NEGATIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, GradientClipping.globalNorm(List.of(big, small)));
        assertEquals("big", GradientClipping.firstNonFinite(List.of(small, big)));
    }

    @Test
    void sgdUpdateOnLongTensorsMatchesTheFormula() {
        for (double momentum : new double[]{0, 0.9}) {
            Param p = new Param("w", Tensor.f32(1003), Tensor.f32(1003));
            float[] w0 = new float[1003], v = new float[1003];
            for (int i = 0; i < 1003; i++) { p.value().f[i] = w0[i] = (float) Math.sin(i); p.grad().f[i] = (float) Math.cos(i); }
            Sgd sgd = new Sgd(momentum, 0.01);
            for (int step = 0; step < 2; step++) {
                sgd.step(List.of(p), 0.1);
                for (int i = 0; i < 1003; i++) {
                    double g = p.grad().f[i] + 0.01 * w0[i];
                    v[i] = (float) (momentum * v[i] + g);
                    w0[i] = (float) (w0[i] - 0.1 * (momentum == 0 ? g : v[i]));
                }
            }
            for (int i = 0; i < 1003; i++) assertEquals(w0[i], p.value().f[i], 1e-6, "momentum " + momentum + " w[" + i + "]");
        }
    }

    @Test
    void schedules() {
        LearningRate e = LearningRate.exponential(1.0, 0.5);
        e.endEpoch(0); e.endEpoch(0);
        assertEquals(0.25, e.rate(), 1e-12);
        LearningRate p = LearningRate.reduceOnPlateau(1.0, 0.5, 1, 0.1);
        p.endEpoch(3); p.endEpoch(2);     // improving
        assertEquals(1.0, p.rate());
        p.endEpoch(2.5);                  // 1 bad epoch: within patience
        assertEquals(1.0, p.rate());
        p.endEpoch(2.2);                  // 2 bad epochs: reduce
        assertEquals(0.5, p.rate());
        for (int i = 0; i < 20; i++) p.endEpoch(9);
        assertEquals(0.1, p.rate(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> LearningRate.constant(0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(1.0, 0));
    }
}
