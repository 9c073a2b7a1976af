package carousel.speech.audio;

import static carousel.speech.audio.TestAudioFiles.chunk;
import static carousel.speech.audio.TestAudioFiles.fmt;
import static carousel.speech.audio.TestAudioFiles.fmtExtensible;
import static carousel.speech.audio.TestAudioFiles.riff;
import static carousel.speech.audio.TestAudioFiles.sphere;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damages valid WAV and SPHERE files many times over (seeded: byte flips, header fields set to extreme values,
 * truncations, insertions and deletions) and checks that every read either succeeds, with no more samples than
 * the file could hold, or fails with an {@link AudioFormatException}; never another exception, an index error
 * or an out-of-memory error. A failure names the seed that reproduces it.
 */
class AudioFuzzTest {
    static final int MUTATIONS_PER_FILE = 3000;

    static List<byte[]> validFiles() {
        Random r = new Random(1);
        short[] pcm = new short[200];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) r.nextInt();
        }
        byte[] stereo24 = new byte[3 * 2 * 50];
        r.nextBytes(stereo24);
        ByteBuffer floats = ByteBuffer.allocate(4 * 64).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64; i++) {
            floats.putFloat((float) Math.sin(i));
        }
        byte[] ulaw = new byte[120];
        r.nextBytes(ulaw);
        return List.of(
                TestAudioFiles.wav16(16000, pcm),
                riff(chunk("LIST", new byte[] {1, 2, 3}), chunk("fmt ", fmt(1, 2, 44100, 24)), chunk("data", stereo24)),
                riff(chunk("fmt ", fmtExtensible(3, 1, 48000, 32, 32)), chunk("data", floats.array()),
                        chunk("cue ", new byte[12])),
                riff(chunk("fmt ", fmt(7, 1, 8000, 8)), chunk("data", ulaw)),
                TestAudioFiles.timitSphere(pcm),
                sphere(ulaw, "channel_count -i 2", "sample_count -i 60", "sample_rate -i 8000", "sample_n_bytes -i 1",
                        "sample_coding -s4 ulaw"));
    }

    @Test
    void damagedFilesNeverThrowAnythingButAudioFormatException() {
        List<byte[]> files = validFiles();
        int succeeded = 0;
        int refused = 0;
        for (int f = 0; f < files.size(); f++) {
            byte[] original = files.get(f);
            for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
                long seed = 1000L * f + i;
                byte[] damaged = mutate(original, new Random(seed));
                try {
                    for (int channel = -1; channel <= 1; channel++) {
                        try {
                            Waveform w = AudioReader.read(damaged, "fuzz", channel);
                            assertTrue(w.numSamples() <= damaged.length, "seed " + seed + ": " + w.numSamples()
                                    + " samples from a file of " + damaged.length + " bytes");
                            succeeded++;
                        } catch (AudioFormatException e) {
                            assertTrue(e.getMessage().startsWith("fuzz: "), e.getMessage());
                            refused++;
                        }
                    }
                    try {
                        AudioReader.probe(damaged, "fuzz");
                    } catch (AudioFormatException e) {
                        refused++;
                    }
                } catch (Throwable t) {
                    fail("file " + f + ", seed " + seed + ": " + t, t);
                }
            }
        }
        // Both outcomes must occur, or the mutations are too weak (or too strong) to test anything.
        assertTrue(succeeded > 1000 && refused > 1000, "succeeded " + succeeded + ", refused " + refused);
    }

    static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int headerEnd = Math.min(b.length, b.length > 1100 ? 1100 : 64);   // SPHERE headers are 1024 bytes
            switch (r.nextInt(7)) {
                case 0 -> {   // flip bits, mostly in the header
                    int pos = r.nextInt(4) > 0 && headerEnd > 0 ? r.nextInt(headerEnd) : r.nextInt(Math.max(1, b.length));
                    if (b.length > 0) {
                        b[pos] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 1 -> {   // a 16- or 32-bit field at a random header offset set to an extreme value
                    if (b.length >= 4) {
                        int pos = r.nextInt(Math.min(b.length - 3, 60));
                        int[] extremes = {0, 1, -1, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0x7FFFFFFE, r.nextInt()};
                        int v = extremes[r.nextInt(extremes.length)];
                        ByteBuffer.wrap(b, pos, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(v);
                    }
                }
                case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));   // truncate
                case 3 -> {   // delete a run of bytes
                    if (b.length > 2) {
                        int from = r.nextInt(b.length - 1);
                        int len = 1 + r.nextInt(Math.min(16, b.length - from));
                        byte[] c = new byte[b.length - len];
                        System.arraycopy(b, 0, c, 0, from);
                        System.arraycopy(b, from + len, c, from, b.length - from - len);
                        b = c;
                    }
                }
                case 4 -> {   // insert random bytes
                    int at = r.nextInt(b.length + 1);
                    byte[] ins = new byte[1 + r.nextInt(8)];
                    r.nextBytes(ins);
                    b = TestAudioFiles.concat(Arrays.copyOf(b, at), ins, Arrays.copyOfRange(b, at, b.length));
                }
                case 5 -> {   // overwrite a digit of a SPHERE header with another digit or a letter
                    for (int tries = 0; tries < 50 && b.length > 0; tries++) {
                        int pos = r.nextInt(Math.min(b.length, 400));
                        if (b[pos] >= '0' && b[pos] <= '9') {
                            b[pos] = (byte) (r.nextBoolean() ? '0' + r.nextInt(10) : 'a' + r.nextInt(26));
                            break;
                        }
                    }
                }
                default -> {  // random garbage anywhere
                    if (b.length > 0) {
                        b[r.nextInt(b.length)] = (byte) r.nextInt();
                    }
                }
            }
        }
        return b;
    }
}
