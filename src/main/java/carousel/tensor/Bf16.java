package carousel.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * bfloat16: the upper 16 bits of a float32 (sign, the same 8 exponent bits, 7 mantissa bits), so
 * the same range as float32 with 8 significant bits: rounding moves a value by at most 2⁻⁸ ≈ 0.4 % of itself.
 * Widening back is exact: the 16 bits shifted left by 16. Used for the streaming copy of weights
 * ({@link Bf16Matrix}), where half the bytes means half the memory traffic per frame, and for the
 * operands of bf16 training products ({@link Bf16Blas}).
 */
public final class Bf16 {
    private static final VectorSpecies<Float> SF = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> SI = SF.withLanes(int.class);
    private static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(SI.vectorBitSize() / 2));
    private static final int L = SI.length();

    private Bf16() {}

    /**
     * The bfloat16 nearest to f, ties to even (IEEE round-to-nearest-even on the 16 dropped bits);
     * finite values past the largest bfloat16 (by half a step or more) become ±infinity, as in
     * IEEE rounding. NaN stays NaN (quiet: truncating a NaN whose payload sits only in the low 16
     * bits would give infinity, so the top mantissa bit is set).
     */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) return (short) ((bits >>> 16) | 0x0040);
        // adding 0x7FFF rounds up when the dropped part is above one half, and on exactly one half
        // the kept part's lowest bit decides (the +1 makes the carry exactly when it is odd)
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    /** The float32 of a bfloat16 (exact). */
    public static float toFloat(short h) {
        return Float.intBitsToFloat(h << 16);
    }

    /** f rounded to bfloat16 and back: the value a bf16 weight stands for. */
    public static float round(float f) {
        return toFloat(fromFloat(f));
    }

    /**
     * dst[dOff + i] = {@link #fromFloat}(src[sOff + i]) for i &lt; n: the same rounding on int vector
     * lanes of the float bits (NaN lanes picked by a mask), narrowed to 16 bits; the scalar
     * {@link #fromFloat} is its reference and does the tail.
     */
    public static void fromFloats(float[] src, int sOff, short[] dst, int dOff, int n) {
        int i = 0, bound = SI.loopBound(n);
        for (; i < bound; i += L) {
            IntVector bits = FloatVector.fromArray(SF, src, sOff + i).reinterpretAsInts();
            IntVector rounded = bits.add(bits.lanewise(VectorOperators.LSHR, 16).and(1).add(0x7FFF));
            VectorMask<Integer> nan = bits.and(0x7FFFFFFF).compare(VectorOperators.GT, 0x7F800000);
            IntVector top = rounded.blend(bits.or(0x00400000), nan).lanewise(VectorOperators.LSHR, 16);
            ((ShortVector) top.convertShape(VectorOperators.I2S, SS, 0)).intoArray(dst, dOff + i);
        }
        for (; i < n; i++) dst[dOff + i] = fromFloat(src[sOff + i]);
    }
}
