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
 * lane order is the compiler's choice). The range loops below compute their vector lanes with the same
 * operations, in the same order, as the scalar twins compute their tails, so a lane and a tail element
 * with the same input get the same bits.
 *
 * <p>exp: Cody &amp; Waite range reduction x = n·ln 2 + r, |r| ≤ ln 2 / 2 (ln 2 split in two floats,
 * reduced with fma), e^r by its Taylor polynomial to degree 7 (truncation below 6e-9 relative), and
 * 2^n applied as two exponent-field multiplications so that results down to the smallest subnormal
 * are rounded once. tanh(x) = sign(x)·u/(u + 2) with u = e^{2|x|} − 1 from the same reduction without
 * the cancelling subtraction. sigmoid(x) = 1/(1 + e^{−x}) for x ≥ 0 and e^{x}/(1 + e^{x}) for x &lt; 0,
 * with e^{−|x|} ≤ 1, so neither overflows nor loses tiny results. Saturation: exp → +Inf above
 * 88.7228 and → 0 below −103.98; tanh = ±1 for |x| ≥ 9.01; sigmoid → 1 and → subnormals down to 0;
 * NaN in gives NaN out; ±Inf give the limits. Error against {@link Math#exp} and {@link Math#tanh},
 * measured over every 7th float bit pattern: see docs/results/performance.md and {@code FloatMathTest}.
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

    // ---- range loops: vector lanes, then the scalar twin for the tail ----
    // The vector arithmetic is written out inside each loop, calling only the Vector API (whose methods the
    // JIT always inlines): a helper returning a vector that the JIT declines to inline (its inlining budget
    // is spent quickly by vector code) would box every vector and run several times slower.

    private static final FloatVector V_EXP_MIN = FloatVector.broadcast(S, EXP_MIN), V_EXP_MAX = FloatVector.broadcast(S, EXP_MAX);
    private static final FloatVector V_TANH_MAX = FloatVector.broadcast(S, TANH_MAX), V_LOG2E = FloatVector.broadcast(S, LOG2E);
    private static final FloatVector V_MAGIC = FloatVector.broadcast(S, MAGIC);
    private static final FloatVector V_NEG_LN2_HI = FloatVector.broadcast(S, -LN2_HI), V_NEG_LN2_LO = FloatVector.broadcast(S, -LN2_LO);
    private static final FloatVector V_C2 = FloatVector.broadcast(S, C2), V_C3 = FloatVector.broadcast(S, C3), V_C4 = FloatVector.broadcast(S, C4);
    private static final FloatVector V_C5 = FloatVector.broadcast(S, C5), V_C6 = FloatVector.broadcast(S, C6), V_C7 = FloatVector.broadcast(S, C7);
    private static final FloatVector V_ONE = FloatVector.broadcast(S, 1f), V_TWO = FloatVector.broadcast(S, 2f), V_ZERO = FloatVector.zero(S);
    @SuppressWarnings("unchecked")
    private static final VectorSpecies<Integer> IS = (VectorSpecies<Integer>) S.withLanes(int.class);
    private static final IntVector V_MAGIC_BITS = IntVector.broadcast(IS, MAGIC_BITS), V_BIAS = IntVector.broadcast(IS, 127);
    private static final IntVector V_SIGN = IntVector.broadcast(IS, SIGN);

    /** d[dOff..+n) = e^(s[sOff..+n) − shift)·scale; returns Σ e^(s − shift) (lanes in lane order, then the tail, in double). */
    static double exp(float[] s, int sOff, float shift, float scale, float[] d, int dOff, int n) {
        FloatVector acc = V_ZERO;
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, s, sOff + i).sub(shift).max(V_EXP_MIN).min(V_EXP_MAX);
            FloatVector t = x.fma(V_LOG2E, V_MAGIC), k = t.sub(V_MAGIC);
            FloatVector r = k.fma(V_NEG_LN2_LO, k.fma(V_NEG_LN2_HI, x));
            FloatVector em1 = V_C7.fma(r, V_C6).fma(r, V_C5).fma(r, V_C4).fma(r, V_C3).fma(r, V_C2).fma(r.mul(r), r);
            IntVector nb = t.reinterpretAsInts().sub(V_MAGIC_BITS), n1 = nb.lanewise(VectorOperators.ASHR, 1), n2 = nb.sub(n1);
            FloatVector e = em1.add(V_ONE).mul(n1.add(V_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(n2.add(V_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            acc = acc.add(e);
            e.mul(scale).intoArray(d, dOff + i);
        }
        double sum = sumLanes(acc);
        for (; i < n; i++) {
            float e = exp(s[sOff + i] - shift);
            sum += e;
            d[dOff + i] = e * scale;
        }
        return sum;
    }

    /** d[dOff..+n) = σ(s[sOff..+n)) (the ranges may be the same). */
    static void sigmoid(float[] s, int sOff, float[] d, int dOff, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector x0 = FloatVector.fromArray(S, s, sOff + i);
            FloatVector x = x0.abs().neg().max(V_EXP_MIN);                 // e = e^−|x|, as exp above
            FloatVector t = x.fma(V_LOG2E, V_MAGIC), k = t.sub(V_MAGIC);
            FloatVector r = k.fma(V_NEG_LN2_LO, k.fma(V_NEG_LN2_HI, x));
            FloatVector em1 = V_C7.fma(r, V_C6).fma(r, V_C5).fma(r, V_C4).fma(r, V_C3).fma(r, V_C2).fma(r.mul(r), r);
            IntVector nb = t.reinterpretAsInts().sub(V_MAGIC_BITS), n1 = nb.lanewise(VectorOperators.ASHR, 1), n2 = nb.sub(n1);
            FloatVector e = em1.add(V_ONE).mul(n1.add(V_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(n2.add(V_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
            V_ONE.blend(e, x0.lt(V_ZERO)).div(e.add(V_ONE)).intoArray(d, dOff + i);
        }
        for (; i < n; i++) d[dOff + i] = sigmoid(s[sOff + i]);
    }

    /** d[dOff..+n) = tanh(s[sOff..+n)) (the ranges may be the same). */
    static void tanh(float[] s, int sOff, float[] d, int dOff, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += L) {
            FloatVector x = FloatVector.fromArray(S, s, sOff + i);
            FloatVector y = x.abs().min(V_TANH_MAX).mul(V_TWO);
            FloatVector t = y.fma(V_LOG2E, V_MAGIC), k = t.sub(V_MAGIC);
            FloatVector r = k.fma(V_NEG_LN2_LO, k.fma(V_NEG_LN2_HI, y));
            FloatVector em1 = V_C7.fma(r, V_C6).fma(r, V_C5).fma(r, V_C4).fma(r, V_C3).fma(r, V_C2).fma(r.mul(r), r);
            FloatVector p2 = t.reinterpretAsInts().sub(V_MAGIC_BITS).add(V_BIAS).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            FloatVector u = p2.fma(em1, p2.sub(V_ONE));
            FloatVector th = u.div(u.add(V_TWO));
            th.reinterpretAsInts().or(x.reinterpretAsInts().and(V_SIGN)).reinterpretAsFloats().intoArray(d, dOff + i);
        }
        for (; i < n; i++) d[dOff + i] = tanh(s[sOff + i]);
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
