package carousel.speech.dataset;

import carousel.io.FormatException;
import carousel.progress.ProgressBar;
import carousel.speech.corpus.CorpusProblem;
import carousel.speech.corpus.CorpusScan;
import carousel.speech.corpus.ScannedUtterance;
import carousel.speech.corpus.Split;
import carousel.speech.corpus.TimitCorpus;
import carousel.speech.corpus.Utterance;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FeaturePipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The utterances of a TIMIT-layout corpus with their features and frame targets, computed once (in
 * parallel, by {@link UtteranceFeatures}) and held in memory: what acoustic-model training and decoding
 * read. Each split is loaded with features, with targets only (no audio read), or not at all. Unusable
 * utterances are reported, one line each, and skipped ("done N of M").
 */
public final class AcousticCorpus {
    /**
     * One utterance: features (frames × dim; null when loaded with targets only), frame targets (one per
     * frame), and the 61-phone reference alignment's phones.
     */
    public record Utt(String id, String speaker, Split split, FeatureMatrix feats, int[] targets, List<String> referencePhones61) {}

    /** How much of a split to load. */
    public enum Part {
        /** Not at all. */
        NONE,
        /** Frame targets and reference phones, without reading the audio (features null). */
        TARGETS,
        /** Features, frame targets and reference phones. */
        FEATURES
    }

    private final List<Utt> utterances;
    private final int attempted;
    private final List<String> problems;
    private final Map<String, ScannedUtterance> sources;
    private final UtteranceFeatures compute;

    private AcousticCorpus(List<Utt> utterances, int attempted, List<String> problems, Map<String, ScannedUtterance> sources, UtteranceFeatures compute) {
        this.utterances = utterances;
        this.attempted = attempted;
        this.problems = problems;
        this.sources = sources;
        this.compute = compute;
    }

    public List<Utt> utterances() { return utterances; }
    public List<Utt> split(Split s) { return utterances.stream().filter(u -> u.split() == s).toList(); }
    public int attempted() { return attempted; }
    public List<String> problems() { return problems; }

    /** The scanned utterance (audio file, alignment) a loaded utterance came from: what augmentation reads again. */
    public ScannedUtterance source(String id) {
        ScannedUtterance u = sources.get(id);
        if (u == null) throw new IllegalArgumentException("no loaded utterance " + id);
        return u;
    }

    /** The computation the features and targets came from (for features computed anew, as augmentation does). */
    public UtteranceFeatures computation() { return compute; }

    /** The same utterances with the frame targets of {@code targets} (by utterance id) where it has them, each of the same length. */
    public AcousticCorpus withTargets(Map<String, int[]> targets) {
        List<Utt> out = new ArrayList<>();
        for (Utt u : utterances) {
            int[] t = targets.get(u.id());
            if (t != null && t.length != u.targets().length)
                throw new IllegalArgumentException(u.id() + ": " + t.length + " new frame targets for " + u.targets().length + " frames");
            out.add(t == null ? u : new Utt(u.id(), u.speaker(), u.split(), u.feats(), t, u.referencePhones61()));
        }
        return new AcousticCorpus(out, attempted, problems, sources, compute);
    }

    /**
     * The same utterances with features computed for those {@code which} selects that were loaded with
     * targets only (as {@link #load} computes them; the others unchanged); an utterance whose features
     * fail is dropped with a warning on {@code log}, as loading drops it. For a few utterances of a split
     * loaded as {@link Part#TARGETS}: decoding the held-out training speakers needs their audio, not all of TRAIN's.
     */
    public AcousticCorpus withFeatures(Predicate<Utt> which, int threads, PrintStream log) throws IOException {
        List<Utt> todo = utterances.stream().filter(u -> u.feats() == null && which.test(u)).toList();
        if (todo.isEmpty()) return this;
        Map<String, Utt> computed = new HashMap<>();
        List<String> dropped = new ArrayList<>(problems);
        computeAll(compute, todo.stream().map(u -> sources.get(u.id())).toList(), u -> true, threads, log, dropped,
                o -> computed.put(o.utt().id(), o.utt()));
        List<Utt> out = new ArrayList<>();
        for (Utt u : utterances) {
            if (u.feats() != null || !which.test(u)) out.add(u);
            else if (computed.containsKey(u.id())) out.add(computed.get(u.id()));
        }
        return new AcousticCorpus(out, attempted, dropped, sources, compute);
    }

    /** Loads every good utterance of the corpus (both splits) with features. */
    public static AcousticCorpus load(Path root, FeaturePipeline features, TargetSet targets, int threads, PrintStream log) throws IOException {
        return load(root, features, targets, Part.FEATURES, Part.FEATURES, threads, log);
    }

    /** Loads the good utterances of the TRAIN and TEST splits as asked; only the problems of loaded splits are reported. */
    public static AcousticCorpus load(Path root, FeaturePipeline features, TargetSet targets, Part train, Part test, int threads, PrintStream log) throws IOException {
        Map<Split, Part> parts = Map.of(Split.TRAIN, train, Split.TEST, test);
        UtteranceFeatures compute = new UtteranceFeatures(features, targets);
        TimitCorpus corpus = TimitCorpus.open(root);
        CorpusScan scan = corpus.scan(compute.scanOptions());
        Function<CorpusProblem, Optional<Split>> splitOf = problemSplits(corpus);
        List<String> problems = new ArrayList<>();
        int scanProblems = 0;
        for (CorpusProblem p : scan.problems()) {
            if (splitOf.apply(p).map(s -> parts.get(s) == Part.NONE).orElse(false)) continue;
            scanProblems++;
            problems.add(p.toString());
            if (log != null) log.println("warning: " + p);
        }
        List<ScannedUtterance> good = scan.good().stream().filter(u -> parts.get(u.utterance().split()) != Part.NONE).toList();
        List<Utt> out = new ArrayList<>();
        Map<String, ScannedUtterance> sources = new HashMap<>();
        computeAll(compute, good, u -> parts.get(u.utterance().split()) == Part.FEATURES, threads, log, problems, o -> {
            out.add(o.utt());
            sources.put(o.utt().id(), o.utterance());
        });
        int attempted = good.size() + scanProblems;
        if (log != null) log.printf("done %d of %d utterances%n", out.size(), attempted);
        if (out.isEmpty()) throw new FormatException(root.toString(), "no usable utterance (" + problems.size() + " problems)");
        return new AcousticCorpus(out, attempted, problems, sources, compute);
    }

    /**
     * Computes {@code todo} in order on {@code threads} threads under one progress bar: each good outcome to
     * {@code ok}, each problem one warning line on the bar and one entry of {@code problems}.
     */
    private static void computeAll(UtteranceFeatures compute, List<ScannedUtterance> todo, Predicate<ScannedUtterance> withFeatures,
                                   int threads, PrintStream log, List<String> problems, Consumer<UtteranceFeatures.Outcome> ok) throws IOException {
        try (ProgressBar bar = ProgressBar.start(log, "features", todo.size(), "utterances")) {
            compute.computeInOrder(todo, withFeatures, threads, (i, o) -> {
                if (o.problem() == null) {
                    ok.accept(o);
                } else {
                    String msg = o.utterance().utterance().id() + ": " + o.problem();
                    problems.add(msg);
                    bar.println("warning: " + msg);
                }
                bar.step();
            });
        }
    }

    /** For a corpus, the split each scan problem concerns; empty when it concerns no known split (it then counts for every split). */
    public static Function<CorpusProblem, Optional<Split>> problemSplits(TimitCorpus corpus) {
        Map<String, Split> byId = new HashMap<>();
        for (Utterance u : corpus.utterances()) byId.put(u.id(), u.split());
        Path root = corpus.root();
        return p -> {
            Split s = byId.get(p.utteranceId());
            if (s != null) return Optional.of(s);
            if (p.file() != null && p.file().startsWith(root)) {
                String top = root.relativize(p.file()).getName(0).toString();
                for (Split each : Split.values()) if (each.directoryName().equalsIgnoreCase(top)) return Optional.of(each);
            }
            return Optional.empty();
        };
    }
}
