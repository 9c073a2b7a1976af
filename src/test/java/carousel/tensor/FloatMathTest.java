package carousel.tensor;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FloatMath}'s exp, tanh and σ against {@link Math#exp} / {@link Math#tanh} (taken as exact for
 * float results) over a sweep of every 251st float bit pattern (about 17 million inputs, every binade
 * from subnormals to ±Inf), their special values, and the vector lanes of the range loops equal to the
 * scalar twins bit for bit. A sweep over every 7th float bit pattern (614 million inputs) measured
 * exp ≤ 1.05 ulp, tanh ≤ 2.42 ulp and σ ≤ 2.35 ulp (docs/results/performance.md); the bounds asserted
 * here are those figures rounded up.
 */
class FloatMathTest {
    private static final int L = FloatMath.S.length();

    /** Error of a float result in units of the last place of the correctly rounded result (subnormal ulp below MIN_NORMAL). */
    static double ulps(float got, double exact) {
        float rounded = (float) exact;
        if (Float.isInfinite(rounded) || Float.isInfinite(got)) return got == rounded ? 0 : Double.POSITIVE_INFINITY;
        double ulp = Math.abs(rounded) < Float.MIN_NORMAL ? Float.MIN_VALUE : Math.ulp(rounded);
        return Math.abs(got - exact) / ulp;
    }

    private interface F { float apply(float x); }

    /** A range loop: d[0..n) = f(s[0..n)). */
    private interface Range { void apply(float[] s, float[] d, int n); }

    private record Fn(String name, F scalar, Range range, DoubleUnaryOperator exact, double maxUlps) {}

    private static final Fn[] FNS = {
            new Fn("exp", FloatMath::exp, (s, d, n) -> FloatMath.exp(s, 0, 0f, 1f, d, 0, n), Math::exp, 1.05),
            new Fn("tanh", FloatMath::tanh, (s, d, n) -> FloatMath.tanh(s, 0, d, 0, n), Math::tanh, 2.5),
            new Fn("sigmoid", FloatMath::sigmoid, (s, d, n) -> FloatMath.sigmoid(s, 0, d, 0, n), Activation::sigmoid, 2.5),
    };

    @Test
    void accurateOverTheWholeFloatRange() {
        for (Fn f : FNS) {
            double worst = 0;
            float at = 0;
            for (long b = Integer.MIN_VALUE; b <= Integer.MAX_VALUE; b += 251) {
                float x = Float.intBitsToFloat((int) b);
                if (Float.isNaN(x)) continue;
                double e = ulps(f.scalar.apply(x), f.exact.applyAsDouble(x));
                if (e > worst) { worst = e; at = x; }
            }
            assertTrue(worst <= f.maxUlps, f.name + ": " + worst + " ulp at " + at + " (bound " + f.maxUlps + ")");
        }
    }

    @Test
    void specialValuesAndSaturation() {
        for (Fn f : FNS) {
            assertTrue(Float.isNaN(f.scalar.apply(Float.NaN)), f.name + "(NaN)");
            float[] xs = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL,
                    -Float.MIN_NORMAL, 1e-30f, -1e-30f, Float.MAX_VALUE, -Float.MAX_VALUE, 88.72283f, 88.7229f, -87.33655f, -103.2789f, -103.9721f,
                    -104f, 9f, 9.02f, -9.02f, 20f, -20f, 0.5493061f, -0.5493061f, 17f, -17f, 88f, -88f, -89f, -100f, -103.5f};
            for (float x : xs) {
                float got = f.scalar.apply(x);
                double exact = f.exact.applyAsDouble(x);
                assertTrue(ulps(got, exact) <= f.maxUlps, f.name + "(" + x + ") = " + got + ", exact " + exact);
            }
        }
        assertEquals(Float.POSITIVE_INFINITY, FloatMath.exp(89f));
        assertEquals(0f, FloatMath.exp(-104f));
        assertEquals(Float.MIN_VALUE, FloatMath.exp(-103.2789f));      // the smallest subnormal, not 0
        assertEquals(1f, FloatMath.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FloatMath.tanh(-20f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatMath.tanh(-0f)), "tanh keeps the sign of zero");
        assertEquals(Float.MIN_VALUE, FloatMath.tanh(Float.MIN_VALUE));
        assertEquals(1f, FloatMath.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(0f, FloatMath.sigmoid(Float.NEGATIVE_INFINITY));
        assertTrue(FloatMath.sigmoid(-95f) > 0f, "σ(−95) is a subnormal, not 0");
        for (float x = -30f; x < 30f; x += 0.01f)
            assertEquals(Float.floatToRawIntBits(FloatMath.tanh(x)), Float.floatToRawIntBits(-FloatMath.tanh(-x)), "tanh odd at " + x);
    }

    /** Every vector lane of the range loops equals the scalar twin on the same input, bit for bit, specials included. */
    @Test
    void vectorLanesEqualScalarTwins() {
        Rng r = new Rng(11);
        int n = 1 << 16;
        float[] xs = new float[n], out = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = switch (i % 4) {
                case 0 -> Float.intBitsToFloat((int) (r.nextDouble() * 4294967296.0 - 2147483648.0));   // any bit pattern
                case 1 -> (float) ((r.nextDouble() - 0.5) * 40);
                case 2 -> (float) ((r.nextDouble() - 0.5) * 240);
                default -> (float) ((r.nextDouble() - 0.5) * 1e-3);
            };
        }
        float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 89f, -104f, 10f, -10f};
        System.arraycopy(specials, 0, xs, 0, specials.length);
        for (Fn f : FNS) {
            f.range.apply(xs, out, n);   // n is a multiple of the lane count: every element is a vector lane
            for (int i = 0; i < n; i++) {
                float s = f.scalar.apply(xs[i]);
                assertTrue(Float.floatToRawIntBits(s) == Float.floatToRawIntBits(out[i]) || Float.isNaN(s) && Float.isNaN(out[i]),
                        f.name + "(" + xs[i] + "): vector " + out[i] + ", scalar " + s);
            }
        }
    }

    @Test
    void expRangeSumsItsResultsInLaneOrder() {
        int n = 3 * L + 5;
        float[] z = new float[n], d = new float[n];
        for (int i = 0; i < n; i++) z[i] = (i % 7) - 3.5f;
        double sum = FloatMath.exp(z, 0, 1.5f, 0.25f, d, 0, n);
        float[] lanes = new float[L];
        for (int i = 0; i < 3 * L; i++) lanes[i % L] += FloatMath.exp(z[i] - 1.5f);
        double want = 0;
        for (float x : lanes) want += x;
        for (int i = 3 * L; i < n; i++) want += FloatMath.exp(z[i] - 1.5f);
        assertEquals(want, sum);
        for (int i = 0; i < n; i++) assertEquals(FloatMath.exp(z[i] - 1.5f) * 0.25f, d[i], "d[" + i + "]");
    }

    @Test
    void laneSumsAddInLaneOrder() {
        float[] v = new float[L];
        for (int i = 0; i < L; i++) v[i] = (i % 2 == 0 ? 1e8f : 1f) + i;
        double want = 0;
        float wantF = 0f;
        for (int i = 0; i < L; i++) { want += v[i]; wantF += v[i]; }
        FloatVector x = FloatVector.fromArray(FloatMath.S, v, 0);
        assertEquals(want, FloatMath.sumLanes(x));
        assertEquals(wantF, FloatMath.sumLanesFloat(x));
    }
}
