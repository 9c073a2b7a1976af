package carousel.cli;

import carousel.speech.feature.Fbank;
import carousel.speech.feature.FbankOptions;
import carousel.speech.feature.FeatureComputer;
import carousel.speech.feature.Mfcc;
import carousel.speech.feature.MfccOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Which Kaldi feature the feature commands compute: log-mel filterbanks or MFCCs. */
enum FeatureKind {
    /** {@code compute-fbank-feats}. */
    FBANK,
    /** {@code compute-mfcc-feats}. */
    MFCC;

    /** The name on the command line: {@code fbank}, {@code mfcc}. */
    String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The computer for Kaldi command-line options such as {@code --num-mel-bins=40}; unknown names are an error. */
    FeatureComputer computer(List<String> kaldiArgs) {
        return switch (this) {
            case FBANK -> new Fbank(FbankOptions.parse(kaldiArgs));
            case MFCC -> new Mfcc(MfccOptions.parse(kaldiArgs));
        };
    }

    /** Every option of {@code computer} as Kaldi command-line strings, for provenance. */
    static List<String> kaldiArgsOf(FeatureComputer computer) {
        return switch (computer) {
            case Fbank f -> f.options().toKaldiArgs();
            case Mfcc m -> m.options().toKaldiArgs();
            default -> throw new IllegalArgumentException("not a Kaldi feature: " + computer);
        };
    }

    /** Reads {@code fbank} or {@code mfcc} for picocli. */
    static final class Converter implements ITypeConverter<FeatureKind> {
        @Override
        public FeatureKind convert(String value) {
            for (FeatureKind k : values()) if (k.cliName().equals(value)) return k;
            throw new TypeConversionException("expected one of " + Arrays.stream(values()).map(FeatureKind::cliName).toList() + ", got '" + value + "'");
        }
    }
}
