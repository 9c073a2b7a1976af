package carousel.speech.feature;

import carousel.speech.audio.SampleRateMismatchException;
import carousel.speech.audio.SampleSource;

import java.io.IOException;

/**
 * Features of a long recording a block of frames at a time, in memory that does not grow with its
 * length: block b holds frames [b·F, b·F + F) and reads only their samples, (F − 1)·shift + length
 * of them. With {@code --snip-edges=true} each frame depends on its own samples alone, and with
 * {@code --dither=0} nothing is random, so the blocks join into exactly the features of the whole
 * recording at once (checked by the tests). Other settings (mirrored edges, dither, resampling) are
 * refused: {@link #supports} says which.
 */
public final class BlockFeatures {

    /** Receives each block of frames in order. */
    public interface Sink {
        void accept(FeatureMatrix block) throws IOException;
    }

    private BlockFeatures() {
    }

    /** Whether {@code computer}'s options allow block-wise computation of audio at {@code sampleRateHz}. */
    public static boolean supports(FeatureComputer computer, int sampleRateHz) {
        FrameOptions f = computer.frameOptions();
        return f.snipEdges() && f.dither() == 0 && f.sampleFrequencyHz() == sampleRateHz;
    }

    /**
     * Computes every frame of {@code audio}, {@code framesPerBlock} at a time, into {@code sink}.
     *
     * @return the number of frames, {@code frameOptions().numFrames(audio.length())}
     */
    public static int compute(FeatureComputer computer, SampleSource audio, int framesPerBlock, Sink sink) throws IOException {
        if (framesPerBlock < 1) throw new IllegalArgumentException("framesPerBlock must be >= 1, got " + framesPerBlock);
        FrameOptions f = computer.frameOptions();
        if (f.sampleFrequencyHz() != audio.sampleRateHz())
            throw new SampleRateMismatchException(audio.source(), (int) Math.round(f.sampleFrequencyHz()), audio.sampleRateHz());
        if (!supports(computer, audio.sampleRateHz()))
            throw new IllegalArgumentException("block-wise features need --snip-edges=true and --dither=0");
        int total = f.numFrames(audio.length());
        int shift = f.windowShiftSamples(), size = f.windowSizeSamples();
        float[] samples = null;
        for (int first = 0; first < total; first += framesPerBlock) {
            int n = Math.min(framesPerBlock, total - first);
            int len = (n - 1) * shift + size;
            if (samples == null || samples.length != len) samples = new float[len];
            audio.read((long) first * shift, samples);
            FeatureMatrix block = computer.compute(samples);
            if (block.numFrames() != n) throw new IllegalStateException("block of " + n + " frames gave " + block.numFrames());
            sink.accept(block);
        }
        return total;
    }
}
