package carousel.speech.recognize;

import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.dataset.TargetSet;
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
}
