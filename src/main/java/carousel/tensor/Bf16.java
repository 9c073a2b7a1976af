package carousel.tensor;

/**
 * bfloat16: the upper 16 bits of a float32 (sign, the same 8 exponent bits, 7 mantissa bits), so
 * the same range as float32 with 8 significant bits: rounding moves a value by at most 2⁻⁸ ≈ 0.4 % of itself.
 * Widening back is exact: the 16 bits shifted left by 16. Used for the streaming copy of weights
 * ({@link Bf16Matrix}), where half the bytes means half the memory traffic per frame.
 */
public final class Bf16 {
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
}
