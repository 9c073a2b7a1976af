package carousel.speech.feature;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What Kaldi's fbank and MFCC options have in common ({@link FbankOptions}, {@link MfccOptions}): framing,
 * the mel filterbank and the energy options, read from and written as the same {@code --name=value}
 * strings as Kaldi's {@code compute-fbank-feats} / {@code compute-mfcc-feats}. The static helpers hold the
 * parsing, validation and "these options with some changed" code both records use.
 */
public sealed interface FeatureOptions permits FbankOptions, MfccOptions {
    /** Framing and windowing ({@code --frame-length}, {@code --window-type}, ...). */
    FrameOptions frame();

    /** The mel filterbank ({@code --num-mel-bins}, {@code --low-freq}, {@code --high-freq}). */
    MelOptions mel();

    /** {@code --use-energy}. */
    boolean useEnergy();

    /** {@code --energy-floor} (absolute, not log; 0 = none). */
    double energyFloor();

    /** {@code --raw-energy}: energy before pre-emphasis and windowing. */
    boolean rawEnergy();

    /** {@code --htk-compat}. */
    boolean htkCompat();

    /** D, values per frame. */
    int dim();

    /** Which feature these options are for. */
    FeatureKind kind();

    /** The options as Kaldi command-line strings, every option spelled out. */
    List<String> toKaldiArgs();

    /** The computer these options configure ({@link Fbank} or {@link Mfcc}). */
    FeatureComputer computer();

    /**
     * Options of one kind from Kaldi strings: {@code read} takes the names it knows from the parsed
     * arguments; any name left over is an error naming {@code command} and listing the known names.
     */
    static <T extends FeatureOptions> T parse(List<String> args, String command, Function<KaldiArgs, T> read) {
        KaldiArgs a = KaldiArgs.parse(args);
        T o = read.apply(a);
        a.requireAllUsed(command);
        return o;
    }

    /** The checks every kind makes on the options they share. */
    static void checkShared(FrameOptions frame, MelOptions mel, double energyFloor) {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(mel, "mel");
        if (!(energyFloor >= 0) || !Double.isFinite(energyFloor)) {
            throw new IllegalArgumentException("--energy-floor must be >= 0, got " + energyFloor);
        }
        mel.checkAgainst(frame.sampleFrequencyHz());
    }

    /** Every option of {@code options} as Kaldi strings, then {@code changes} (the last value of a name wins). */
    static List<String> withChanges(FeatureOptions options, String... changes) {
        List<String> all = new ArrayList<>(options.toKaldiArgs());
        all.addAll(List.of(changes));
        return all;
    }

    /** The Kaldi strings of the framing and mel options, which every kind writes first. */
    static List<String> sharedKaldiArgs(FeatureOptions options) {
        List<String> out = new ArrayList<>(options.frame().toKaldiArgs());
        out.addAll(options.mel().toKaldiArgs());
        return out;
    }
}
