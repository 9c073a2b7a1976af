package carousel.train;

import carousel.layer.Param;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Collection;

/**
 * Gradient clipping, and the non-finite check that stops a run before a bad update.
 * By global norm (Pascanu, Mikolov &amp; Bengio 2013): if ‖g‖₂ over all parameters exceeds c, every
 * gradient is scaled by c/‖g‖₂. By value: each element clamped to [−c, c].
 */
public final class GradientClipping {
    private GradientClipping() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Float32 squares are summed in vector lanes over chunks this long, the chunk sums in double. */
    private static final int CHUNK = 1024;

    /**
     * Global L2 norm of all gradients. Float32 gradients: squares summed in float vector lanes over
     * chunks of {@value #CHUNK}, chunk sums in double (relative error about 1e-6; a chunk whose float
     * sum overflows is summed again in double); float64: in double. NaN or ±Inf in any float32
     * gradient makes the norm NaN or +Inf and nothing else does (squares of finite floats cannot
     * overflow a double), so a finite norm proves every float32 gradient finite.
     */
    public static double globalNorm(Collection<Param> params) {
        double s = 0;
        for (Param p : params) {
            float[] g = p.grad().f;
            if (g != null) s += sumOfSquares(g);
            else for (double x : p.grad().d) s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double sumOfSquares(float[] g) {
        double s = 0;
        int n = g.length;
        for (int c = 0; c < n; c += CHUNK) {
            int end = Math.min(n, c + CHUNK), i = c, bound = c + S.loopBound(end - c);
            FloatVector acc = FloatVector.zero(S);
            for (; i < bound; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, g, i);
                acc = v.fma(v, acc);
            }
            double part = acc.reduceLanes(VectorOperators.ADD);
            if (!Double.isFinite(part)) {   // overflow in float, or a NaN/Inf: recount exactly
                part = 0;
                i = c;
            }
            for (; i < end; i++) part += (double) g[i] * g[i];
            s += part;
        }
        return s;
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
