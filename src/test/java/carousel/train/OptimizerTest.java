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
