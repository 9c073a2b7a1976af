package carousel.cli;

import carousel.speech.augment.AugmentOptions;
import carousel.speech.augment.NoiseKind;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code train-am}'s augmentation options (picocli mixin), each off unless given: speed perturbation, room
 * reverberation, additive noise and time/frequency masking, applied to the training utterances on the fly
 * ({@link carousel.speech.dataset.AugmentedTraining}); {@link #options()} is the typed form.
 */
public final class AugmentationOptions {
    @Option(names = "--speed-perturb", split = ",", paramLabel = "F,F,...", description = "Augment: speed perturbation, one factor per utterance and epoch drawn from these (Kaldi's 0.9,1.0,1.1); off by default.") List<Double> speedPerturb = new ArrayList<>();
    @Option(names = "--reverb-rt60", split = ",", paramLabel = "MIN,MAX", description = "Augment: simulated room reverberation, RT60 drawn from MIN..MAX seconds, e.g. 0.2,0.8; off by default.") List<Double> reverbRt60 = new ArrayList<>();
    @Option(names = "--reverb-prob", defaultValue = "0.5", description = "Share of utterances reverberated (default ${DEFAULT-VALUE}).") double reverbProb;
    @Option(names = "--noise-snr", split = ",", paramLabel = "MIN,MAX", description = "Augment: additive noise at an SNR drawn from MIN..MAX dB, e.g. 0,20; off by default.") List<Double> noiseSnr = new ArrayList<>();
    @Option(names = "--noise-prob", defaultValue = "0.5", description = "Share of utterances with noise (default ${DEFAULT-VALUE}).") double noiseProb;
    @Option(names = "--noise-kinds", split = ",", defaultValue = "babble,white,pink,brown", description = "Noises drawn from: babble (other training talkers), white, pink, brown (default ${DEFAULT-VALUE}).") List<String> noiseKinds;
    @Option(names = "--spec-augment", split = ",", paramLabel = "NF,WF,NT,WT", description = "Augment: NF frequency masks up to WF bins and NT time masks up to WT frames per utterance, e.g. 2,8,2,20; off by default.") List<Integer> specAugment = new ArrayList<>();

    /** The augmentation the options ask for. */
    public AugmentOptions options() {
        AugmentOptions.Speed sp = speedPerturb.isEmpty() ? null : new AugmentOptions.Speed(speedPerturb);
        AugmentOptions.Reverb rv = null;
        if (!reverbRt60.isEmpty()) {
            double[] r = range(reverbRt60, "--reverb-rt60");
            rv = new AugmentOptions.Reverb(reverbProb, r[0], r[1]);
        }
        AugmentOptions.Noise nz = null;
        if (!noiseSnr.isEmpty()) {
            EnumSet<NoiseKind> kinds = EnumSet.noneOf(NoiseKind.class);
            for (String k : noiseKinds) kinds.add(NoiseKind.parse(k));
            double[] r = range(noiseSnr, "--noise-snr");
            nz = new AugmentOptions.Noise(noiseProb, r[0], r[1], kinds);
        }
        AugmentOptions.Masking mk = specAugment.isEmpty() ? null : AugmentOptions.Masking.parse(specAugment);
        return new AugmentOptions(sp, rv, nz, mk);
    }

    private static double[] range(List<Double> v, String option) {
        if (v.size() != 2) throw new IllegalArgumentException(option + " takes MIN,MAX, got " + v);
        return new double[]{v.get(0), v.get(1)};
    }
}
