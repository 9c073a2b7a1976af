package carousel.speech.recognize;

import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.tree.ContextTree;
import carousel.speech.tree.Questions;
import carousel.speech.tree.TreeBuilder;
import carousel.speech.tree.TriphoneStats;
import carousel.speech.feature.FeaturePipeline;
import carousel.tensor.DType;
import carousel.tensor.Rng;

import java.util.Arrays;

/** Acoustic models with seeded random weights, for tests of the recognition chain that need a real network but no training. */
public final class UntrainedModels {
    private UntrainedModels() {}

    /** A 16-cell LSTM on 40 log-mel features (normalised by mean 10, std 3) predicting the 144 CI states, output delay 2, uniform priors. */
    public static AcousticModel lstmStates() {
        TargetSet targets = TargetSet.STATES;
        int D = 40, C = targets.numClasses();
        float[] mean = new float[D], std = new float[D], priors = new float[C];
        Arrays.fill(mean, 10f);
        Arrays.fill(std, 3f);
        Arrays.fill(priors, (float) -Math.log(C));
        SequenceModel net = new SequenceModel(ModelConfig.lstm(D, 16, 1, 0, false, C), DType.F32);
        net.initialize(new Rng(7), 0.5, null);
        return new AcousticModel(net, new AmConfig(FeaturePipeline.fbank40().withNormalization(new FeaturePipeline.Normalization(mean, std)), targets, 2, priors));
    }

    /**
     * As {@link #lstmStates()} but on tied states: a tree grown (seed 3) from random 1-D statistics of
     * random 48-phone sequences, one tied state per phone-state and a few more from splits.
     */
    public static AcousticModel lstmTied() {
        PhoneSet P48 = PhoneSet.TIMIT_48;
        int K = TargetSet.STATES.statesPerPhone;
        java.util.Random rng = new java.util.Random(3);
        TriphoneStats stats = new TriphoneStats(P48.size(), K, 1);
        for (int u = 0; u < 40; u++) {
            int[] labels = new int[300];
            float[] x = new float[300];
            for (int t = 0, prev = -1; t < 300; ) {
                int p = rng.nextInt(4) == 0 ? 0 : rng.nextInt(P48.size());
                for (int k = 0; k < K; k++)
                    for (int d = 0; d < 3 && t < 300; d++, t++) {
                        labels[t] = p * K + k;
                        x[t] = (float) (p + k + (prev == 0 ? 5 : 0) + rng.nextGaussian());
                    }
                prev = p;
            }
            stats.add(new FeatureMatrix(300, 1, x), labels);
        }
        ContextTree tree = new TreeBuilder(new TreeBuilder.Options(150, 160, 5, 0.01)).build(stats, P48, Questions.build(stats, P48, java.util.Map.of(), 0.01)).tree();
        int D = 40, N = tree.numStates();
        float[] mean = new float[D], std = new float[D], priors = new float[N], loops = new float[N];
        Arrays.fill(mean, 10f);
        Arrays.fill(std, 3f);
        Arrays.fill(priors, (float) -Math.log(N));
        Arrays.fill(loops, 0.6f);
        SequenceModel net = new SequenceModel(ModelConfig.lstm(D, 16, 1, 0, false, N), DType.F32);
        net.initialize(new Rng(7), 0.5, null);
        return new AcousticModel(net, new AmConfig(FeaturePipeline.fbank40().withNormalization(new FeaturePipeline.Normalization(mean, std)),
                TargetSet.STATES, 2, priors, loops, tree));
    }
}
