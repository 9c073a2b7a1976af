package carousel.speech.dataset;

import carousel.speech.augment.AugmentOptions;
import carousel.speech.augment.NoiseKind;
import carousel.speech.corpus.Split;
import carousel.speech.feature.FeaturePipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training data path with augmentation, on the demo corpus: repeatable, aligned, clean when asked. */
class AugmentedTrainingTest {
    static AcousticCorpus corpus;
    static List<AcousticCorpus.Utt> train;

    @BeforeAll
    static void load() throws Exception {
        corpus = AcousticCorpus.load(Path.of("data/demo-corpus"), FeaturePipeline.fbank40(), TargetSet.STATES, AcousticCorpus.Part.FEATURES, AcousticCorpus.Part.NONE, 2, null);
        train = corpus.split(Split.TRAIN).subList(0, 12);
    }

    static final AugmentOptions ALL = new AugmentOptions(new AugmentOptions.Speed(List.of(0.9, 1.1)), new AugmentOptions.Reverb(0.5, 0.2, 0.8),
            new AugmentOptions.Noise(0.5, 0, 20, EnumSet.allOf(NoiseKind.class)), new AugmentOptions.Masking(2, 8, 2, 20));

    @Test
    void anEpochIsTheSameWhateverTheThreadsAndDiffersFromTheNext() throws Exception {
        float[] fill = new float[40];
        List<AcousticCorpus.Utt> a = AugmentedTraining.of(corpus, train, ALL, 7, 1, null).epoch(train, 3, fill, 1);
        List<AcousticCorpus.Utt> b = AugmentedTraining.of(corpus, train, ALL, 7, 2, null).epoch(train, 3, fill, 1);
        List<AcousticCorpus.Utt> c = AugmentedTraining.of(corpus, train, ALL, 7, 2, null).epoch(train, 4, fill, 1);
        assertEquals(train.size(), a.size());
        int differ = 0;
        for (int i = 0; i < a.size(); i++) {
            assertEquals(train.get(i).id(), a.get(i).id());
            assertArrayEquals(a.get(i).feats().data(), b.get(i).feats().data(), a.get(i).id());
            assertArrayEquals(a.get(i).targets(), b.get(i).targets());
            assertEquals(a.get(i).feats().numFrames(), a.get(i).targets().length);
            if (a.get(i).feats().numFrames() != c.get(i).feats().numFrames() || !java.util.Arrays.equals(a.get(i).feats().data(), c.get(i).feats().data())) differ++;
        }
        assertTrue(differ > train.size() / 2, "epochs 3 and 4 differ in " + differ + " utterances");
    }

    @Test
    void speedPerturbationScalesFramesAndTargetsTogether() throws Exception {
        for (double f : new double[]{0.9, 1.1}) {
            AugmentOptions o = new AugmentOptions(new AugmentOptions.Speed(List.of(f)), null, null, null);
            List<AcousticCorpus.Utt> a = AugmentedTraining.of(corpus, train, o, 1, 2, null).epoch(train, 1, new float[40], 1);
            for (int i = 0; i < a.size(); i++) {
                AcousticCorpus.Utt clean = train.get(i), fast = a.get(i);
                assertEquals(clean.feats().numFrames() / f, fast.feats().numFrames(), 2.0, clean.id());
                assertEquals(fast.feats().numFrames(), fast.targets().length);
                // the phone sequence (states folded, runs merged) is the clean one: only durations change
                assertEquals(runs(phones(clean.targets())), runs(phones(fast.targets())), clean.id());
                // and frame t of the perturbed utterance has the phone of clean frame t·f, but near a boundary
                int agree = 0;
                int[] pf = phones(fast.targets()), pc = phones(clean.targets());
                for (int t = 0; t < pf.length; t++) if (pf[t] == pc[Math.min(pc.length - 1, (int) Math.round(t * f))]) agree++;
                assertTrue(agree >= 0.9 * fast.targets().length, clean.id() + ": " + agree + " of " + fast.targets().length + " frames agree");
            }
        }
    }

    static int[] phones(int[] states) {
        int[] p = new int[states.length];
        for (int i = 0; i < p.length; i++) p[i] = states[i] / TargetSet.STATES.statesPerPhone;
        return p;
    }

    static List<Integer> runs(int[] t) {
        List<Integer> r = new java.util.ArrayList<>();
        for (int i = 0; i < t.length; i++) if (i == 0 || t[i] != t[i - 1]) r.add(t[i]);
        return r;
    }

    @Test
    void maskingAloneKeepsTargetsAndReadsNoAudio() throws Exception {
        AugmentOptions o = new AugmentOptions(null, null, null, new AugmentOptions.Masking(1, 5, 1, 10));
        List<AcousticCorpus.Utt> a = AugmentedTraining.of(corpus, train, o, 1, 1, null).epoch(train, 1, new float[40], 1);
        int changed = 0;
        for (int i = 0; i < a.size(); i++) {
            assertSame(train.get(i).targets(), a.get(i).targets());
            assertEquals(train.get(i).feats().numFrames(), a.get(i).feats().numFrames());
            if (!java.util.Arrays.equals(train.get(i).feats().data(), a.get(i).feats().data())) changed++;
        }
        assertNotEquals(0, changed);
    }
}
