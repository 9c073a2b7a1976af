package carousel.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds byte-level test fixtures field by field, little-endian, the way the format specs lay them out. */
final class LittleEndianBytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    LittleEndianBytes bytes(int... values) {
        for (int v : values) {
            out.write(v);
        }
        return this;
    }

    LittleEndianBytes ascii(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    LittleEndianBytes utf8(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    LittleEndianBytes u16(int v) {
        return bytes(v & 0xff, (v >>> 8) & 0xff);
    }

    LittleEndianBytes u32(long v) {
        return bytes((int) (v & 0xff), (int) ((v >>> 8) & 0xff), (int) ((v >>> 16) & 0xff), (int) ((v >>> 24) & 0xff));
    }

    LittleEndianBytes u64(long v) {
        u32(v & 0xffffffffL);
        return u32(v >>> 32);
    }

    LittleEndianBytes f32(float... values) {
        for (float v : values) {
            u32(Integer.toUnsignedLong(Float.floatToRawIntBits(v)));
        }
        return this;
    }

    LittleEndianBytes f32BigEndian(float... values) {
        for (float v : values) {
            int bits = Float.floatToRawIntBits(v);
            bytes(bits >>> 24, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff);
        }
        return this;
    }

    LittleEndianBytes f64(double... values) {
        for (double v : values) {
            u64(Double.doubleToRawLongBits(v));
        }
        return this;
    }

    LittleEndianBytes i32(int... values) {
        for (int v : values) {
            u32(Integer.toUnsignedLong(v));
        }
        return this;
    }

    LittleEndianBytes i64(long... values) {
        for (long v : values) {
            u64(v);
        }
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toArray() {
        return out.toByteArray();
    }
}
