package carousel.cli;

import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmTrainer;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;
import carousel.tensor.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code carousel train-am}: a frame-level acoustic model on a TIMIT-layout corpus. */
@Command(name = "train-am", mixinStandardHelpOptions = true,
        description = {"Trains an acoustic model (LSTM, LSTMP, BLSTM, simple RNN or DNN) on the TRAIN part of a TIMIT-layout corpus",
                "with truncated BPTT over parallel utterance streams (Sak, Senior & Beaufays 2014), holding out training speakers",
                "for development (early stopping, learning-rate halving). Writes OUT/model (config.json, model.safetensors, am.json),",
                "OUT/checkpoints (an interrupted run started again with the same --out resumes), OUT/history.json and",
                "OUT/training-curve.png. Features are computed once, in memory.",
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
    @Option(names = "--targets", defaultValue = "states", description = "phones39, phones48, phones61 or states (3 per phone of 48; default ${DEFAULT-VALUE}).") String targets;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--jobs", defaultValue = "0", description = "Threads for features (default all cores).") int jobs;

    @Override
    public Integer call() throws Exception {
        if (context.size() != 2) throw new IllegalArgumentException("--context takes LEFT,RIGHT, got " + context);
        List<String> kaldi = new ArrayList<>(featureOptions);
        if (features.equals("fbank")) kaldi.add(0, "--num-mel-bins=" + melBins);
        FeaturePipeline spec = new FeaturePipeline(features, kaldi, deltas);
        TargetSet set = TargetSet.parse(targets);
        AmTrainer.Options o = new AmTrainer.Options(model, hidden, model.equals("blstm") && proj >= hidden ? 0 : proj, nonRecProj, layers, delay,
                context.get(0), context.get(1), chunk, streams, epochs, lr, clip, patience, devSpeakers, seed);
        System.err.println("backend: " + Backend.blas().describe() + ", " + Backend.blas().threads() + " thread(s)");
        long t0 = System.nanoTime();
        AcousticCorpus data = AcousticCorpus.load(corpus, spec, set, jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors(), System.err);
        AcousticModel am = new AmTrainer(o, System.err).train(data, spec, set, out);
        double acc = frameAccuracy(am, data.split(Split.TEST));
        System.out.printf(Locale.ROOT, "model: %s%ntest frame accuracy (%s, %d utterances): %.2f%%%ntraining curve: %s%ntotal %.0f s%n",
                out.resolve("model"), set.configName(), data.split(Split.TEST).size(), 100 * acc, out.resolve("training-curve.png"), (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    static double frameAccuracy(AcousticModel am, List<AcousticCorpus.Utt> utts) {
        long right = 0, total = 0;
        for (AcousticCorpus.Utt u : utts) {
            float[][] lp = am.logPosteriors(u.feats());
            for (int t = 0; t < lp.length; t++) {
                int best = 0;
                for (int c = 1; c < lp[t].length; c++) if (lp[t][c] > lp[t][best]) best = c;
                if (u.targets()[t] >= 0) { total++; if (best == u.targets()[t]) right++; }
            }
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }
}
