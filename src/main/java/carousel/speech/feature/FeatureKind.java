package carousel.speech.feature;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Which Kaldi feature: log-mel filterbanks ({@code compute-fbank-feats}) or MFCCs ({@code compute-mfcc-feats}). */
public enum FeatureKind {
    /** {@code compute-fbank-feats}. */
    FBANK,
    /** {@code compute-mfcc-feats}. */
    MFCC;

    /** The name on the command line and in {@code am.json}: {@code fbank}, {@code mfcc}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The options for Kaldi command-line strings such as {@code --num-mel-bins=40}; an unknown name is an error. */
    public FeatureOptions options(List<String> kaldiArgs) {
        return switch (this) {
            case FBANK -> FbankOptions.parse(kaldiArgs);
            case MFCC -> MfccOptions.parse(kaldiArgs);
        };
    }

    /** {@code fbank} or {@code mfcc}. */
    public static FeatureKind parse(String name) {
        for (FeatureKind k : values()) if (k.configName().equals(name)) return k;
        throw new IllegalArgumentException("feature kind must be one of " + Arrays.stream(values()).map(FeatureKind::configName).toList() + ", got '" + name + "'");
    }
}
