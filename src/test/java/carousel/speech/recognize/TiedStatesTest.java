package carousel.speech.recognize;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.decode.DecodeResult;
import carousel.speech.decode.DecoderOptions;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.PhoneBigram;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.tree.ContextTree;
import carousel.speech.tree.PhoneContexts;
import carousel.speech.tree.Triphone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** An acoustic model on tied states: its files, its posteriors as the decoders see them, and forced alignment. */
class TiedStatesTest {
    static FeatureMatrix noise(int T, long seed) {
        Random r = new Random(seed);
        float[] x = new float[T * 40];
        for (int i = 0; i < x.length; i++) x[i] = (float) (10 + 3 * r.nextGaussian());
        return new FeatureMatrix(T, 40, x);
    }

    @Test
    void modelDirectoryKeepsTheTreeAndRefusesItsLoss(@TempDir Path dir) throws Exception {
        AcousticModel am = UntrainedModels.lstmTied();
        ContextTree tree = am.config().tying();
        assertTrue(tree.numStates() > 144);
        am.save(dir, Map.of());
        assertTrue(Files.isRegularFile(dir.resolve(AmConfig.TREE_FILE)));
        assertEquals(AmConfig.TREE_FILE, Json.readObject(dir.resolve(AcousticModel.AM_FILE)).get("state_tying"));
        AcousticModel back = AcousticModel.load(dir);
        assertEquals(tree.numStates(), back.config().numClasses());
        for (int l = 0; l <= 48; l += 7) for (int p = 0; p < 48; p += 5) for (int k = 0; k < 3; k++) {
            Triphone t = new Triphone(l, p, (l + 3) % 49, k);
            assertEquals(tree.map(t), back.config().tying().map(t));
        }
        FeatureMatrix f = noise(50, 1);
        assertArrayEquals(am.networkLogPosteriors(f)[10], back.networkLogPosteriors(f)[10]);
        Files.delete(dir.resolve(AmConfig.TREE_FILE));
        FormatException e = assertThrows(FormatException.class, () -> AcousticModel.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve(AcousticModel.AM_FILE).toString()) && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void decodersSeeContextIndependentPosteriorsWithTheContextSummedOut() {
        AcousticModel am = UntrainedModels.lstmTied();
        FeatureMatrix f = noise(80, 2);
        float[][] tied = am.networkLogPosteriors(f), ci = am.logPosteriors(f);
        assertEquals(am.config().tying().numStates(), tied[0].length);
        assertEquals(TargetSet.STATES.numClasses(), ci[0].length);
        for (int t = 0; t < ci.length; t += 11) {
            double sum = 0;
            for (float v : ci[t]) sum += Math.exp(v);
            assertEquals(1.0, sum, 1e-4);
            double[] bySum = new double[144];
            for (int s = 0; s < tied[t].length; s++) bySum[am.config().tying().ciState(s)] += Math.exp(tied[t][s]);
            for (int c = 0; c < 144; c++) assertEquals(Math.log(bySum[c]), ci[t][c], 1e-4);
        }
        assertEquals(144, Recognizer.priors(am).numClasses());
        HmmTopology topo = Recognizer.topology(am.config(), 0.5);
        assertEquals(0.6, topo.selfLoop(5), 1e-5);
        PhoneBigram lm = PhoneBigram.estimate(TargetSet.STATES.phones, List.of(new int[]{0, 1, 2, 3}));
        DecodeResult r = new Recognizer(am, lm, topo, new DecoderOptions(1, 0, 16), 0.3).decode(ci);
        assertFalse(r.phones().isEmpty());
    }

    @Test
    void forcedAlignmentOfADemoUtteranceKeepsThePhoneOrderAndCoversEveryFrame() throws Exception {
        AcousticModel am = UntrainedModels.lstmTied();
        AcousticCorpus data = AcousticCorpus.load(Path.of("data/demo-corpus"), am.config().features().featuresOnly(), TargetSet.STATES,
                AcousticCorpus.Part.NONE, AcousticCorpus.Part.FEATURES, 1, null);
        AcousticCorpus.Utt u = data.split(Split.TEST).getFirst();
        int[] after = Aligner.realign(am, Recognizer.topology(am.config(), 0.5), u.feats(), u.targets(), 0.3);
        assertEquals(u.targets().length, after.length);
        for (int y : after) assertTrue(y >= 0 && y < 144);
        List<int[]> ref = PhoneContexts.instances(u.targets(), 3), got = PhoneContexts.instances(after, 3);
        assertEquals(ref.size(), got.size());
        for (int i = 0; i < ref.size(); i++) assertEquals(ref.get(i)[0], got.get(i)[0], "phone " + i);
        // each instance runs through its states in order: 0...0 1...1 2...2
        for (int[] inst : got)
            for (int t = inst[1] + 1; t < inst[2]; t++) assertTrue(after[t] == after[t - 1] || after[t] == after[t - 1] + 1);
    }
}
