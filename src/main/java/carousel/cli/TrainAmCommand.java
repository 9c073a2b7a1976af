package carousel.cli;

import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmTrainer;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.recognize.Aligner;
import carousel.speech.recognize.Recognizer;
import carousel.speech.tree.ContextTree;
import carousel.tensor.Backend;
import carousel.train.Provenance;
import carousel.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code carousel train-am}: a frame-level acoustic model on a TIMIT-layout corpus. */
@Command(name = "train-am", mixinStandardHelpOptions = true,
        description = {"Trains an acoustic model (LSTM, LSTMP, BLSTM, simple RNN or DNN) on the TRAIN part of a TIMIT-layout corpus",
                "with truncated BPTT over parallel utterance streams (Sak, Senior & Beaufays 2014), holding out training speakers",
                "for development (early stopping, learning-rate halving). Writes OUT/model (config.json, model.safetensors, am.json),",
                "OUT/checkpoints (an interrupted run started again with the same --out resumes), OUT/history.json,",
                "OUT/training-curve.png and OUT/report.md. One run per --out at a time; a finished run started again changes",
                "nothing; other settings than the run's are refused unless --override. Features are computed once, in memory.",
                "Reports the frame accuracy (39 phones, as decode) on the held-out development speakers; the TEST split is read",
                "only by decode. Augmentation (--speed-perturb, --reverb-rt60, --noise-snr, --spec-augment) changes the training",
                "utterances on the fly, each epoch anew, repeatably (seeded by --seed, epoch and utterance).",
                "With --targets cd --tree FILE the outputs are the tree's tied triphone states (see carousel tree build).",
                "Example: carousel train-am --corpus data/demo-corpus --out runs/lstmp --model lstmp --hidden 256 --proj 128 --epochs 10"})
public final class TrainAmCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "TIMIT-layout corpus root.") Path corpus;
    @Option(names = "--out", required = true, description = "Run directory.") Path out;
    @Option(names = "--streams", description = "Parallel utterance streams (default ${DEFAULT-VALUE}).") int streams = AmTrainer.Options.DEFAULTS.streams();
    @Mixin AmTrainingOptions training;
    @Mixin AugmentationOptions augmentation;
    @Option(names = "--tree", description = "With --targets cd: the tree file of 'carousel tree build' (copied into the model directory).") Path treeFile;
    @Option(names = "--alignments-from", description = "Acoustic model directory (3-state targets): train on its forced alignment of the TRAIN utterances (Viterbi through their reference phones) instead of the .PHN times; targets states or cd.") Path alignModel;
    @Option(names = "--align-acoustic-scale", defaultValue = "0.3", description = "With --alignments-from: scale of the aligning model's acoustic log-likelihoods (default ${DEFAULT-VALUE}).") double alignScale;
    @Option(names = "--checkpoint-minutes", defaultValue = "10", description = "Minutes between partial checkpoints inside an epoch, from which a killed run goes on (0: only at the end of each epoch; default ${DEFAULT-VALUE}).") double checkpointMinutes;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AmTrainer.Options o = training.options(streams);
        FeaturePipeline spec = training.features();
        boolean cd = training.targets.equals("cd");   // train-am's own target set: Spark's train-am shares the mixin but not tied states
        if (cd != (treeFile != null)) throw new IllegalArgumentException(cd ? "--targets cd needs --tree FILE (from carousel tree build)" : "--tree goes with --targets cd");
        TargetSet set = cd ? TargetSet.STATES : training.targets();
        ContextTree tying = cd ? ContextTree.read(treeFile) : null;
        if ((cd || alignModel != null) && augmentation.options().speed() != null)
            throw new IllegalArgumentException("--speed-perturb computes the perturbed frame targets from the .PHN times; it cannot go with --targets cd or --alignments-from");
        if (!(checkpointMinutes >= 0 && checkpointMinutes <= 525_600))
            throw new IllegalArgumentException("--checkpoint-minutes must be 0 (none) to 525600 (a year), got " + checkpointMinutes);
        AmTrainer trainer = new AmTrainer(o, System.err, Recognizer.DEV_FRAME_ACCURACY).withAugmentation(augmentation.options(), training.featureThreads())
                .withPartialCheckpoints(checkpointMinutes == 0 ? null : java.time.Duration.ofMillis(Math.round(checkpointMinutes * 60_000)));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--corpus", corpus.toAbsolutePath().normalize().toString());
        settings.putAll(trainer.settings(spec, set));
        if (alignModel != null) {
            if (set != TargetSet.STATES) throw new IllegalArgumentException("--alignments-from gives 3-state alignments: use --targets states or cd");
            settings.put("--alignments-from", alignModel.toAbsolutePath().normalize().toString());
        }
        if (cd) {
            settings.put("--targets", "cd");
            settings.put("--tree", treeFile.toAbsolutePath().normalize().toString());
        }
        try (RunDirectory run = RunDirectory.open(out, settings, training.override(), System.err)) {
            String finished = run.finished(o.epochs());
            if (finished != null) {
                System.err.println(finished);
                System.out.printf("model: %s%n", out.resolve("model"));
                return 0;
            }
            Backend.blas();   // chosen now, before the features: its one "carousel: BLAS ..." line says which
            return train(trainer, spec, set, tying, run);
        }
    }

    private int train(AmTrainer trainer, FeaturePipeline spec, TargetSet set, ContextTree tying, RunDirectory run) throws Exception {
        long t0 = System.nanoTime();
        // TEST is read only by decode: training and its report use the TRAIN split (development speakers held out)
        AcousticCorpus data = AcousticCorpus.load(corpus, spec, set, AcousticCorpus.Part.FEATURES, AcousticCorpus.Part.NONE,
                training.featureThreads(), System.err);
        if (alignModel != null) {
            AcousticModel aligner = AcousticModel.load(alignModel);
            if (aligner.config().targets() != TargetSet.STATES) throw new IllegalArgumentException(alignModel + ": aligning needs a model of 3-state targets (states or cd)");
            AcousticCorpus own = AcousticCorpus.load(corpus, aligner.config().features().featuresOnly(), set, AcousticCorpus.Part.FEATURES, AcousticCorpus.Part.NONE,
                    training.featureThreads(), System.err);
            System.err.print(alignModel + ": ");
            // the development speakers keep their .PHN targets, so that development figures stay comparable
            Set<String> held = AmTrainer.devSpeakers(own.split(Split.TRAIN), training.devSpeakers());
            data = data.withTargets(Aligner.realign(aligner, own.split(Split.TRAIN).stream().filter(u -> !held.contains(u.speaker())).toList(), alignScale, System.err));
        }
        AcousticModel am = trainer.train(data, spec, set, tying, run, new Provenance.Origin(Main.commandLine(this.spec), corpus.toAbsolutePath().normalize().toString(), training.seed()));
        List<AcousticCorpus.Utt> train = data.split(Split.TRAIN);
        Set<String> dev = AmTrainer.devSpeakers(train, training.devSpeakers());
        List<AcousticCorpus.Utt> devUtts = train.stream().filter(u -> dev.contains(u.speaker())).toList();
        System.out.printf(Locale.ROOT, "model: %s%n", out.resolve("model"));
        if (!devUtts.isEmpty())
            System.out.printf(Locale.ROOT, "dev frame accuracy %.2f%% (39 phones) on %d utterances of the held-out speakers %s%n",
                    100 * Recognizer.frameAccuracy(am, devUtts).accuracy(), devUtts.size(), dev);
        System.out.printf(Locale.ROOT, "training curve: %s%ntotal %.0f s%n", out.resolve("training-curve.png"), (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
