package carousel.cli;

import carousel.io.Json;
import carousel.progress.ProgressBar;
import carousel.speech.corpus.CorpusProblem;
import carousel.speech.corpus.CorpusScan;
import carousel.speech.corpus.FrameGeometry;
import carousel.speech.corpus.ScannedUtterance;
import carousel.speech.corpus.Split;
import carousel.speech.corpus.TimitCorpus;
import carousel.speech.corpus.Utterance;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.dataset.UtteranceFeatures;
import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.kaldi.ArkFormat;
import carousel.speech.kaldi.ArkWriter;
import carousel.speech.kaldi.FloatMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Unmatched;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code carousel features corpus}: Kaldi features and frame targets of every usable utterance of a TIMIT-layout
 * corpus, as a Kaldi-style directory: feats.ark/scp, targets.ark/scp (one int32 label per feature frame),
 * utt2spk and info.json. Utterances are computed in parallel and written in corpus order.
 */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = {"Computes features of every good utterance of a TIMIT-layout corpus, and one",
                "target per feature frame from its .PHN alignment (the phone or HMM state at",
                "the frame's centre), into OUT:",
                "  feats.ark, feats.scp      float matrices (frames × dims), their byte offsets",
                "  targets.ark, targets.scp  int32 vectors, one label per feature frame",
                "  utt2spk, info.json        speakers; options, phone set, counts, problems",
                "Other --name=value options go to compute-fbank-feats or compute-mfcc-feats, as",
                "listed by 'carousel features fbank --help' (dither 0, unlike Kaldi's 1.0).",
                "Warns once per unusable utterance and ends with 'done N of M utterances';",
                "exit status 1 when none succeeded.",
                "Example: carousel features corpus --corpus data/demo-corpus --out-dir feats/test \\",
                "             --split test --num-mel-bins=40 --add-deltas"})
public final class FeaturesCorpusCommand implements Callable<Integer> {
    /** Reads phones39, phones48, phones61 or states for picocli. */
    static final class TargetsConverter implements ITypeConverter<TargetSet> {
        @Override
        public TargetSet convert(String value) {
            try {
                return TargetSet.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("expected one of " + Arrays.stream(TargetSet.values()).map(TargetSet::configName).toList() + ", got '" + value + "'");
            }
        }
    }

    /** Which part of the corpus. */
    enum SplitChoice {
        TRAIN, TEST, ALL;

        boolean includes(Split s) {
            return this == ALL || s.name().equals(name());
        }

        static final class Converter implements ITypeConverter<SplitChoice> {
            @Override
            public SplitChoice convert(String value) {
                for (SplitChoice s : values()) if (s.name().toLowerCase(Locale.ROOT).equals(value)) return s;
                throw new TypeConversionException("expected train, test or all, got '" + value + "'");
            }
        }
    }

    @Option(names = "--corpus", required = true, paramLabel = "DIR", description = "Corpus root (holding TRAIN and/or TEST).")
    Path corpus;

    @Option(names = "--out-dir", required = true, paramLabel = "OUT", description = "Output directory (created if missing; files in it are replaced).")
    Path outDir;

    @Option(names = "--kind", paramLabel = "fbank|mfcc", defaultValue = "fbank", converter = PostProcessing.KindConverter.class, description = "fbank or mfcc (default ${DEFAULT-VALUE}).")
    FeatureKind kind;

    @Option(names = "--split", paramLabel = "train|test|all", defaultValue = "all", converter = SplitChoice.Converter.class, description = "train, test or all (default ${DEFAULT-VALUE}).")
    SplitChoice split;

    @Option(names = "--targets", paramLabel = "SET", defaultValue = "phones48", converter = TargetsConverter.class,
            description = "Frame labels: phones39, phones48 (Lee & Hon's training set), phones61 (as written) or states (3 per phone of the 48, 144 classes); default ${DEFAULT-VALUE}.")
    TargetSet targets;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "0", description = "Threads computing features (default: all cores).")
    int jobs;

    @Mixin
    PostProcessing post;

    @Unmatched
    List<String> kaldiArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        FeaturePipeline pipeline = post.pipeline(kind, kaldiArgs);
        UtteranceFeatures features = new UtteranceFeatures(pipeline, targets);
        FrameGeometry geometry = features.geometry();
        if (jobs < 0) throw new IllegalArgumentException("--jobs must be at least 1, got " + jobs);
        int threads = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();

        TimitCorpus c = TimitCorpus.open(corpus);
        CorpusScan scan = c.scan(features.scanOptions());
        List<ScannedUtterance> todo = scan.good().stream().filter(u -> split.includes(u.utterance().split())).toList();
        List<String> problems = new ArrayList<>();
        Function<CorpusProblem, Optional<Split>> splitOf = AcousticCorpus.problemSplits(c);
        for (CorpusProblem p : scan.problems()) {
            if (!splitOf.apply(p).map(split::includes).orElse(true)) continue;
            System.err.println("warning: " + p);
            problems.add(p.toString());
        }
        int attempted = todo.size() + problems.size();
        if (todo.isEmpty()) {
            System.err.printf("done 0 of %d utterances: no usable utterance in %s (split %s)%n", attempted, corpus, split.name().toLowerCase(Locale.ROOT));
            return 1;
        }

        Files.createDirectories(outDir);
        Path featsArk = outDir.resolve("feats.ark").toAbsolutePath().normalize();
        Path targetsArk = outDir.resolve("targets.ark").toAbsolutePath().normalize();
        int[] done = {0};
        long[] frames = {0};
        double[] seconds = {0};
        try (ArkWriter<FloatMatrix> feats = ArkWriter.matrices(featsArk, outDir.resolve("feats.scp"), ArkFormat.BINARY);
             ArkWriter<int[]> labels = ArkWriter.intVectors(targetsArk, outDir.resolve("targets.scp"), ArkFormat.BINARY);
             Writer utt2spk = Files.newBufferedWriter(outDir.resolve("utt2spk"), StandardCharsets.UTF_8);
             ProgressBar bar = ProgressBar.start(System.err, "features", todo.size(), "utterances")) {
            features.computeInOrder(todo, u -> true, threads, (i, r) -> {
                Utterance u = r.utterance().utterance();
                if (r.problem() != null) {
                    bar.println("warning: " + u.id() + ": " + r.problem());
                    problems.add(u.id() + ": " + r.problem());
                } else {
                    FeatureMatrix f = r.utt().feats();
                    feats.write(u.id(), new FloatMatrix(f.numFrames(), f.dim(), f.data()));
                    labels.write(u.id(), r.utt().targets());
                    utt2spk.write(u.id() + " " + u.speaker() + "\n");
                    done[0]++;
                    frames[0] += f.numFrames();
                    seconds[0] += r.utterance().seconds();
                }
                bar.update(i + 1, String.format(Locale.ROOT, "%.0f s of audio", seconds[0]));
            });
        }

        int dim = pipeline.featureDim();
        Json.write(outDir.resolve("info.json"), info(pipeline, geometry, attempted, done[0], frames[0], seconds[0], dim, problems));
        System.err.printf(Locale.ROOT, "wrote %s: %d utterances, %d frames × %d, %.1f s audio; targets %s (%d classes)%n",
                outDir, done[0], frames[0], dim, seconds[0], targets.configName(), targets.numClasses());
        System.err.printf("done %d of %d utterances%n", done[0], attempted);
        return done[0] > 0 ? 0 : 1;
    }

    private Map<String, Object> info(FeaturePipeline pipeline, FrameGeometry geometry, int attempted, int done,
                                     long frames, double seconds, int dim, List<String> problems) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("corpus", corpus.toAbsolutePath().normalize().toString());
        m.put("split", split.name().toLowerCase(Locale.ROOT));
        m.put("kind", kind.configName());
        m.put("kaldi_options", pipeline.options().toKaldiArgs());
        m.putAll(post.describe());
        m.put("feature_dim", dim);
        m.put("frame_length_ms", geometry.frameLengthMs());
        m.put("frame_shift_ms", geometry.frameShiftMs());
        m.put("sample_rate_hz", geometry.sampleRateHz());
        m.put("targets", targets.configName());
        m.put("phone_set", targets.phones.name());
        m.put("phones", targets.phones.symbols());
        m.put("states_per_phone", targets.statesPerPhone);
        m.put("num_classes", targets.numClasses());
        m.put("utterances_attempted", attempted);
        m.put("utterances_written", done);
        m.put("frames", frames);
        m.put("seconds", seconds);
        m.put("problems", problems);
        return m;
    }
}
