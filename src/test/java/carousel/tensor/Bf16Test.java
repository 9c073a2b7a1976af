package carousel.tensor;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** float32 → bfloat16 rounding (nearest, ties to even; NaN stays NaN) on edge cases and against an exact reference. */
class Bf16Test {
    private static short bf(int floatBits) { return Bf16.fromFloat(Float.intBitsToFloat(floatBits)); }

    private static void assertBits(int expectedBf16, int floatBits) {
        assertEquals(String.format("%04x", expectedBf16), String.format("%04x", bf(floatBits) & 0xFFFF),
                String.format("bf16 of float bits %08x", floatBits));
    }

    @Test
    void exactValuesAndTiesToEven() {
        assertBits(0x3F80, 0x3F800000);   // 1.0, exact
        assertBits(0x3F80, 0x3F808000);   // 1 + 2^-8: half way between 1 (even) and 1 + 2^-7 (odd) -> 1
        assertBits(0x3F81, 0x3F808001);   // just above half way -> up
        assertBits(0x3F80, 0x3F807FFF);   // just below half way -> down
        assertBits(0x3F82, 0x3F818000);   // 1 + 3·2^-8: half way between 1 + 2^-7 (odd) and 1 + 2^-6 (even) -> up
        assertBits(0xBF80, 0xBF808000);   // the same tie, negative: magnitude to even
        assertBits(0xBF82, 0xBF818000);
        assertBits(0x4000, 0x3FFF8000);   // carry into the exponent: 1.99609375 + half a step -> 2.0
        assertBits(0x0000, 0x00000000);   // +0
        assertBits(0x8000, 0x80000000);   // -0 keeps its sign
        assertBits(0x0000, 0x00000001);   // smallest subnormal -> 0
        assertBits(0x0000, 0x00008000);   // subnormal tie, even -> 0
        assertBits(0x0002, 0x00018000);   // subnormal tie, odd -> up
        assertBits(0x0080, 0x007FFFFF);   // largest subnormal rounds up to the smallest normal
    }

    @Test
    void infinitiesOverflowAndNaN() {
        assertBits(0x7F80, 0x7F800000);   // +inf
        assertBits(0xFF80, 0xFF800000);   // -inf
        assertBits(0x7F80, 0x7F7FFFFF);   // Float.MAX_VALUE is more than half a step past the largest bf16 -> inf
        assertBits(0xFF80, 0xFF7FFFFF);
        assertBits(0x7F7F, 0x7F7F7FFF);   // just below that half step -> the largest bf16
        for (int nan : new int[]{0x7FC00000, 0x7F800001, 0x7F80FFFF, 0xFF800001, 0x7FFFFFFF, 0xFFFFFFFF}) {
            float back = Bf16.toFloat(bf(nan));
            assertTrue(Float.isNaN(back), String.format("NaN %08x became %s", nan, back));
            assertEquals(nan >>> 31, Float.floatToRawIntBits(back) >>> 31, String.format("sign of NaN %08x", nan));
        }
        assertTrue(Float.isNaN(Bf16.round(Float.NaN)));
    }

    @Test
    void widensExactlyAndRoundsToTheNearestOfTheTwoNeighbours() {
        // every bf16 widens to a float that converts back to itself (NaNs aside)
        for (int h = 0; h < 0x10000; h++) {
            float f = Bf16.toFloat((short) h);
            assertEquals(h, Float.floatToRawIntBits(f) >>> 16, "widening " + Integer.toHexString(h));
            assertEquals(0, Float.floatToRawIntBits(f) & 0xFFFF);
            if (!Float.isNaN(f)) assertEquals(h, Bf16.fromFloat(f) & 0xFFFF, "round trip " + Integer.toHexString(h));
        }
        // random finite floats: the result is the nearer of the truncation and the next bf16 up in
        // magnitude, measured exactly; on a tie the one with an even last bit
        Rng r = new Rng(9);
        for (int n = 0; n < 200_000; n++) {
            int bits = (int) r.nextLong();
            if (n % 4 == 0) bits = (bits & 0xFFFF0000) | 0x8000;     // a quarter exact ties
            float f = Float.intBitsToFloat(bits);
            if (Float.isNaN(f) || Float.isInfinite(f)) continue;
            int down = bits >>> 16, up = down + 1;                    // neighbours in magnitude (same sign)
            BigDecimal x = new BigDecimal(f);
            BigDecimal dDown = x.subtract(new BigDecimal(Bf16.toFloat((short) down))).abs();
            float upF = Bf16.toFloat((short) up);
            int expected;
            if (Float.isInfinite(upF)) {
                // past the largest finite bf16: IEEE rounds to infinity from half a step on
                BigDecimal halfStep = new BigDecimal(Math.scalb(1.0, 127 - 8));
                expected = dDown.compareTo(halfStep) >= 0 ? up : down;
            } else {
                int c = dDown.compareTo(x.subtract(new BigDecimal(upF)).abs());
                expected = c < 0 ? down : c > 0 ? up : (down % 2 == 0 ? down : up);
            }
            assertEquals(expected & 0xFFFF, Bf16.fromFloat(f) & 0xFFFF, String.format("float bits %08x", bits));
        }
    }
}
