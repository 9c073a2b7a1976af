package carousel.speech.recognize;

import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recognition on the demo corpus: streaming refusals and phone sequences of frame labels. (Whole-utterance and streaming decoding of a trained model: AcousticModelTest.trainsAndResumes.) */
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
        AmConfig am = new AmConfig(FeaturePipeline.fbank40(), TargetSet.STATES, 0, 0, 0, zeros, ones, priors);
        var net = new carousel.model.SequenceModel(carousel.model.ModelConfig.lstm(D, 8, 1, 0, true, C), carousel.tensor.DType.F32);
        net.initialize(new carousel.tensor.Rng(1), 0.1, null);
        Recognizer rec = new Recognizer(new AcousticModel(net, am), Recognizer.bigram(TargetSet.STATES, corpus.split(Split.TRAIN)),
                Recognizer.topology(TargetSet.STATES, corpus.split(Split.TRAIN)), new carousel.speech.decode.DecoderOptions(1, 1, 16), 0.5);
        AcousticCorpus.Utt u = corpus.split(Split.TEST).get(0);
        var e = assertThrows(IllegalArgumentException.class, () -> rec.decodeStreaming(u.feats(), new float[u.feats().numFrames()][]));
        assertTrue(e.getMessage().contains("unidirectional"), e.getMessage());
        assertNotNull(rec.decode(new AcousticModel(net, am).logPosteriors(u.feats())).phones(), "whole-utterance decoding still works");
    }

    @Test
    void phoneSequencesFromFrameLabels() {
        // states: phone 2 (6,7,8), phone 2 again (6,8), phone 0 (0,1,2)
        assertArrayEquals(new int[]{2, 2, 0}, Recognizer.phoneSequence(new int[]{6, 6, 7, 8, 6, 8, 0, 1, 1, 2}, 3));
        assertArrayEquals(new int[]{4, 1, 4}, Recognizer.phoneSequence(new int[]{-1, 4, 4, 1, 4, 4}, 1));
    }
}
