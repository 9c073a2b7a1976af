package carousel.train;

import carousel.layer.Param;

import carousel.tensor.Ops;
import carousel.tensor.Tensor;

import java.util.Collection;

/**
 * Gradient clipping, and the non-finite check that stops a run before a bad update.
 * By global norm (Pascanu, Mikolov &amp; Bengio 2013): if ‖g‖₂ over all parameters exceeds c, every
 * gradient is scaled by c/‖g‖₂. By value: each element clamped to [−c, c].
 */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * Global L2 norm of all gradients, each summed by {@link Ops#sumOfSquares} (float32: squares in
     * vector lanes over chunks, chunk sums in double, relative error about 1e-6). NaN or ±Inf in any
     * gradient makes the norm NaN or +Inf and nothing else does (squares of finite floats cannot
     * overflow a double), so a finite norm proves every gradient finite.
     */
    public static double globalNorm(Collection<Param> params) {
        double s = 0;
        for (Param p : params) {
            Tensor g = p.grad();
            s += Ops.of(g.dtype).sumOfSquares(g, 0, g.size());
        }
        return Math.sqrt(s);
    }

    /** Scales gradients so their global norm is at most maxNorm; returns the norm before clipping. */
    public static double clipByGlobalNorm(Collection<Param> params, double maxNorm, double norm) {
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / norm);
            for (Param p : params) { float[] g = p.grad().f; for (int i = 0; i < g.length; i++) g[i] *= scale; }
        }
        return norm;
    }

    /** Clamps every gradient element to [−maxValue, maxValue]. */
    public static void clipByValue(Collection<Param> params, double maxValue) {
        if (maxValue <= 0) return;
        float c = (float) maxValue;
        for (Param p : params) { float[] g = p.grad().f; for (int i = 0; i < g.length; i++) g[i] = Math.max(-c, Math.min(c, g[i])); }
    }

    /** Name of the first parameter whose gradient holds NaN or ±Inf, or null when all are finite. */
    public static String firstNonFinite(Collection<Param> params) {
        for (Param p : params) {
            float[] g = p.grad().f;
            for (float x : g) if (!Float.isFinite(x)) return p.name();
        }
        return null;
    }
}
