package carousel.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Bulk conversion of raw tensor bytes into Java arrays. Same-type copies (f32 → float, i32 → int)
 * go through {@link MemorySegment#copy(MemorySegment, ValueLayout, long, Object, int, int)}, which
 * swaps bytes where needed at memory speed; converting copies loop once over the elements and
 * refuse values that would change silently (a finite double past the float range, an integer a
 * float or an int cannot hold exactly).
 *
 * <p>Callers have already checked that {@code offset + count * size} lies inside the segment.
 * {@code what} names the array in messages, e.g. {@code "tensor 'lstm.weight_ih_l0'"}.
 */
final class Decode {

    private Decode() {
    }

    static void f32(MemorySegment src, long offset, ByteOrder order, float[] dst) {
        MemorySegment.copy(src, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order), offset, dst, 0, dst.length);
    }

    static void i32(MemorySegment src, long offset, ByteOrder order, int[] dst) {
        MemorySegment.copy(src, ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), offset, dst, 0, dst.length);
    }

    static void f64ToFloat(MemorySegment src, long offset, ByteOrder order, float[] dst, String source, String what)
            throws FormatException {
        ValueLayout.OfDouble layout = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order);
        for (int i = 0; i < dst.length; i++) {
            double d = src.get(layout, offset + 8L * i);
            float f = (float) d;
            if (Float.isInfinite(f) && !Double.isInfinite(d)) {
                throw new FormatException(source, what + ": value " + d + " at index " + i
                        + " is outside the float range");
            }
            dst[i] = f;
        }
    }

    static void f16ToFloat(MemorySegment src, long offset, float[] dst) {
        ValueLayout.OfShort layout = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < dst.length; i++) {
            dst[i] = Float.float16ToFloat(src.get(layout, offset + 2L * i));
        }
    }

    /** bfloat16 is the upper half of a float32, so widening is a shift. */
    static void bf16ToFloat(MemorySegment src, long offset, float[] dst) {
        ValueLayout.OfShort layout = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < dst.length; i++) {
            int bits = Short.toUnsignedInt(src.get(layout, offset + 2L * i));
            dst[i] = Float.intBitsToFloat(bits << 16);
        }
    }

    static void i32ToFloat(MemorySegment src, long offset, ByteOrder order, float[] dst, String source, String what)
            throws FormatException {
        ValueLayout.OfInt layout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        for (int i = 0; i < dst.length; i++) {
            dst[i] = exactFloat(src.get(layout, offset + 4L * i), i, source, what);
        }
    }

    static void i64ToFloat(MemorySegment src, long offset, ByteOrder order, float[] dst, String source, String what)
            throws FormatException {
        ValueLayout.OfLong layout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
        for (int i = 0; i < dst.length; i++) {
            dst[i] = exactFloat(src.get(layout, offset + 8L * i), i, source, what);
        }
    }

    static void i64ToInt(MemorySegment src, long offset, ByteOrder order, int[] dst, String source, String what)
            throws FormatException {
        ValueLayout.OfLong layout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
        for (int i = 0; i < dst.length; i++) {
            long v = src.get(layout, offset + 8L * i);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new FormatException(source, what + ": value " + v + " at index " + i
                        + " is outside the int range");
            }
            dst[i] = (int) v;
        }
    }

    private static float exactFloat(long v, int index, String source, String what) throws FormatException {
        float f = v;
        if (v == Long.MAX_VALUE || (long) f != v) {
            throw new FormatException(source, what + ": integer " + v + " at index " + index
                    + " cannot be represented exactly as a float");
        }
        return f;
    }
}
