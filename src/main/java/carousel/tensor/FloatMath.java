package carousel.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 exp, sigmoid and tanh, and lane sums, that give the same bits in every JIT tier: built only
 * from operations IEEE 754 defines exactly (add, mul, fma, div, min, max, compare, blend, integer bit
 * manipulation), never from the Vector API's transcendental operators (SVML stubs in compiled code, a
 * Java fallback in interpreted code, which differ in the last bit) nor from {@code reduceLanes} (whose
 * lane order is the compiler's choice). Each vector function has a scalar twin that performs the same
 * operations in the same order, so a lane and a tail element with the same input get the same bits.
 *
 * <p>exp: Cody &amp; Waite range reduction x = n·ln 2 + r, |r| ≤ ln 2 / 2 (ln 2 split in two floats,
 * reduced with fma), e^r by its Taylor polynomial to degree 7 (truncation below 6e-9 relative), and
 * 2^n applied as two exponent-field multiplications so that results down to the smallest subnormal
 * are rounded once. tanh(x) = sign(x)·u/(u + 2) with u = e^{2|x|} − 1 from the same reduction without
 * the cancelling subtraction. sigmoid(x) = 1/(1 + e^{−x}) for x ≥ 0 and e^{x}/(1 + e^{x}) for x &lt; 0,
 * with e^{−|x|} ≤ 1, so neither overflows nor loses tiny results. Saturation: exp → +Inf above
 * 88.7228 and → 0 below −103.98; tanh = ±1 for |x| ≥ 9.01; sigmoid → 1 and → subnormals down to 0;
 * NaN in gives NaN out; ±Inf give the limits. Measured error against {@link Math#exp} and
 * {@link Math#tanh} over every float: see {@code FloatMathTest}.
 */
final class FloatMath {
    private FloatMath() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Inputs are clamped to [EXP_MIN, EXP_MAX]: e^EXP_MIN rounds to 0 and e^EXP_MAX overflows to +Inf. */
    private static final float EXP_MIN = -104f, EXP_MAX = 89f;
    /** tanh's |x| is clamped to this: tanh(10) is 1 in float. */
    private static final float TANH_MAX = 10f;
    private static final float LOG2E = 1.44269504088896341f;
    /** ln 2 = LN2_HI + LN2_LO to about 2^-49. */
    private static final float LN2_HI = 0.6931471824645996f, LN2_LO = -1.904654323148236e-9f;
    /** 1.5·2^23: adding it rounds to an integer, whose value is then in the low bits of the float. */
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private static final float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;
    private static final int SIGN = 0x8000_0000;

    // ---- scalar twins: the same operations as the vector forms, in the same order ----

    /** e^x (float32; ≤ 1 ulp off the correctly rounded value, see class comment). */
    static float exp(float x) {
        x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = Math.fma(x, LOG2E, MAGIC), n = t - MAGIC;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, x));
        float em1 = Math.fma(poly(r), r * r, r);             // e^r − 1
        int nb = Float.floatToRawIntBits(t) - MAGIC_BITS, n1 = nb >> 1, n2 = nb - n1;
        return (em1 + 1f) * pow2(n1) * pow2(n2);
    }

    /** tanh x (float32). */
    static float tanh(float x) {
        float y = 2f * Math.min(Math.abs(x), TANH_MAX);
        float t = Math.fma(y, LOG2E, MAGIC), n = t - MAGIC;
        float r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, y));
        float em1 = Math.fma(poly(r), r * r, r);
        float p2 = pow2(Float.floatToRawIntBits(t) - MAGIC_BITS);
        float u = Math.fma(p2, em1, p2 - 1f);                // e^y − 1 = 2^n (e^r − 1) + (2^n − 1)
        float th = u / (u + 2f);
        return Float.intBitsToFloat(Float.floatToRawIntBits(th) | (Float.floatToRawIntBits(x) & SIGN));
    }

    /** σ(x) = 1/(1 + e^−x) (float32). */
    static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float d = 1f + e;
        return (x < 0f ? e : 1f) / d;
    }

    private static float poly(float r) {
        return Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(C7, r, C6), r, C5), r, C4), r, C3), r, C2);
    }

    private static float pow2(int n) { return Float.intBitsToFloat((n + 127) << 23); }

    // ---- vector forms ----

    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = x.fma(LOG2E, MAGIC), n = t.sub(MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_LO), n.fma(FloatVector.broadcast(S, -LN2_HI), x));
        FloatVector em1 = poly(r).fma(r.mul(r), r);
        IntVector nb = t.reinterpretAsInts().sub(MAGIC_BITS), n1 = nb.lanewise(VectorOperators.ASHR, 1), n2 = nb.sub(n1);
        return em1.add(1f).mul(pow2(n1)).mul(pow2(n2));
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector y = x.abs().min(TANH_MAX).mul(2f);
        FloatVector t = y.fma(LOG2E, MAGIC), n = t.sub(MAGIC);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_LO), n.fma(FloatVector.broadcast(S, -LN2_HI), y));
        FloatVector em1 = poly(r).fma(r.mul(r), r);
        FloatVector p2 = pow2(t.reinterpretAsInts().sub(MAGIC_BITS));
        FloatVector u = p2.fma(em1, p2.sub(1f));
        FloatVector th = u.div(u.add(2f));
        IntVector sign = x.reinterpretAsInts().and(SIGN);
        return th.reinterpretAsInts().or(sign).reinterpretAsFloats();
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector d = e.add(1f);
        VectorMask<Float> negative = x.compare(VectorOperators.LT, 0f);
        return FloatVector.broadcast(S, 1f).blend(e, negative).div(d);
    }

    private static FloatVector poly(FloatVector r) {
        FloatVector p = FloatVector.broadcast(S, C7).fma(r, FloatVector.broadcast(S, C6));
        p = p.fma(r, FloatVector.broadcast(S, C5));
        p = p.fma(r, FloatVector.broadcast(S, C4));
        p = p.fma(r, FloatVector.broadcast(S, C3));
        return p.fma(r, FloatVector.broadcast(S, C2));
    }

    private static FloatVector pow2(IntVector n) {
        return n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    }

    // ---- lane sums in a fixed order ----

    /** Σ lanes of v in double, lane 0 first: the same bits in every tier (unlike {@code reduceLanes}). */
    static double sumLanes(FloatVector v) {
        float[] lanes = v.toArray();
        double s = 0;
        for (int i = 0; i < L; i++) s += lanes[i];
        return s;
    }

    /** Σ lanes of v in float, lane 0 first. */
    static float sumLanesFloat(FloatVector v) {
        float[] lanes = v.toArray();
        float s = 0f;
        for (int i = 0; i < L; i++) s += lanes[i];
        return s;
    }
}
