package carousel.speech.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds small audio and label files for the corpus tests, byte by byte. */
final class TestFiles {

    private TestFiles() {
    }

    /** A mono 16-bit PCM RIFF WAVE file of {@code numSamples} zero samples, with a LIST chunk of odd length before 'data'. */
    static void writeWav(Path file, int sampleRateHz, int numSamples) throws IOException {
        byte[] list = "INFOx".getBytes(StandardCharsets.US_ASCII); // 5 bytes: odd, so one pad byte follows
        int dataBytes = numSamples * 2;
        int riffSize = 4 + (8 + 16) + (8 + list.length + 1) + (8 + dataBytes);
        ByteBuffer b = ByteBuffer.allocate(8 + riffSize).order(ByteOrder.LITTLE_ENDIAN);
        b.put(ascii("RIFF")).putInt(riffSize).put(ascii("WAVE"));
        b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRateHz)
                .putInt(sampleRateHz * 2).putShort((short) 2).putShort((short) 16);
        b.put(ascii("LIST")).putInt(list.length).put(list).put((byte) 0);
        b.put(ascii("data")).putInt(dataBytes);
        Files.createDirectories(file.getParent());
        Files.write(file, b.array());
    }

    /** A NIST SPHERE header as in the LDC TIMIT distribution, followed by {@code numSamples} zero samples. */
    static void writeSphere(Path file, int sampleRateHz, int numSamples) throws IOException {
        String fields = "NIST_1A\n   1024\ndatabase_id -s5 TIMIT\nchannel_count -i 1\nsample_count -i " + numSamples
                + "\nsample_rate -i " + sampleRateHz + "\nsample_n_bytes -i 2\nsample_byte_format -s2 01\nend_head\n";
        byte[] header = new byte[1024];
        byte[] f = fields.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(f, 0, header, 0, f.length);
        for (int i = f.length; i < header.length; i++) {
            header[i] = ' ';
        }
        byte[] all = new byte[1024 + numSamples * 2];
        System.arraycopy(header, 0, all, 0, 1024);
        Files.createDirectories(file.getParent());
        Files.write(file, all);
    }

    static void writeText(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /** A WAV, a PHN covering it with h# / phone / h#, a TXT and a WRD under {@code dir} named {@code stem}.{ext}. */
    static void writeUtterance(Path dir, String stem, String ext, int numSamples, String phone) throws IOException {
        boolean upper = ext.equals(ext.toUpperCase());
        writeWav(dir.resolve(stem + "." + (upper ? "WAV" : "wav")), 16000, numSamples);
        int a = numSamples / 4;
        int b = 3 * numSamples / 4;
        writeText(dir.resolve(stem + "." + (upper ? "PHN" : "phn")),
                "0 " + a + " h#\n" + a + " " + b + " " + phone + "\n" + b + " " + numSamples + " h#\n");
        writeText(dir.resolve(stem + "." + (upper ? "TXT" : "txt")), "0 " + numSamples + " Word.\n");
        writeText(dir.resolve(stem + "." + (upper ? "WRD" : "wrd")), a + " " + b + " word\n");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
