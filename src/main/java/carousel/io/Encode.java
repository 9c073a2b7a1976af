package carousel.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * Writes Java arrays as little-endian bytes to a channel in fixed-size chunks, so that writing a
 * large tensor needs no second full-size buffer.
 */
final class Encode {

    private static final int CHUNK_BYTES = 1 << 16;

    private Encode() {
    }

    static void bytes(WritableByteChannel out, byte[] bytes) throws IOException {
        writeFully(out, ByteBuffer.wrap(bytes));
    }

    static void f32(WritableByteChannel out, float[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += CHUNK_BYTES / 4) {
            int n = Math.min(CHUNK_BYTES / 4, data.length - start);
            buf.clear();
            buf.asFloatBuffer().put(data, start, n);
            buf.limit(4 * n);
            writeFully(out, buf);
        }
    }

    static void i32(WritableByteChannel out, int[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += CHUNK_BYTES / 4) {
            int n = Math.min(CHUNK_BYTES / 4, data.length - start);
            buf.clear();
            buf.asIntBuffer().put(data, start, n);
            buf.limit(4 * n);
            writeFully(out, buf);
        }
    }

    /** Floats that hold integers, written as int64; the caller has checked that each is integral. */
    static void floatsAsI64(WritableByteChannel out, float[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += CHUNK_BYTES / 8) {
            int n = Math.min(CHUNK_BYTES / 8, data.length - start);
            buf.clear();
            for (int i = 0; i < n; i++) {
                buf.putLong((long) data[start + i]);
            }
            buf.flip();
            writeFully(out, buf);
        }
    }

    static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }
}
