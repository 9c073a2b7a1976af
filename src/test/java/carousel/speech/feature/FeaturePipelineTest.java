package carousel.speech.feature;

import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Waveform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturePipelineTest {
    static final Path WAV = Path.of("data/demo-corpus/TEST/DR3/MBLS0/SX128.WAV");

    /** The pipeline frame by frame: every output frame as the stream gives it, then those of finish(). */
    static FeatureMatrix streamed(FeaturePipeline p, FeatureMatrix kaldi) {
        FeaturePipeline.Stream s = p.stream();
        List<float[]> rows = new ArrayList<>();
        int D = kaldi.dim();
        for (int t = 0; t < kaldi.numFrames(); t++) {
            float[] frame = new float[D];
            System.arraycopy(kaldi.data(), t * D, frame, 0, D);
            List<float[]> out = s.accept(frame);
            // frame t + 1 in: output frames up to t + 1 − latency are out
            assertEquals(Math.max(0, t + 1 - p.latencyFrames()), rows.size() + out.size(), "frames out after " + (t + 1) + " in");
            rows.addAll(out);
        }
        rows.addAll(s.finish());
        FeatureMatrix m = FeatureMatrix.zeros(rows.size(), p.inputDim());
        for (int t = 0; t < rows.size(); t++) System.arraycopy(rows.get(t), 0, m.data(), t * p.inputDim(), p.inputDim());
        return m;
    }

    static FeaturePipeline.Normalization randomNormalization(int dim, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] mean = new float[dim], std = new float[dim];
        for (int d = 0; d < dim; d++) { mean[d] = (float) r.nextDouble(-5, 5); std[d] = (float) r.nextDouble(0.5, 3); }
        return new FeaturePipeline.Normalization(mean, std);
    }

    @Test
    void streamingGivesTheWholeUtteranceFramesBitForBit() throws IOException {
        Waveform w = AudioReader.read(WAV);
        FeaturePipeline mfcc = FeaturePipeline.mfccDeltas();
        FeaturePipeline[] pipelines = {
                FeaturePipeline.fbank40(),                                                          // nothing after extraction
                FeaturePipeline.fbank40().withNormalization(randomNormalization(40, 1)),             // an LSTM's inputs
                mfcc,                                                                               // deltas only
                mfcc.withNormalization(randomNormalization(39, 2)),                                 // deltas, normalisation
                mfcc.withNormalization(randomNormalization(39, 3)).withContext(10, 5),              // a DNN's stacked inputs
                FeaturePipeline.fbank40().withContext(0, 3),                                        // splicing alone, right only
        };
        for (FeaturePipeline p : pipelines) {
            FeatureMatrix kaldi = p.kaldiOnly().features(p.computer(), w);
            FeatureMatrix whole = p.compute(p.computer(), w);
            assertEquals(kaldi.numFrames(), whole.numFrames());
            assertEquals(p.inputDim(), whole.dim());
            assertArrayEquals(whole.data(), p.fromKaldiFeatures(kaldi).data(), p.toString());
            assertArrayEquals(whole.data(), streamed(p, kaldi).data(), p.toString());
            // utterances shorter than the look-ahead, down to none: the edges repeat as in the whole-utterance form
            for (int T = 0; T <= 6; T++) {
                FeatureMatrix shortOne = FeatureMatrix.zeros(T, kaldi.dim());
                System.arraycopy(kaldi.data(), 0, shortOne.data(), 0, T * kaldi.dim());
                assertArrayEquals(p.fromKaldiFeatures(shortOne).data(), streamed(p, shortOne).data(), p + ", " + T + " frames");
            }
        }
    }

    @Test
    void stepsRunInKaldisOrder() throws IOException {
        Waveform w = AudioReader.read(WAV);
        FeaturePipeline p = FeaturePipeline.mfccDeltas().withCmvn(FeaturePipeline.Cmvn.MEANVAR);
        FeatureMatrix kaldi = p.kaldiOnly().features(p.computer(), w);
        // apply-cmvn on the utterance's own statistics, then add-deltas
        FeatureMatrix byHand = new Deltas(DeltaOptions.defaults()).apply(CmvnStats.normalizeUtterance(kaldi, true));
        assertArrayEquals(byHand.data(), p.features(p.computer(), w).data());
        FeaturePipeline.Normalization n = randomNormalization(39, 4);
        FeatureMatrix normalised = FeatureMatrix.zeros(byHand.numFrames(), 39);
        for (int i = 0; i < normalised.data().length; i++) normalised.data()[i] = (byHand.data()[i] - n.mean()[i % 39]) / n.std()[i % 39];
        assertArrayEquals(FrameStacking.stack(normalised, 2, 1).data(), p.withNormalization(n).withContext(2, 1).compute(p.computer(), w).data());
    }

    @Test
    void refusesWhatCannotWork() {
        var cmvn = assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.fbank40().withCmvn(FeaturePipeline.Cmvn.MEAN).stream());
        assertTrue(cmvn.getMessage().contains("whole utterance"), cmvn.getMessage());
        var dims = assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.mfccDeltas().withNormalization(randomNormalization(13, 1)));
        assertTrue(dims.getMessage().contains("13") && dims.getMessage().contains("39"), dims.getMessage());
        var kind = assertThrows(IllegalArgumentException.class, () -> FeatureKind.parse("plp"));
        assertTrue(kind.getMessage().contains("plp"), kind.getMessage());
        var option = assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.of(FeatureKind.MFCC, List.of("--num-mel-bins=40", "--use-power=false")));
        assertTrue(option.getMessage().contains("compute-mfcc-feats") && option.getMessage().contains("--use-power"), option.getMessage());
        var frame = assertThrows(IllegalArgumentException.class, () -> FeaturePipeline.fbank40().stream().accept(new float[39]));
        assertTrue(frame.getMessage().contains("40"), frame.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FeaturePipeline.Normalization(new float[]{0}, new float[]{0}));
    }

    @Test
    void optionsOfBothKindsShareTheirParsing() {
        assertEquals(FbankOptions.parse("--num-mel-bins=40"), FeatureKind.FBANK.options(List.of("--num-mel-bins=40")));
        assertEquals(MfccOptions.parse("--num-ceps=20"), FeatureKind.MFCC.options(List.of("--num-ceps=20")));
        assertEquals(40, FeaturePipeline.fbank40().featureDim());
        assertEquals(39 * 16, FeaturePipeline.mfccDeltas().withContext(10, 5).inputDim());
        var floor = assertThrows(IllegalArgumentException.class, () -> MfccOptions.parse("--energy-floor=-1"));
        assertTrue(floor.getMessage().contains("--energy-floor"), floor.getMessage());
    }
}
