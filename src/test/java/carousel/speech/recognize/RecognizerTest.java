package carousel.speech.recognize;

import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.audio.AudioReader;
import carousel.speech.corpus.TimitCorpus;
import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FeaturePipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recognition on the demo corpus: streaming through the feature pipeline, streaming refusals, phone sequences of frame labels. (Whole-utterance and streaming decoding of a trained model: AcousticModelTest.trainsAndResumes.) */
class RecognizerTest {
    static AcousticCorpus corpus;

    @BeforeAll
    static void load() throws IOException {
        corpus = AcousticCorpus.load(Path.of("data/demo-corpus"), FeaturePipeline.fbank40(), TargetSet.STATES, 2, null);
    }

    @Test
    void streamingRefusesBidirectionalModels() {
        // a backward direction needs the utterance's end: frame-by-frame decoding would silently be wrong
        int D = 40, C = TargetSet.STATES.numClasses();
        float[] zeros = new float[D], ones = new float[D], priors = new float[C];
        java.util.Arrays.fill(ones, 1f);
        java.util.Arrays.fill(priors, (float) -Math.log(C));
        AmConfig am = new AmConfig(FeaturePipeline.fbank40().withNormalization(new FeaturePipeline.Normalization(zeros, ones)), TargetSet.STATES, 0, priors);
        var net = new carousel.model.SequenceModel(carousel.model.ModelConfig.lstm(D, 8, 1, 0, true, C), carousel.tensor.DType.F32);
        net.initialize(new carousel.tensor.Rng(1), 0.1, null);
        Recognizer rec = new Recognizer(new AcousticModel(net, am), Recognizer.bigram(TargetSet.STATES, corpus.split(Split.TRAIN)),
                Recognizer.topology(TargetSet.STATES, corpus.split(Split.TRAIN)), new carousel.speech.decode.DecoderOptions(1, 1, 16), 0.5);
        AcousticCorpus.Utt u = corpus.split(Split.TEST).get(0);
        var e = assertThrows(IllegalArgumentException.class, () -> rec.decodeStreaming(u.feats(), new float[u.feats().numFrames()][]));
        assertTrue(e.getMessage().contains("unidirectional"), e.getMessage());
        assertNotNull(rec.decode(new AcousticModel(net, am).logPosteriors(u.feats())).phones(), "whole-utterance decoding still works");
    }

    /** A recurrent model on MFCC + deltas: streaming runs deltas and normalisation frame by frame and gives the whole-utterance posteriors. */
    @Test
    void streamingRunsTheFeaturePipelineFrameByFrame() throws IOException {
        FeaturePipeline kaldi = FeaturePipeline.of(FeatureKind.MFCC, List.of());
        FeaturePipeline p = kaldi.withDeltas(true);
        AcousticCorpus.Utt u = corpus.split(Split.TEST).get(0);
        Path wav = TimitCorpus.open(Path.of("data/demo-corpus")).utterances().stream().filter(x -> x.id().equals(u.id())).findFirst().orElseThrow().wav();
        var w = AudioReader.read(wav);
        FeatureMatrix feats = p.features(p.computer(), w), frames = kaldi.features(kaldi.computer(), w);
        int C = TargetSet.STATES.numClasses();
        float[] priors = new float[C];
        java.util.Arrays.fill(priors, (float) -Math.log(C));
        AmConfig am = new AmConfig(p.withNormalization(FeaturePipeline.Normalization.of(List.of(feats))), TargetSet.STATES, 3, priors);
        var net = new carousel.model.SequenceModel(carousel.model.ModelConfig.lstm(39, 8, 1, 0, false, C), carousel.tensor.DType.F32);
        net.initialize(new carousel.tensor.Rng(1), 0.3, null);
        AcousticModel model = new AcousticModel(net, am);
        Recognizer rec = new Recognizer(model, Recognizer.bigram(TargetSet.STATES, corpus.split(Split.TRAIN)),
                Recognizer.topology(TargetSet.STATES, corpus.split(Split.TRAIN)), new carousel.speech.decode.DecoderOptions(1, 1, 16), 0.5);
        float[][] whole = model.logPosteriors(feats), streamed = new float[frames.numFrames()][];
        var r = rec.decodeStreaming(frames, streamed);
        double maxDiff = 0;
        for (int t = 0; t < whole.length; t++) for (int c = 0; c < C; c++) maxDiff = Math.max(maxDiff, Math.abs(whole[t][c] - streamed[t][c]));
        assertTrue(maxDiff < 1e-4, "streamed log posteriors differ by " + maxDiff);
        assertEquals(rec.decode(whole).phones(), r.phones());
    }

    @Test
    void streamingRefusesStackedFramesBeforeAnyFeatures() {
        int D = 40, C = TargetSet.STATES.numClasses();
        float[] zeros = new float[D], ones = new float[D], priors = new float[C];
        java.util.Arrays.fill(ones, 1f);
        AmConfig am = new AmConfig(FeaturePipeline.fbank40().withNormalization(new FeaturePipeline.Normalization(zeros, ones)).withContext(10, 5), TargetSet.STATES, 0, priors);
        var net = new carousel.model.SequenceModel(carousel.model.ModelConfig.dnn(D * 16, 8, 1, carousel.tensor.Activation.RELU, C), carousel.tensor.DType.F32);
        var e = assertThrows(IllegalArgumentException.class, () -> Recognizer.checkStreaming(new AcousticModel(net, am), carousel.model.StreamingModel.Weights.F32));
        assertTrue(e.getMessage().contains("stacked frames"), e.getMessage());
    }

    @Test
    void phoneSequencesFromFrameLabels() {
        // states: phone 2 (6,7,8), phone 2 again (6,8), phone 0 (0,1,2)
        assertArrayEquals(new int[]{2, 2, 0}, Recognizer.phoneSequence(new int[]{6, 6, 7, 8, 6, 8, 0, 1, 1, 2}, 3));
        assertArrayEquals(new int[]{4, 1, 4}, Recognizer.phoneSequence(new int[]{-1, 4, 4, 1, 4, 4}, 1));
    }
}
