package carousel.cli;

import carousel.speech.feature.CmvnStats;
import carousel.speech.feature.DeltaOptions;
import carousel.speech.feature.Deltas;
import carousel.speech.feature.FeatureMatrix;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the feature commands do after Kaldi's feature extraction, in Kaldi's usual order: per-utterance
 * CMVN ({@code apply-cmvn} with the utterance's own statistics), then {@code add-deltas}. A picocli mixin.
 */
final class PostProcessing {
    /** Per-utterance cepstral mean (and variance) normalisation. */
    enum Cmvn {
        NONE, MEAN, MEANVAR;

        String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static final class Converter implements ITypeConverter<Cmvn> {
            @Override
            public Cmvn convert(String value) {
                for (Cmvn c : values()) if (c.cliName().equals(value)) return c;
                throw new TypeConversionException("expected one of " + Arrays.stream(values()).map(Cmvn::cliName).toList() + ", got '" + value + "'");
            }
        }
    }

    @Option(names = "--add-deltas", description = "Append deltas and delta-deltas (Kaldi add-deltas: order 2, window 2), tripling the dimension.")
    boolean addDeltas;

    @Option(names = "--cmvn", paramLabel = "none|mean|meanvar", defaultValue = "none", converter = Cmvn.Converter.class,
            description = "Per-utterance normalisation, before deltas: mean subtracts the utterance's mean, meanvar also divides by its standard deviation (default ${DEFAULT-VALUE}).")
    Cmvn cmvn = Cmvn.NONE;

    private Deltas deltas;

    /** {@code feats} normalised and with deltas, as asked; a new matrix unless nothing was asked. */
    FeatureMatrix apply(FeatureMatrix feats) {
        FeatureMatrix out = feats;
        if (cmvn != Cmvn.NONE && out.numFrames() > 0) out = CmvnStats.normalizeUtterance(out, cmvn == Cmvn.MEANVAR);
        if (addDeltas) out = deltas().apply(out);
        return out;
    }

    /** Whether {@link #apply} leaves features as they are (no normalisation, no deltas). */
    boolean isIdentity() {
        return cmvn == Cmvn.NONE && !addDeltas;
    }

    /** Output dimension for features of dimension {@code dim}. */
    int dim(int dim) {
        return addDeltas ? dim * (deltas().options().order() + 1) : dim;
    }

    /** The settings, for info.json. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cmvn", cmvn.cliName());
        m.put("add_deltas", addDeltas ? deltas().options().toKaldiArgs() : false);
        return m;
    }

    private synchronized Deltas deltas() {
        if (deltas == null) deltas = new Deltas(DeltaOptions.defaults());
        return deltas;
    }
}
