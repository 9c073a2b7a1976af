package carousel.speech.feature;

import java.util.List;

/**
 * Options of Kaldi's {@code add-deltas} ({@code DeltaFeaturesOptions}, {@code src/feat/feature-functions.h}).
 *
 * @param order {@code --delta-order}, 2: append deltas up to this order (1 = deltas, 2 = deltas and
 *        delta-deltas); 0 appends nothing
 * @param window {@code --delta-window}, 2: deltas use frames t − window .. t + window
 */
public record DeltaOptions(int order, int window) {

    public DeltaOptions {
        if (order < 0 || order > 10) {
            throw new IllegalArgumentException("--delta-order must be in [0, 10], got " + order);
        }
        if (window < 1 || window > 1000) {
            throw new IllegalArgumentException("--delta-window must be in [1, 1000], got " + window);
        }
    }

    /** Kaldi's defaults: order 2, window 2. */
    public static DeltaOptions defaults() {
        return new DeltaOptions(2, 2);
    }

    /** Options from {@code --delta-order=N} and {@code --delta-window=N}; other names are an error. */
    public static DeltaOptions parse(String... args) {
        KaldiArgs a = KaldiArgs.parse(args);
        DeltaOptions d = defaults();
        DeltaOptions o = new DeltaOptions(a.getInt("delta-order", d.order), a.getInt("delta-window", d.window));
        a.requireAllUsed("add-deltas");
        return o;
    }

    /** These options as Kaldi command-line strings. */
    public List<String> toKaldiArgs() {
        return List.of("--delta-order=" + order, "--delta-window=" + window);
    }
}
