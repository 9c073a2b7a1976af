package carousel.speech.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The few facts about an audio file that a corpus scan needs: sample rate, channels and number of
 * samples, read from the header alone (the samples are not decoded; that is the audio package's job).
 *
 * <p>Two containers occur in TIMIT copies: RIFF WAVE (converted copies, and the synthetic demo corpus;
 * Microsoft/IBM "Multimedia Programming Interface and Data Specifications 1.0", 1991: {@code RIFF} size
 * {@code WAVE}, then chunks {@code id, uint32 size, body} padded to even length, with {@code fmt } and
 * {@code data}) and NIST SPHERE (the LDC distribution: an ASCII header starting {@code NIST_1A}, its
 * length on the second line, then {@code name -type value} lines such as {@code sample_count -i 46797}
 * up to {@code end_head}).
 *
 * @param sampleRateHz   samples per second per channel
 * @param channels       number of interleaved channels
 * @param numSamples     samples per channel
 */
record AudioHeader(int sampleRateHz, int channels, long numSamples) {

    /** RIFF data-chunk size written by streaming writers that did not know the length. */
    private static final long UNKNOWN_RIFF_SIZE = 0xFFFFFFFFL;

    /** Reads the header of {@code file}; {@code utteranceId} only names the utterance in errors. */
    static AudioHeader read(Path file, String utteranceId) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 1024)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head, 0);
            String magic = head.limit() >= 4 ? ascii(head, 0, 4) : "";
            if (magic.equals("RIFF")) {
                return readRiff(ch, size, file, utteranceId);
            }
            if (head.limit() >= 7 && ascii(head, 0, 7).equals("NIST_1A")) {
                return readSphere(head, file, utteranceId);
            }
            throw new CorpusFormatException(utteranceId, file, 0,
                    "not a RIFF WAVE or NIST SPHERE audio file (starts with '" + printable(head) + "')");
        }
    }

    private static AudioHeader readRiff(FileChannel ch, long size, Path file, String utt) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        if (size < 12 || readFully(ch, b, 0) < 12 || !ascii(b, 8, 4).equals("WAVE")) {
            throw new CorpusFormatException(utt, file, 0, "RIFF file is not a WAVE file");
        }
        int channels = -1;
        int rate = -1;
        int blockAlign = -1;
        long pos = 12;
        ByteBuffer chunk = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        while (pos + 8 <= size) {
            chunk.clear();
            readFully(ch, chunk, pos);
            String id = ascii(chunk, 0, 4);
            long length = Integer.toUnsignedLong(chunk.getInt(4));
            long body = pos + 8;
            if (id.equals("fmt ")) {
                if (length < 16 || body + 16 > size) {
                    throw new CorpusFormatException(utt, file, 0, "WAVE 'fmt ' chunk too short (" + length + " bytes)");
                }
                ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                readFully(ch, fmt, body);
                channels = Short.toUnsignedInt(fmt.getShort(2));
                rate = fmt.getInt(4);
                blockAlign = Short.toUnsignedInt(fmt.getShort(12));
            } else if (id.equals("data")) {
                if (channels <= 0 || rate <= 0 || blockAlign <= 0) {
                    throw new CorpusFormatException(utt, file, 0,
                            "WAVE 'data' chunk before a valid 'fmt ' chunk (channels, rate and block size must be > 0)");
                }
                long available = size - body;
                if (length == UNKNOWN_RIFF_SIZE) {
                    length = available;
                } else if (length > available) {
                    throw new CorpusFormatException(utt, file, 0, "truncated WAVE file: 'data' chunk says "
                            + length + " bytes, the file has " + available + " after the chunk header");
                }
                return new AudioHeader(rate, channels, length / blockAlign);
            }
            pos = body + length + (length & 1);
        }
        throw new CorpusFormatException(utt, file, 0, "WAVE file has no 'data' chunk");
    }

    private static AudioHeader readSphere(ByteBuffer head, Path file, String utt) throws IOException {
        String text = ascii(head, 0, head.limit());
        int end = text.indexOf("end_head");
        if (end < 0) {
            throw new CorpusFormatException(utt, file, 0, "NIST SPHERE header has no 'end_head' in its first 1024 bytes");
        }
        long count = -1;
        int rate = -1;
        int channels = 1;
        for (String line : text.substring(0, end).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3 || !f[1].equals("-i")) {
                continue;
            }
            try {
                switch (f[0]) {
                    case "sample_count" -> count = Long.parseLong(f[2]);
                    case "sample_rate" -> rate = Integer.parseInt(f[2]);
                    case "channel_count" -> channels = Integer.parseInt(f[2]);
                    default -> { }
                }
            } catch (NumberFormatException e) {
                throw new CorpusFormatException(utt, file, 0, "NIST SPHERE header field " + f[0]
                        + " is not an integer: '" + f[2] + "'");
            }
        }
        if (count < 0 || rate <= 0 || channels <= 0) {
            throw new CorpusFormatException(utt, file, 0,
                    "NIST SPHERE header lacks a valid sample_count, sample_rate or channel_count");
        }
        return new AudioHeader(rate, channels, count);
    }

    private static int readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        int total = 0;
        while (b.hasRemaining()) {
            int n = ch.read(b, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        b.flip();
        return total;
    }

    private static String ascii(ByteBuffer b, int from, int length) {
        byte[] bytes = new byte[Math.min(length, b.limit() - from)];
        b.get(from, bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String printable(ByteBuffer b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(8, b.limit()); i++) {
            int c = b.get(i) & 0xff;
            s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }

    /** Duration in seconds. */
    double seconds() {
        return (double) numSamples / sampleRateHz;
    }
}
