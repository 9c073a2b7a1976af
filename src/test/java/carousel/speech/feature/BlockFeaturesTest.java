package carousel.speech.feature;

import carousel.io.Npy;
import carousel.io.NpyArray;
import carousel.speech.audio.AudioReader;
import carousel.speech.audio.SampleSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Block-wise features join into exactly the features of the whole recording, and stream into a .npy that equals Npy.write's. */
class BlockFeaturesTest {
    static final Path WAV = Path.of("src/test/resources/fixtures/features/tones-16k.wav");

    @TempDir Path tmp;

    @Test
    void blocksEqualTheWholeRecordingBitForBit() throws IOException {
        for (FeatureComputer c : List.of(new Fbank(FbankOptions.parse("--num-mel-bins=40")), new Mfcc(MfccOptions.parse()),
                new Fbank(FbankOptions.parse("--frame-length=20", "--frame-shift=7.5", "--window-type=hamming")))) {
            FeatureMatrix whole = c.compute(AudioReader.read(WAV));
            for (int block : new int[] {1, 7, 64, whole.numFrames(), 100_000}) {
                float[] joined = new float[whole.data().length];
                int[] at = {0};
                int frames;
                try (SampleSource audio = SampleSource.open(WAV, -1)) {
                    frames = BlockFeatures.compute(c, audio, block, b -> {
                        System.arraycopy(b.data(), 0, joined, at[0], b.data().length);
                        at[0] += b.data().length;
                    });
                }
                assertEquals(whole.numFrames(), frames);
                assertEquals(joined.length, at[0]);
                assertArrayEquals(whole.data(), joined, "block of " + block + " frames");
            }
        }
        assertFalse(BlockFeatures.supports(new Fbank(FbankOptions.parse("--snip-edges=false")), 16000));
        assertFalse(BlockFeatures.supports(new Fbank(FbankOptions.parse("--dither=1")), 16000));
        assertFalse(BlockFeatures.supports(new Fbank(FbankOptions.parse()), 8000));
    }

    @Test
    void streamedNpyEqualsTheWholeArrayWritten() throws IOException {
        float[] data = new float[6 * 5];
        for (int i = 0; i < data.length; i++) data[i] = i * 0.5f - 3;
        Path whole = tmp.resolve("whole.npy"), streamed = tmp.resolve("streamed.npy");
        Npy.write(whole, new NpyArray(new int[] {6, 5}, data));
        try (Npy.FloatWriter w = Npy.startFloat(streamed, new int[] {6, 5})) {
            w.write(java.util.Arrays.copyOfRange(data, 0, 10), 10);
            w.write(java.util.Arrays.copyOfRange(data, 10, 30), 20);
        }
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(streamed));
    }
}
