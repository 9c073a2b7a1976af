package carousel.speech.feature;

import carousel.speech.feature.DeltaOptions;
import carousel.speech.feature.Deltas;
import carousel.speech.feature.Fbank;
import carousel.speech.feature.FbankOptions;
import carousel.speech.feature.FeatureComputer;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.Mfcc;
import carousel.speech.feature.MfccOptions;

import java.util.List;

/**
 * Which features an acoustic model reads: Kaldi fbank or MFCC with Kaldi-style options, optionally
 * with deltas and delta-deltas. The default of Sak et al.'s setting is 40 log-mel filterbanks.
 */
public record FeaturePipeline(String kind, List<String> kaldiArgs, boolean deltas) {
    public FeaturePipeline {
        if (!kind.equals("fbank") && !kind.equals("mfcc")) throw new IllegalArgumentException("feature kind must be fbank or mfcc, got '" + kind + "'");
        kaldiArgs = List.copyOf(kaldiArgs);
        computer(kind, kaldiArgs); // validates the options
    }

    public static FeaturePipeline fbank40() { return new FeaturePipeline("fbank", List.of("--num-mel-bins=40"), false); }

    public static FeaturePipeline mfccDeltas() { return new FeaturePipeline("mfcc", List.of(), true); }

    private static FeatureComputer computer(String kind, List<String> args) {
        return kind.equals("fbank") ? new Fbank(FbankOptions.parse(args)) : new Mfcc(MfccOptions.parse(args));
    }

    public FeatureComputer computer() { return computer(kind, kaldiArgs); }

    public int dim() { return computer().dim() * (deltas ? 3 : 1); }

    /** Features of raw samples (Kaldi's 16-bit scale), deltas appended when asked. */
    public FeatureMatrix compute(FeatureComputer computer, float[] samples) {
        FeatureMatrix f = computer.compute(samples, null);
        return deltas ? new Deltas(DeltaOptions.defaults()).apply(f) : f;
    }
}
