package carousel.cli;

import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.feature.FeaturePipeline.Cmvn;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature commands' options for what follows Kaldi's feature extraction, in Kaldi's usual order:
 * per-utterance CMVN ({@code apply-cmvn} with the utterance's own statistics), then {@code add-deltas}.
 * A picocli mixin that builds the {@link FeaturePipeline} the commands run.
 */
final class PostProcessing {
    /** Reads {@code none}, {@code mean} or {@code meanvar} for picocli. */
    static final class CmvnConverter implements ITypeConverter<Cmvn> {
        @Override
        public Cmvn convert(String value) {
            for (Cmvn c : Cmvn.values()) if (c.configName().equals(value)) return c;
            throw new TypeConversionException("expected one of " + Arrays.stream(Cmvn.values()).map(Cmvn::configName).toList() + ", got '" + value + "'");
        }
    }

    /** Reads {@code fbank} or {@code mfcc} for picocli. */
    static final class KindConverter implements ITypeConverter<FeatureKind> {
        @Override
        public FeatureKind convert(String value) {
            for (FeatureKind k : FeatureKind.values()) if (k.configName().equals(value)) return k;
            throw new TypeConversionException("expected one of " + Arrays.stream(FeatureKind.values()).map(FeatureKind::configName).toList() + ", got '" + value + "'");
        }
    }

    @Option(names = "--add-deltas", description = "Append deltas and delta-deltas (Kaldi add-deltas: order 2, window 2), tripling the dimension.")
    boolean addDeltas;

    @Option(names = "--cmvn", paramLabel = "none|mean|meanvar", defaultValue = "none", converter = CmvnConverter.class,
            description = "Per-utterance normalisation, before deltas: mean subtracts the utterance's mean, meanvar also divides by its standard deviation (default ${DEFAULT-VALUE}).")
    Cmvn cmvn = Cmvn.NONE;

    /** Whether the features are written as computed (no normalisation, no deltas). */
    boolean isIdentity() {
        return cmvn == Cmvn.NONE && !addDeltas;
    }

    /** The pipeline of {@code kind} with Kaldi options {@code kaldiArgs} and these settings (no normalisation, no splicing). */
    FeaturePipeline pipeline(FeatureKind kind, List<String> kaldiArgs) {
        return FeaturePipeline.of(kind, kaldiArgs).withCmvn(cmvn).withDeltas(addDeltas);
    }

    /** The settings, for info.json. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cmvn", cmvn.configName());
        m.put("add_deltas", addDeltas ? FeaturePipeline.deltaOptions().toKaldiArgs() : false);
        return m;
    }
}
