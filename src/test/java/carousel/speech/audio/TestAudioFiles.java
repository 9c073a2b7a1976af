package carousel.speech.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds small WAV and SPHERE images byte by byte, for the reader tests. */
final class TestAudioFiles {
    private TestAudioFiles() {
    }

    /** 16-bit little-endian samples. */
    static byte[] s16le(short... samples) {
        ByteBuffer b = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /** A plain WAVEFORMATEX "fmt " chunk body (16 bytes). */
    static byte[] fmt(int formatTag, int channels, int rateHz, int bitsPerSample) {
        int blockAlign = channels * ((bitsPerSample + 7) / 8);
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) formatTag).putShort((short) channels).putInt(rateHz).putInt(rateHz * blockAlign)
                .putShort((short) blockAlign).putShort((short) bitsPerSample);
        return b.array();
    }

    /** A WAVE_FORMAT_EXTENSIBLE "fmt " chunk body (40 bytes) with sub-format {@code subFormat} (1 PCM, 3 float). */
    static byte[] fmtExtensible(int subFormat, int channels, int rateHz, int bitsPerSample, int validBits) {
        int blockAlign = channels * (bitsPerSample / 8);
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0xFFFE).putShort((short) channels).putInt(rateHz).putInt(rateHz * blockAlign)
                .putShort((short) blockAlign).putShort((short) bitsPerSample);
        b.putShort((short) 22).putShort((short) validBits).putInt(channels == 1 ? 0x4 : 0x3);
        b.putShort((short) subFormat);
        b.put(new byte[] {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38,
                (byte) 0x9B, 0x71});
        return b.array();
    }

    /** A chunk: id, little-endian size, body, pad byte when odd. */
    static byte[] chunk(String id, byte[] body) {
        return chunk(id, body.length, body);
    }

    /** A chunk whose size field says {@code declaredSize}, whatever the body's length. */
    static byte[] chunk(String id, long declaredSize, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) declaredSize).array());
        out.writeBytes(body);
        if (body.length % 2 == 1) {
            out.write(0);
        }
        return out.toByteArray();
    }

    /** A RIFF WAVE file of the given chunks. */
    static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        return concat(chunk("RIFF", body.toByteArray()));
    }

    /** A mono 16-bit PCM WAV of {@code samples} at {@code rateHz}. */
    static byte[] wav16(int rateHz, short... samples) {
        return riff(chunk("fmt ", fmt(1, 1, rateHz, 16)), chunk("data", s16le(samples)));
    }

    /** A SPHERE file: 1024-byte header with the given "name -type value" lines, then {@code data}. */
    static byte[] sphere(byte[] data, String... fieldLines) {
        StringBuilder h = new StringBuilder("NIST_1A\n   1024\n");
        for (String line : fieldLines) {
            h.append(line).append('\n');
        }
        h.append("end_head\n");
        byte[] header = new byte[1024];
        java.util.Arrays.fill(header, (byte) ' ');
        byte[] text = h.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, header, 0, text.length);
        return concat(header, data);
    }

    /** A TIMIT-like SPHERE file: 16 kHz mono 16-bit little-endian PCM. */
    static byte[] timitSphere(short... samples) {
        return sphere(s16le(samples), "database_id -s5 TIMIT", "database_version -s3 1.0",
                "utterance_id -s8 aks0_sa1", "channel_count -i 1", "sample_count -i " + samples.length,
                "sample_rate -i 16000", "sample_min -i -2191", "sample_max -i 2790", "sample_n_bytes -i 2",
                "sample_byte_format -s2 01", "sample_sig_bits -i 16");
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
