package carousel.cli;

import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmTrainer;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.recognize.Aligner;
import carousel.speech.tree.Questions;
import carousel.speech.tree.TreeBuilder;
import carousel.speech.tree.TriphoneStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code carousel tree build}: tied states from a corpus's alignments (or a trained model's). */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = {"Grows one phonetic decision tree per phone-state (48 phones x 3 states) from the TRAIN split of a TIMIT-layout",
                "corpus, development speakers held out as train-am holds them: per (left, phone, right, state) the count, sum and",
                "sum of squares of the features (single diagonal Gaussians) from the .PHN times split into 3 states, or from a",
                "trained model's forced alignment (--alignments-from); questions from phone classes found by clustering the phones",
                "bottom-up (plus --broad-classes); greedy splits by log-likelihood gain, each side at least --min-count frames,",
                "up to --max-leaves leaves; leaves of a tree then merged, least loss first, down to --num-states tied states.",
                "Writes the tree file (see README) for train-am --targets cd --tree.",
                "Example: carousel tree build --corpus data/demo-corpus --num-states 500 --out runs/tree.txt"})
public final class TreeBuildCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "TIMIT-layout corpus root.") Path corpus;
    @Option(names = "--out", required = true, description = "The tree file to write.") Path out;
    @Option(names = "--num-states", defaultValue = "500", description = "Tied states wanted (at least 144; default ${DEFAULT-VALUE}).") int numStates;
    @Option(names = "--max-leaves", defaultValue = "0", description = "Leaves grown before merging (default 0: twice --num-states).") int maxLeaves;
    @Option(names = "--min-count", defaultValue = "50", description = "Frames each side of a split must have (default ${DEFAULT-VALUE}).") double minCount;
    @Option(names = "--var-floor", defaultValue = "0.01", description = "Variance floor of the Gaussians (default ${DEFAULT-VALUE}, Kaldi's).") double varFloor;
    @Option(names = "--broad-classes", description = "Also ask about hand-written broad classes of the 48 phones (vowels, stops, nasals, ...).") boolean broad;
    @Option(names = "--features", defaultValue = "mfcc", description = "fbank or mfcc, the statistics' features (default ${DEFAULT-VALUE}).") String features;
    @Option(names = "--deltas", negatable = true, defaultValue = "true", fallbackValue = "true", description = "Append deltas and delta-deltas (default ${DEFAULT-VALUE}).") boolean deltas;
    @Option(names = "--dev-speakers", defaultValue = "2", description = "Training speakers held out, as train-am holds them out (default ${DEFAULT-VALUE}).") int devSpeakers;
    @Option(names = "--alignments-from", description = "Acoustic model directory: align the TRAIN utterances with it (Viterbi through their reference phones) instead of using the .PHN times.") Path alignModel;
    @Option(names = "--acoustic-scale", defaultValue = "0.3", description = "With --alignments-from: scale of the acoustic log-likelihoods (default ${DEFAULT-VALUE}).") double acousticScale;
    @Option(names = "--jobs", defaultValue = "0", description = "Threads for features (default all cores).") int jobs;

    @Override
    public Integer call() throws Exception {
        TreeBuilder.Options opt = new TreeBuilder.Options(numStates, maxLeaves > 0 ? maxLeaves : 2 * numStates, minCount, varFloor);
        if (!(acousticScale > 0)) throw new IllegalArgumentException("--acoustic-scale must be positive");
        AcousticModel am = alignModel == null ? null : AcousticModel.load(alignModel);
        if (am != null && am.config().targets() != TargetSet.STATES)
            throw new IllegalArgumentException(alignModel + ": aligning needs a model of 3-state targets (states or cd), this one predicts " + am.config().targets().configName());
        int threads = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
        FeaturePipeline pipeline = FeaturePipeline.of(FeatureKind.parse(features), List.of()).withDeltas(deltas);
        long t0 = System.nanoTime();
        List<AcousticCorpus.Utt> train = trainingPart(AcousticCorpus.load(corpus, pipeline, TargetSet.STATES, AcousticCorpus.Part.FEATURES, AcousticCorpus.Part.NONE, threads, System.err));
        Map<String, int[]> labels = new HashMap<>();
        for (AcousticCorpus.Utt u : train) labels.put(u.id(), u.targets());
        if (am != null) realign(am, train, labels, threads);
        long t1 = System.nanoTime();
        TriphoneStats stats = new TriphoneStats(PhoneSet.TIMIT_48.size(), TargetSet.STATES.statesPerPhone, pipeline.featureDim());
        for (AcousticCorpus.Utt u : train) stats.add(u.feats(), labels.get(u.id()));
        Questions questions = Questions.build(stats, PhoneSet.TIMIT_48, broad ? Questions.TIMIT48_BROAD_CLASSES : Map.of(), varFloor);
        TreeBuilder.Result r = new TreeBuilder(opt).build(stats, PhoneSet.TIMIT_48, questions);
        long t2 = System.nanoTime();
        r.tree().write(out);
        double n = stats.frames();
        System.out.printf(Locale.ROOT, "statistics: %d utterances, %,d frames (%s), %d triphones seen (%d triphone states), alignments from %s%n",
                train.size(), stats.frames(), pipeline.kind().configName() + (deltas ? "+deltas, " : ", ") + stats.dim() + " dims", stats.numTriphones(),
                stats.numTriphoneStates(), am == null ? "the .PHN times (3 equal parts per phone)" : alignModel);
        System.out.printf(Locale.ROOT, "tree: %d questions, %d leaves grown, %d tied states; log-likelihood per frame %.4f (144 CI states) -> %.4f (grown) -> %.4f (tied)%n",
                questions.size(), r.leavesGrown(), r.tree().numStates(), r.ciLogLikelihood() / n, r.grownLogLikelihood() / n, r.tiedLogLikelihood() / n);
        System.out.printf(Locale.ROOT, "time: %.1f s features%s, %.1f s statistics and trees; wrote %s%n", (t1 - t0) / 1e9,
                am == null ? "" : " and alignment", (t2 - t1) / 1e9, out);
        return 0;
    }

    private List<AcousticCorpus.Utt> trainingPart(AcousticCorpus data) {
        List<AcousticCorpus.Utt> all = data.split(Split.TRAIN);
        Set<String> dev = AmTrainer.devSpeakers(all, devSpeakers);
        List<AcousticCorpus.Utt> train = all.stream().filter(u -> !dev.contains(u.speaker())).toList();
        if (train.isEmpty()) throw new IllegalArgumentException(corpus + ": no TRAIN utterances left after holding out " + devSpeakers + " development speakers");
        return train;
    }

    /** Replaces each utterance's labels by the model's forced alignment (kept as they are where it fails: too few frames). */
    private void realign(AcousticModel am, List<AcousticCorpus.Utt> train, Map<String, int[]> labels, int threads) throws Exception {
        List<AcousticCorpus.Utt> own = trainingPart(AcousticCorpus.load(corpus, am.config().features().featuresOnly(), TargetSet.STATES,
                AcousticCorpus.Part.FEATURES, AcousticCorpus.Part.NONE, threads, System.err));
        System.err.print(alignModel + ": ");
        labels.putAll(Aligner.realign(am, own, acousticScale, System.err));
    }
}
