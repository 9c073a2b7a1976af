package carousel.lag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tasks by command-line name, each with the parameters it takes and their defaults (the paper's
 * usual setting). Options a task does not take are an error that names the ones it does.
 */
public final class LagTasks {
    /**
     * Task parameters as given on the command line; null means "the task's default".
     *
     * @param seqLength  --seq-length: T of Exp. 3–5, the scale L of Exp. 6
     * @param p          --p: Exp. 2 (the lag in 2a/2b, the number of distractors in 2c)
     * @param q          --q: Exp. 2c, the minimal lag minus one
     * @param n          --n: Exp. 3, the number of information elements N
     * @param nSeq       --nseq: Exp. 5, n_seq
     * @param testStreams   --test-streams: continual Reber grammar
     * @param streamSymbols --stream-symbols: continual Reber grammar, symbols per test stream
     * @param dataSeed   --data-seed: Exp. 1, the seed of the fixed training and test strings
     * @param reberTargets --reber-targets: Exp. 1, how the targets code the next symbol
     * @param addingError  --adding-error: Exp. 4, which error the stopping rule averages
     */
    public record Options(Integer seqLength, Integer p, Integer q, Integer n, Integer nSeq,
                          Integer testStreams, Long streamSymbols, Long dataSeed,
                          EmbeddedReber.Targets reberTargets, AddingProblem.ErrorReading addingError) {
        public Options(Integer seqLength, Integer p, Integer q, Integer n, Integer nSeq, Integer testStreams, Long streamSymbols, Long dataSeed) {
            this(seqLength, p, q, n, nSeq, testStreams, streamSymbols, dataSeed, null, null);
        }

        public static Options defaults() { return new Options(null, null, null, null, null, null, null, null); }

        /** The options that were given, by flag. */
        Map<String, Object> given() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (seqLength != null) m.put("--seq-length", seqLength);
            if (p != null) m.put("--p", p);
            if (q != null) m.put("--q", q);
            if (n != null) m.put("--n", n);
            if (nSeq != null) m.put("--nseq", nSeq);
            if (testStreams != null) m.put("--test-streams", testStreams);
            if (streamSymbols != null) m.put("--stream-symbols", streamSymbols);
            if (dataSeed != null) m.put("--data-seed", dataSeed);
            if (reberTargets != null) m.put("--reber-targets", reberTargets);
            if (addingError != null) m.put("--adding-error", addingError);
            return m;
        }

        int seqLength(int def) { return seqLength == null ? def : seqLength; }
        int p(int def) { return p == null ? def : p; }
        int q(int def) { return q == null ? def : q; }
        int n(int def) { return n == null ? def : n; }
        int nSeq(int def) { return nSeq == null ? def : nSeq; }
        int testStreams(int def) { return testStreams == null ? def : testStreams; }
        long streamSymbols(long def) { return streamSymbols == null ? def : streamSymbols; }
        long dataSeed(long def) { return dataSeed == null ? def : dataSeed; }
    }

    /**
     * One task: its name, where it is in the papers, the options it takes with their defaults, and
     * how to build it.
     */
    public record Spec(String name, String experiment, Map<String, String> options, Function<Options, LagTask> factory) {}

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    private static void spec(String name, String experiment, Map<String, String> options, Function<Options, LagTask> factory) {
        SPECS.put(name, new Spec(name, experiment, options, factory));
    }

    static {
        spec("reber", "1997 Exp. 1: embedded Reber grammar, next-symbol prediction",
                ordered("--data-seed", "1", "--reber-targets", "next"),
                o -> new EmbeddedReber(o.dataSeed(1), o.reberTargets() == null ? EmbeddedReber.Targets.NEXT : o.reberTargets()));
        spec("2a", "1997 Exp. 2a: noise-free sequences with long lags, two sequences",
                Map.of("--p", "100"), o -> NoiseFreeSequences.exp2a(o.p(100)));
        spec("2b", "1997 Exp. 2b: as 2a without local regularities (random middle)",
                Map.of("--p", "100"), o -> NoiseFreeSequences.exp2b(o.p(100)));
        spec("2c", "1997 Exp. 2c: very long lags, q+4 or more steps, p distractors",
                ordered("--q", "100", "--p", "100"), o -> new VeryLongLags(o.q(100), o.p(100)));
        spec("3a", "1997 Exp. 3a: Bengio's 2-sequence problem, noise and signal on one channel",
                ordered("--seq-length", "100", "--n", "3"), o -> new TwoSequenceProblem(TwoSequenceProblem.Variant.A, o.seqLength(100), o.n(3)));
        spec("3b", "1997 Exp. 3b: as 3a with noise on the information elements",
                ordered("--seq-length", "100", "--n", "3"), o -> new TwoSequenceProblem(TwoSequenceProblem.Variant.B, o.seqLength(100), o.n(3)));
        spec("3c", "1997 Exp. 3c: as 3b with targets 0.2/0.8 and target noise",
                ordered("--seq-length", "100", "--n", "3"), o -> new TwoSequenceProblem(TwoSequenceProblem.Variant.C, o.seqLength(100), o.n(3)));
        spec("adding", "1997 Exp. 4: adding problem",
                ordered("--seq-length", "100", "--adding-error", "squared"),
                o -> new AddingProblem(o.seqLength(100), o.addingError() == null ? AddingProblem.ErrorReading.SQUARED : o.addingError()));
        spec("multiplication", "1997 Exp. 5: multiplication problem",
                ordered("--seq-length", "100", "--nseq", "140"), o -> new MultiplicationProblem(o.seqLength(100), o.nSeq(140)));
        spec("6a", "1997 Exp. 6a: temporal order, 2 relevant symbols, 4 classes",
                Map.of("--seq-length", "100"), o -> new TemporalOrder(2, o.seqLength(100)));
        spec("6b", "1997 Exp. 6b: temporal order, 3 relevant symbols, 8 classes",
                Map.of("--seq-length", "100"), o -> new TemporalOrder(3, o.seqLength(100)));
        spec("continual-reber", "Gers 2000 Exp. 1: continual embedded Reber grammar, no resets",
                ordered("--test-streams", "10", "--stream-symbols", "1000000"), o -> new ContinualReber(o.testStreams(10), o.streamSymbols(1_000_000)));
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private LagTasks() {}

    /** The constant of {@code type} whose lower-case name is {@code name} (any case); else an error naming {@code what} and the known names. */
    static <E extends Enum<E>> E choice(Class<E> type, String name, String what) {
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(name)) return e;
        throw new IllegalArgumentException("unknown " + what + " '" + name + "'; known: "
                + String.join(", ", java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList()));
    }

    public static List<Spec> all() { return new ArrayList<>(SPECS.values()); }

    public static List<String> names() { return new ArrayList<>(SPECS.keySet()); }

    /** Builds a task; an unknown name, or an option the task does not take, is an error saying what is allowed. */
    public static LagTask create(String name, Options options) {
        Spec spec = SPECS.get(name);
        if (spec == null) throw new IllegalArgumentException("unknown task '" + name + "'; known tasks: " + String.join(", ", SPECS.keySet()));
        for (String flag : options.given().keySet())
            if (!spec.options().containsKey(flag))
                throw new IllegalArgumentException("task " + name + " does not take " + flag + "; it takes " + String.join(", ", spec.options().keySet()));
        return spec.factory().apply(options);
    }
}
