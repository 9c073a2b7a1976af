package carousel.cli;

import carousel.io.Npy;
import carousel.io.NpyArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Odd audio through {@code features} (issue 15, item 6): 8 and 48 kHz (resampled with Kaldi's
 * --allow-upsample / --allow-downsample), stereo (one --channel), 24-bit and float samples, clipped and
 * all-silent signals give features; zero-length and too-short files give one clear error.
 */
class OddAudioTest {
    @TempDir Path tmp;

    /** A RIFF WAVE file: format tag 1 (PCM) or 3 (float), interleaved little-endian samples in {@code data}. */
    private Path wav(String name, int tag, int bits, int channels, int rate, byte[] data) throws IOException {
        int block = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data.length).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * block).putShort((short) block).putShort((short) bits)
                .put("data".getBytes()).putInt(data.length).put(data);
        return Files.write(tmp.resolve(name), b.array());
    }

    /** A 440 Hz tone of amplitude {@code a} (1 = full scale), {@code n} samples at {@code rate}. */
    private static double[] tone(int n, int rate, double a) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = a * Math.sin(2 * Math.PI * 440 * i / rate);
        return x;
    }

    private static byte[] pcm(double[] x, int bits, int channels) {
        int bytes = bits / 8;
        ByteBuffer b = ByteBuffer.allocate(x.length * bytes * channels).order(ByteOrder.LITTLE_ENDIAN);
        long max = (1L << (bits - 1)) - 1;
        for (double v : x)
            for (int c = 0; c < channels; c++) {
                long s = Math.max(-max - 1, Math.min(max, Math.round(v * max / (c + 1))));
                for (int k = 0; k < bytes; k++) b.put((byte) (s >> (8 * k)));
            }
        return b.array();
    }

    /** Runs features fbank and returns the (frames, dims) output, which must be finite. */
    private NpyArray features(Path in, String... options) throws IOException {
        Path out = tmp.resolve(in.getFileName() + ".npy");
        String[] args = new String[options.length + 4];
        args[0] = "features";
        args[1] = "fbank";
        System.arraycopy(options, 0, args, 2, options.length);
        args[args.length - 2] = in.toString();
        args[args.length - 1] = out.toString();
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exit(), r.toString());
        NpyArray a = Npy.readFloat(out);
        for (float v : a.data()) assertTrue(Float.isFinite(v), in + ": " + v);
        return a;
    }

    @Test
    void oddRatesChannelsAndEncodingsGiveFeatures() throws IOException {
        assertEquals(98, features(wav("8k.wav", 1, 16, 1, 8000, pcm(tone(8000, 8000, 0.3), 16, 1)), "--allow-upsample=true").dim(0));
        assertEquals(98, features(wav("48k.wav", 1, 16, 1, 48000, pcm(tone(48000, 48000, 0.3), 16, 1)), "--allow-downsample=true").dim(0));
        Path stereo = wav("stereo.wav", 1, 16, 2, 16000, pcm(tone(16000, 16000, 0.3), 16, 2));
        NpyArray left = features(stereo, "--channel=0"), right = features(stereo, "--channel=1");
        // the right channel is the left at half amplitude: 2 log 2 less log energy in every bin
        assertEquals(left.data()[5] - 2 * Math.log(2), right.data()[5], 0.05);
        NpyArray s24 = features(wav("24bit.wav", 1, 24, 1, 16000, pcm(tone(16000, 16000, 0.3), 24, 1)));
        NpyArray s16 = features(wav("16bit.wav", 1, 16, 1, 16000, pcm(tone(16000, 16000, 0.3), 16, 1)));
        ByteBuffer f = ByteBuffer.allocate(4 * 16000).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : tone(16000, 16000, 0.3)) f.putFloat((float) v);
        NpyArray f32 = features(wav("float.wav", 3, 32, 1, 16000, f.array()));
        // the three agree where the tone is (in the quiet bins each one's quantisation noise shows)
        int compared = 0;
        for (int i = 0; i < s16.data().length; i++) {
            if (f32.data()[i] < 15) continue;
            assertEquals(f32.data()[i], s24.data()[i], 0.05, "24-bit at " + i);
            assertEquals(f32.data()[i], s16.data()[i], 0.05, "16-bit at " + i);
            compared++;
        }
        assertTrue(compared >= 98, "bins compared: " + compared);
        features(wav("clipped.wav", 1, 16, 1, 16000, pcm(tone(16000, 16000, 5.0), 16, 1)));
        NpyArray silent = features(wav("silent.wav", 1, 16, 1, 16000, new byte[32000]));
        assertEquals(98, silent.dim(0));
    }

    @Test
    void emptyShortAndStereoWithoutChannelAreClearErrors() throws IOException {
        Path out = tmp.resolve("x.npy");
        Path empty = wav("empty.wav", 1, 16, 1, 16000, new byte[0]);
        CliRun r = CliRun.of("features", "fbank", empty.toString(), out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertEquals("carousel features fbank: " + empty + ": 0 samples (0.0 ms) are shorter than one frame of 25.0 ms: no features\n",
                r.err().replaceAll("(?m)^WARNING.*\\n", ""));
        Path shortFile = wav("short.wav", 1, 16, 1, 16000, new byte[200]);
        r = CliRun.of("features", "fbank", shortFile.toString(), out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().endsWith(shortFile + ": 100 samples (6.3 ms) are shorter than one frame of 25.0 ms: no features\n"), r.toString());
        Path stereo = wav("stereo.wav", 1, 16, 2, 16000, pcm(tone(16000, 16000, 0.3), 16, 2));
        r = CliRun.of("features", "fbank", stereo.toString(), out.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().endsWith(stereo + ": has 2 channels; choose one (features: --channel=0 for the first)\n"), r.toString());
        assertTrue(Files.notExists(out));
    }
}
