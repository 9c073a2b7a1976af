package carousel.cli;

import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmTrainer;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.recognize.Aligner;
import carousel.speech.recognize.Recognizer;
import carousel.speech.tree.ContextTree;
import carousel.tensor.Backend;
import carousel.train.Provenance;
import carousel.train.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
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
                "only by decode.",
                "With --targets cd --tree FILE the outputs are the tree's tied triphone states (see carousel tree build).",
                "Example: carousel train-am --corpus data/demo-corpus --out runs/lstmp --model lstmp --hidden 256 --proj 128 --epochs 10"})
public final class TrainAmCommand implements Callable<Integer> {
    @Option(names = "--corpus", required = true, description = "TIMIT-layout corpus root.") Path corpus;
    @Option(names = "--out", required = true, description = "Run directory.") Path out;
    @Option(names = "--model", defaultValue = "lstmp", description = "lstm, lstmp, blstm, rnn or dnn (default ${DEFAULT-VALUE}).") String model;
    @Option(names = "--hidden", defaultValue = "256", description = "Cells (LSTM), units (RNN, DNN) per layer (default ${DEFAULT-VALUE}).") int hidden;
    @Option(names = "--proj", defaultValue = "128", description = "Recurrent projection size of lstmp (and blstm when > 0; default ${DEFAULT-VALUE}).") int proj;
    @Option(names = "--nonrec-proj", defaultValue = "0", description = "Non-recurrent projection size of lstmp (default ${DEFAULT-VALUE}).") int nonRecProj;
    @Option(names = "--layers", defaultValue = "2", description = "Layers (default ${DEFAULT-VALUE}).") int layers;
    @Option(names = "--delay", defaultValue = "5", description = "Output delay in frames for recurrent models (default ${DEFAULT-VALUE}, as Sak et al.).") int delay;
    @Option(names = "--context", split = ",", defaultValue = "10,5", description = "Left,right frames stacked for dnn (default ${DEFAULT-VALUE}).") List<Integer> context;
    @Option(names = "--chunk", defaultValue = "20", description = "Truncated BPTT steps (default ${DEFAULT-VALUE}).") int chunk;
    @Option(names = "--streams", defaultValue = "16", description = "Parallel utterance streams (default ${DEFAULT-VALUE}).") int streams;
    @Option(names = "--epochs", defaultValue = "10", description = "Maximum epochs (default ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate (default ${DEFAULT-VALUE}).") double lr;
    @Option(names = "--clip", defaultValue = "5", description = "Gradient clipping by global norm (0 = off; default ${DEFAULT-VALUE}).") double clip;
    @Option(names = "--patience", defaultValue = "2", description = "Epochs without development improvement before stopping (default ${DEFAULT-VALUE}).") int patience;
    @Option(names = "--dev-speakers", defaultValue = "2", description = "Training speakers held out for development (default ${DEFAULT-VALUE}).") int devSpeakers;
    @Option(names = "--features", defaultValue = "fbank", description = "fbank or mfcc (default ${DEFAULT-VALUE}).") String features;
    @Option(names = "--num-mel-bins", defaultValue = "40", description = "Mel bins of fbank (default ${DEFAULT-VALUE}).") int melBins;
    @Option(names = "--deltas", description = "Append deltas and delta-deltas.") boolean deltas;
    @Option(names = "--feature-option", description = "Further Kaldi option, e.g. --feature-option=--low-freq=64 (repeatable).") List<String> featureOptions = new ArrayList<>();
    @Option(names = "--targets", defaultValue = "states", description = "phones39, phones48, phones61, states (3 per phone of 48; default ${DEFAULT-VALUE}) or cd (the tied states of --tree).") String targets;
    @Option(names = "--tree", description = "With --targets cd: the tree file of 'carousel tree build' (copied into the model directory).") Path treeFile;
    @Option(names = "--alignments-from", description = "Acoustic model directory (3-state targets): train on its forced alignment of the TRAIN utterances (Viterbi through their reference phones) instead of the .PHN times; targets states or cd.") Path alignModel;
    @Option(names = "--align-acoustic-scale", defaultValue = "0.3", description = "With --alignments-from: scale of the aligning model's acoustic log-likelihoods (default ${DEFAULT-VALUE}).") double alignScale;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--jobs", defaultValue = "0", description = "Threads for features (default all cores).") int jobs;
    @Spec CommandSpec spec;
    @Option(names = "--override", description = "Resume a run in --out with settings other than those it was started with (they apply from the next epoch).") boolean override;

    @Override
    public Integer call() throws Exception {
        if (context.size() != 2) throw new IllegalArgumentException("--context takes LEFT,RIGHT, got " + context);
        FeatureKind kind = FeatureKind.parse(features);
        List<String> kaldi = new ArrayList<>(featureOptions);
        if (kind == FeatureKind.FBANK) kaldi.add(0, "--num-mel-bins=" + melBins);
        FeaturePipeline spec = FeaturePipeline.of(kind, kaldi).withDeltas(deltas);
        boolean cd = targets.equals("cd");
        if (cd != (treeFile != null)) throw new IllegalArgumentException(cd ? "--targets cd needs --tree FILE (from carousel tree build)" : "--tree goes with --targets cd");
        TargetSet set = cd ? TargetSet.STATES : TargetSet.parse(targets);
        ContextTree tying = cd ? ContextTree.read(treeFile) : null;
        AmTrainer.Options o = new AmTrainer.Options(model, hidden, model.equals("blstm") && proj >= hidden ? 0 : proj, nonRecProj, layers, delay,
                context.get(0), context.get(1), chunk, streams, epochs, lr, clip, patience, devSpeakers, seed);
        AmTrainer trainer = new AmTrainer(o, System.err);
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
        try (RunDirectory run = RunDirectory.open(out, settings, override, System.err)) {
            String finished = run.finished(epochs);
            if (finished != null) {
                System.err.println(finished);
                System.out.printf("model: %s%n", out.resolve("model"));
                return 0;
            }
            System.err.println("backend: " + Backend.blas().describe() + ", " + Backend.blas().threads() + " thread(s)");
            return train(trainer, spec, set, tying, run);
        }
    }

    private int train(AmTrainer trainer, FeaturePipeline spec, TargetSet set, ContextTree tying, RunDirectory run) throws Exception {
        long t0 = System.nanoTime();
        // TEST is read only by decode: training and its report use the TRAIN split (development speakers held out)
        int threads = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
        AcousticCorpus data = AcousticCorpus.load(corpus, spec, set, AcousticCorpus.Part.FEATURES, AcousticCorpus.Part.NONE, threads, System.err);
        if (alignModel != null) {
            AcousticModel aligner = AcousticModel.load(alignModel);
            if (aligner.config().targets() != TargetSet.STATES) throw new IllegalArgumentException(alignModel + ": aligning needs a model of 3-state targets (states or cd)");
            AcousticCorpus own = AcousticCorpus.load(corpus, aligner.config().features().featuresOnly(), set, AcousticCorpus.Part.FEATURES, AcousticCorpus.Part.NONE, threads, System.err);
            System.err.print(alignModel + ": ");
            // the development speakers keep their .PHN targets, so that development figures stay comparable
            Set<String> held = AmTrainer.devSpeakers(own.split(Split.TRAIN), devSpeakers);
            data = data.withTargets(Aligner.realign(aligner, own.split(Split.TRAIN).stream().filter(u -> !held.contains(u.speaker())).toList(), alignScale, System.err));
        }
        AcousticModel am = trainer.train(data, spec, set, tying, run, new Provenance.Origin(Main.commandLine(this.spec), corpus.toAbsolutePath().normalize().toString(), seed));
        List<AcousticCorpus.Utt> train = data.split(Split.TRAIN);
        Set<String> dev = AmTrainer.devSpeakers(train, devSpeakers);
        List<AcousticCorpus.Utt> devUtts = train.stream().filter(u -> dev.contains(u.speaker())).toList();
        System.out.printf(Locale.ROOT, "model: %s%n", out.resolve("model"));
        if (!devUtts.isEmpty())
            System.out.printf(Locale.ROOT, "dev frame accuracy %.2f%% (39 phones) on %d utterances of the held-out speakers %s%n",
                    100 * Recognizer.frameAccuracy(am, devUtts).accuracy(), devUtts.size(), dev);
        System.out.printf(Locale.ROOT, "training curve: %s%ntotal %.0f s%n", out.resolve("training-curve.png"), (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
