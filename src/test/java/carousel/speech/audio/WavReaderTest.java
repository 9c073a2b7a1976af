package carousel.speech.audio;

import static carousel.speech.audio.TestAudioFiles.chunk;
import static carousel.speech.audio.TestAudioFiles.fmt;
import static carousel.speech.audio.TestAudioFiles.fmtExtensible;
import static carousel.speech.audio.TestAudioFiles.riff;
import static carousel.speech.audio.TestAudioFiles.s16le;
import static carousel.speech.audio.TestAudioFiles.wav16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavReaderTest {

    @Test
    void pcm16KeepsIntegerValues() throws Exception {
        Waveform w = AudioReader.read(wav16(16000, (short) 0, (short) 1, (short) -1, Short.MAX_VALUE,
                Short.MIN_VALUE), "a.wav");
        assertEquals(16000, w.sampleRateHz());
        assertArrayEquals(new float[] {0, 1, -1, 32767, -32768}, w.samples());
        assertEquals("a.wav", w.source());
    }

    @Test
    void stereoNeedsAChannelAndReadsTheOneChosen() throws Exception {
        byte[] file = riff(chunk("fmt ", fmt(1, 2, 8000, 16)), chunk("data", s16le((short) 1, (short) -1,
                (short) 2, (short) -2, (short) 3, (short) -3)));
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioReader.read(file, "st.wav"));
        assertTrue(e.getMessage().startsWith("st.wav: has 2 channels"), e.getMessage());
        assertArrayEquals(new float[] {1, 2, 3}, AudioReader.read(file, "st.wav", 0).samples());
        assertArrayEquals(new float[] {-1, -2, -3}, AudioReader.read(file, "st.wav", 1).samples());
        AudioFormatException e2 = assertThrows(AudioFormatException.class, () -> AudioReader.read(file, "st.wav", 2));
        assertTrue(e2.getMessage().contains("no channel 2"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AudioReader.read(file, "st.wav", -2));
    }

    @Test
    void otherBitDepthsAreScaledToThe16BitRange() throws Exception {
        // 8-bit unsigned: 128 is zero, (b - 128) * 256.
        byte[] u8 = riff(chunk("fmt ", fmt(1, 1, 8000, 8)), chunk("data", new byte[] {(byte) 128, (byte) 255, 0}));
        assertArrayEquals(new float[] {0, 127 * 256, -128 * 256}, AudioReader.read(u8, "u8").samples());
        // 24-bit: / 256.
        byte[] s24 = riff(chunk("fmt ", fmt(1, 1, 8000, 24)), chunk("data", new byte[] {
            0x00, 0x01, 0x00,                         // 256 -> 1
            (byte) 0xff, (byte) 0xff, (byte) 0x7f,    // 8388607 -> 32767.996
            0x00, 0x00, (byte) 0x80,                  // -8388608 -> -32768
            (byte) 0x80, (byte) 0xff, (byte) 0xff})); // -128 -> -0.5
        assertArrayEquals(new float[] {1, 8388607 / 256f, -32768, -0.5f}, AudioReader.read(s24, "s24").samples());
        // 32-bit: / 65536.
        ByteBuffer b32 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(65536).putInt(Integer.MIN_VALUE)
                .putInt(-98304);
        byte[] s32 = riff(chunk("fmt ", fmt(1, 1, 8000, 32)), chunk("data", b32.array()));
        assertArrayEquals(new float[] {1, -32768, -1.5f}, AudioReader.read(s32, "s32").samples());
        // IEEE float: * 32768.
        ByteBuffer f = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-1f)
                .putFloat(1e-3f);
        byte[] f32 = riff(chunk("fmt ", fmt(3, 1, 8000, 32)), chunk("data", f.array()));
        assertArrayEquals(new float[] {16384, -32768, 1e-3f * 32768}, AudioReader.read(f32, "f32").samples());
        ByteBuffer d = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.25).putDouble(-0.125);
        byte[] f64 = riff(chunk("fmt ", fmt(3, 1, 8000, 64)), chunk("data", d.array()));
        assertArrayEquals(new float[] {8192, -4096}, AudioReader.read(f64, "f64").samples());
    }

    @Test
    void muLawAndALawFollowG711() throws Exception {
        // Expected values from Python's audioop.ulaw2lin / alaw2lin (the reference G.711 expansion).
        byte[] mu = riff(chunk("fmt ", fmt(7, 1, 8000, 8)), chunk("data", new byte[] {0x00, (byte) 0x80, (byte) 0xff,
                0x7f, 0x10, (byte) 0xa5, 0x5a}));
        assertArrayEquals(new float[] {-32124, 32124, 0, 0, -15996, 6652, -556}, AudioReader.read(mu, "mu").samples());
        byte[] a = riff(chunk("fmt ", fmt(6, 1, 8000, 8)), chunk("data", new byte[] {(byte) 0xd5, 0x55, (byte) 0xaa,
                0x2a, (byte) 0x80, 0x00, 0x13, (byte) 0xc7}));
        assertArrayEquals(new float[] {8, -8, 32256, -32256, 5504, -5504, -2880, 296}, AudioReader.read(a, "a").samples());
        assertEquals(SampleEncoding.MULAW, AudioReader.probe(mu, "mu").encoding());
    }

    @Test
    void waveFormatExtensibleIsUnwrapped() throws Exception {
        byte[] pcm = riff(chunk("fmt ", fmtExtensible(1, 1, 16000, 16, 16)), chunk("data", s16le((short) 5,
                (short) -7)));
        assertArrayEquals(new float[] {5, -7}, AudioReader.read(pcm, "ext").samples());
        ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(0.25f);
        byte[] flt = riff(chunk("fmt ", fmtExtensible(3, 2, 48000, 32, 32)), chunk("data", f.array()));
        assertArrayEquals(new float[] {8192}, AudioReader.read(flt, "ext", 1).samples());
        assertEquals(48000, AudioReader.probe(flt, "ext").sampleRateHz());
        byte[] badGuid = riff(chunk("fmt ", fmtExtensible(1, 1, 16000, 16, 16)), chunk("data", s16le((short) 1)));
        badGuid[20 + 24 + 5] = 0x42;   // inside the GUID tail
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioReader.read(badGuid, "g"));
        assertTrue(e.getMessage().contains("GUID"), e.getMessage());
    }

    @Test
    void otherChunksAreSkippedIncludingOddSizedOnes() throws Exception {
        byte[] file = riff(chunk("LIST", new byte[] {1, 2, 3}), chunk("fmt ", fmt(1, 1, 22050, 16)),
                chunk("fact", new byte[4]), chunk("data", s16le((short) 9, (short) 10)), chunk("id3 ", new byte[7]));
        Waveform w = AudioReader.read(file, "chunks");
        assertEquals(22050, w.sampleRateHz());
        assertArrayEquals(new float[] {9, 10}, w.samples());
    }

    @Test
    void streamedDataSizeMeansToTheEndOfTheFile() throws Exception {
        byte[] file = riff(chunk("fmt ", fmt(1, 1, 16000, 16)), chunk("data", 0xFFFFFFFFL, s16le((short) 1,
                (short) 2, (short) 3)));
        assertArrayEquals(new float[] {1, 2, 3}, AudioReader.read(file, "stream").samples());
    }

    @Test
    void badFilesNameTheFileAndTheProblem() {
        byte[] good = wav16(16000, (short) 1, (short) 2, (short) 3, (short) 4);
        assertProblem(new byte[0], "empty file");
        assertProblem(Arrays.copyOf(good, good.length - 2), "truncated");
        assertProblem(Arrays.copyOf(good, 40), "no 'data' chunk");
        assertProblem(Arrays.copyOf(good, 30), "'fmt ' at byte 12 declares 16 bytes but only 10 remain");
        assertProblem("hello world, not audio".getBytes(), "unknown audio format");
        assertProblem(TestAudioFiles.concat("fLaC".getBytes(), new byte[40]), "FLAC");
        assertProblem(riff(chunk("fmt ", fmt(0x11, 1, 16000, 4)), chunk("data", new byte[4])),
                "unsupported WAV format code 0x0011 (IMA ADPCM)");
        assertProblem(riff(chunk("fmt ", fmt(1, 1, 16000, 12)), chunk("data", new byte[4])), "PCM sample size 12");
        assertProblem(riff(chunk("fmt ", fmt(1, 0, 16000, 16)), chunk("data", new byte[4])), "0 channels");
        assertProblem(riff(chunk("fmt ", fmt(1, 1, 0, 16)), chunk("data", new byte[4])), "sample rate 0");
        assertProblem(riff(chunk("fmt ", fmt(1, 1, 16000, 16)), chunk("data", new byte[3])), "whole number");
        assertProblem(riff(chunk("data", new byte[4])), "no 'fmt ' chunk");
        assertProblem(riff(chunk("fmt ", fmt(1, 1, 16000, 16)), chunk("LIST", 0x7FFFFFF0L, new byte[8]),
                chunk("data", new byte[4])), "'LIST'");
        ByteBuffer nan = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN);
        assertProblem(riff(chunk("fmt ", fmt(3, 1, 16000, 32)), chunk("data", nan.array())), "not a finite number");
        byte[] hugeData = riff(chunk("fmt ", fmt(1, 1, 16000, 16)), chunk("data", 0x7FFFFFFEL, new byte[16]));
        assertProblem(hugeData, "declares 2147483646 bytes");
    }

    @Test
    void readsFilesAndDetectsTheFormatFromTheBytesNotTheName(@TempDir Path dir) throws Exception {
        Path wavNamedSph = dir.resolve("x.sph");
        Files.write(wavNamedSph, wav16(8000, (short) 3, (short) 4));
        Waveform w = AudioReader.read(wavNamedSph);
        assertArrayEquals(new float[] {3, 4}, w.samples());
        assertEquals(wavNamedSph.toString(), w.source());
        AudioInfo info = AudioReader.probe(wavNamedSph);
        assertEquals(AudioContainer.WAV, info.container());
        assertEquals(2, info.numSamplesPerChannel());
        assertEquals(2 / 8000.0, info.durationSeconds(), 1e-12);

        Path empty = dir.resolve("empty.wav");
        Files.write(empty, new byte[0]);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioReader.read(empty));
        assertEquals(empty + ": empty file (0 bytes)", e.getMessage());
        Path truncated = dir.resolve("cut.wav");
        byte[] good = wav16(8000, (short) 3, (short) 4, (short) 5);
        Files.write(truncated, Arrays.copyOf(good, good.length - 1));
        AudioFormatException e2 = assertThrows(AudioFormatException.class, () -> AudioReader.read(truncated));
        assertTrue(e2.getMessage().startsWith(truncated.toString()) && e2.getMessage().contains("truncated"),
                e2.getMessage());
    }

    static void assertProblem(byte[] file, String expectedInMessage) {
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioReader.read(file, "bad.wav"));
        assertTrue(e.getMessage().startsWith("bad.wav: "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedInMessage), "expected '" + expectedInMessage + "' in: "
                + e.getMessage());
    }
}
