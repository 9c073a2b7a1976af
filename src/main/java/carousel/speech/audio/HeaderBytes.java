package carousel.speech.audio;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Little helpers for reading header fields from a segment. Callers check that {@code offset + width} lies
 * inside the segment before calling; these do no checking of their own beyond the segment's.
 */
final class HeaderBytes {
    static final ValueLayout.OfShort U16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt U32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private HeaderBytes() {
    }

    static int u16(MemorySegment seg, long offset) {
        return Short.toUnsignedInt(seg.get(U16_LE, offset));
    }

    static long u32(MemorySegment seg, long offset) {
        return Integer.toUnsignedLong(seg.get(U32_LE, offset));
    }

    /** {@code length} bytes as ISO-8859-1 text (every byte maps to one char, so nothing can fail). */
    static String latin1(MemorySegment seg, long offset, int length) {
        byte[] b = new byte[length];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, b, 0, length);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Whether the segment holds {@code ascii} at {@code offset} (false when it is too short). */
    static boolean startsWith(MemorySegment seg, long offset, String ascii) {
        if (offset < 0 || offset + ascii.length() > seg.byteSize()) {
            return false;
        }
        return latin1(seg, offset, ascii.length()).equals(ascii);
    }

    /** Printable rendering of a 4-byte chunk id or magic for messages, e.g. {@code 'LIST'} or {@code 0x00ff1a2b}. */
    static String quoteId(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                StringBuilder hex = new StringBuilder("0x");
                for (int j = 0; j < id.length(); j++) {
                    hex.append(String.format("%02x", (int) id.charAt(j)));
                }
                return hex.toString();
            }
        }
        return "'" + id + "'";
    }
}
