package carousel.speech.audio;

import static carousel.speech.audio.TestAudioFiles.s16le;
import static carousel.speech.audio.TestAudioFiles.sphere;
import static carousel.speech.audio.TestAudioFiles.timitSphere;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SphereReaderTest {

    @Test
    void readsTimitStyleFilesNamedWav(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("SA1.WAV");   // TIMIT's SPHERE files carry a .WAV extension
        Files.write(file, timitSphere((short) 100, (short) -200, (short) 32767));
        Waveform w = AudioReader.read(file);
        assertEquals(16000, w.sampleRateHz());
        assertArrayEquals(new float[] {100, -200, 32767}, w.samples());
        AudioInfo info = AudioReader.probe(file);
        assertEquals(AudioContainer.SPHERE, info.container());
        assertEquals(SampleEncoding.PCM_S16, info.encoding());
        assertEquals(3, info.numSamplesPerChannel());
    }

    @Test
    void bigEndianAndWiderSamples() throws Exception {
        byte[] be = sphere(new byte[] {0x01, 0x02, (byte) 0xff, (byte) 0xfe}, "sample_count -i 2",
                "sample_rate -i 8000", "sample_n_bytes -i 2", "sample_byte_format -s2 10", "sample_coding -s3 pcm");
        assertArrayEquals(new float[] {0x0102, -2}, AudioReader.read(be, "be.sph").samples());
        byte[] le32 = sphere(new byte[] {0x00, 0x00, 0x01, 0x00}, "sample_count -i 1", "sample_rate -i 8000",
                "sample_n_bytes -i 4", "sample_byte_format -s4 0123");
        assertArrayEquals(new float[] {1}, AudioReader.read(le32, "le32.sph").samples());
    }

    @Test
    void muLawStereoInterleaved() throws Exception {
        byte[] f = sphere(new byte[] {(byte) 0xff, 0x00, (byte) 0x80, 0x10}, "channel_count -i 2",
                "sample_count -i 2", "sample_rate -i 8000", "sample_n_bytes -i 1", "sample_coding -s4 ulaw");
        assertArrayEquals(new float[] {0, 32124}, AudioReader.read(f, "mu.sph", 0).samples());
        assertArrayEquals(new float[] {-32124, -15996}, AudioReader.read(f, "mu.sph", 1).samples());
    }

    @Test
    void sampleCountMayBeMissing() throws Exception {
        byte[] f = sphere(s16le((short) 7, (short) 8), "sample_rate -i 16000", "sample_n_bytes -i 2",
                "sample_byte_format -s2 01");
        assertArrayEquals(new float[] {7, 8}, AudioReader.read(f, "nocount.sph").samples());
    }

    @Test
    void shortenIsAnUnsupportedCompression() {
        byte[] f = sphere(new byte[64], "sample_count -i 1000", "sample_rate -i 16000", "sample_n_bytes -i 2",
                "sample_byte_format -s2 01", "sample_coding -s26 pcm,embedded-shorten-v2.00");
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioReader.read(f, "sw.sph"));
        assertEquals("sw.sph: unsupported compression 'pcm,embedded-shorten-v2.00' (decompress it first, e.g."
                + " sph2pipe -f wav)", e.getMessage());
        byte[] packed = sphere(new byte[64], "sample_count -i 10", "sample_rate -i 16000", "sample_n_bytes -i 2",
                "sample_byte_format -s11 shortpack-v0");
        assertProblem(packed, "unsupported compression 'shortpack-v0'");
    }

    @Test
    void damagedHeadersAreReported() {
        byte[] good = timitSphere((short) 1, (short) 2, (short) 3, (short) 4);
        assertProblem(Arrays.copyOf(good, good.length - 1), "truncated");
        assertProblem(Arrays.copyOf(good, 500), "header declares 1024 bytes but the file has only 500");
        assertProblem(withHeaderText(good, "   1024", "  99999"), "header declares 99999 bytes");
        assertProblem(withHeaderText(good, "   1024", "   10x4"), "header length '10x4' is not a number");
        assertProblem(withHeaderText(good, "end_head", "        "), "no 'end_head'");
        assertProblem(withHeaderText(good, "end_head", "end_hexx"), "malformed SPHERE header line 'end_hexx'");
        assertProblem(withHeaderText(good, "sample_rate -i 16000", "sample_rate -i 1600x"), "not an integer");
        assertProblem(withHeaderText(good, "sample_rate -i 16000", "sample_rate -i 0    "), "sample_rate = 0");
        assertProblem(withHeaderText(good, "sample_count -i 4", "sample_count -i 9"), "declares 9 samples");
        assertProblem(withHeaderText(good, "sample_byte_format -s2 01", "sample_byte_format -s2 xy"),
                "sample_byte_format 'xy'");
        assertProblem(withHeaderText(good, "sample_n_bytes -i 2", "sample_n_bytes -i 9"), "sample_n_bytes = 9");
        assertProblem(sphere(new byte[8], "sample_count -i 1", "sample_n_bytes -i 2"), "no sample_rate");
        assertProblem(sphere(new byte[8], "sample_rate -i 8000", "sample_coding -s4 gsm6"), "sample_coding 'gsm6'");
        assertProblem(Arrays.copyOf(good, 9), "header length line");
    }

    static byte[] withHeaderText(byte[] file, String from, String to) {
        assertEquals(from.length(), to.length(), "keep the header length");
        String text = new String(file, 0, 1024, StandardCharsets.ISO_8859_1);
        int i = text.indexOf(from);
        assertTrue(i >= 0, from);
        byte[] out = file.clone();
        System.arraycopy(to.getBytes(StandardCharsets.ISO_8859_1), 0, out, i, to.length());
        return out;
    }

    static void assertProblem(byte[] file, String expectedInMessage) {
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioReader.read(file, "bad.sph"));
        assertTrue(e.getMessage().startsWith("bad.sph: "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedInMessage), "expected '" + expectedInMessage + "' in: "
                + e.getMessage());
    }
}
