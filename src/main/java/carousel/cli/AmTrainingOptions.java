package carousel.cli;

import carousel.speech.am.AmArchitecture;
import carousel.speech.am.AmTrainer;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeaturePipeline;
import carousel.tensor.Products;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The acoustic-model training options that {@code carousel train-am} and {@code carousel-spark train-am}
 * share, as one picocli mixin so that their names, meanings and defaults cannot drift apart: the
 * model, its training, the features and targets, the seed and the run directory's override. The
 * defaults are {@link AmTrainer.Options#DEFAULTS}' (the fields start from them, and picocli shows them
 * as defaults). Not here: {@code --streams}, which counts all streams in {@code train-am} and the
 * streams of each partition in Spark's.
 */
public final class AmTrainingOptions {
    private static final AmTrainer.Options D = AmTrainer.Options.DEFAULTS;

    @Option(names = "--model", description = "lstm, lstmp, blstm, rnn or dnn (default ${DEFAULT-VALUE}).") String model = D.model().configName();
    @Option(names = "--hidden", description = "Cells (LSTM), units (RNN, DNN) per layer (default ${DEFAULT-VALUE}).") int hidden = D.hidden();
    @Option(names = "--proj", description = "Recurrent projection size of lstmp (and blstm when below --hidden; default ${DEFAULT-VALUE}).") int proj = D.proj();
    @Option(names = "--nonrec-proj", description = "Non-recurrent projection size of lstmp (default ${DEFAULT-VALUE}).") int nonRecProj = D.nonRecurrentProj();
    @Option(names = "--layers", description = "Layers (default ${DEFAULT-VALUE}).") int layers = D.layers();
    @Option(names = "--delay", description = "Output delay in frames for recurrent models (default ${DEFAULT-VALUE}, as Sak et al.).") int delay = D.delay();
    @Option(names = "--context", split = ",", defaultValue = "10,5", description = "Left,right frames stacked for dnn (default ${DEFAULT-VALUE}).") List<Integer> context;
    @Option(names = "--chunk", description = "Truncated BPTT steps (default ${DEFAULT-VALUE}).") int chunk = D.chunk();
    @Option(names = "--epochs", description = "Maximum epochs (default ${DEFAULT-VALUE}).") int epochs = D.epochs();
    @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE}).") double lr = D.lr();
    @Option(names = "--clip", description = "Gradient clipping by global norm (0 = off; default ${DEFAULT-VALUE}).") double clip = D.clip();
    @Option(names = "--reject-worse", description = "Reject an epoch whose development loss is not the best so far: its weights and optimizer state go back to the last accepted epoch's before the next epoch, at the halved rate (Kaldi's newbob rule; for wide networks whose loss jumps up at the starting rate; default ${DEFAULT-VALUE}).") boolean rejectWorse = D.rejectWorse();
    @Option(names = "--train-products", description = "Precision of the whole-chunk matrix products of training (input products, output layer, weight gradients): f32, or bf16 (operands rounded to bfloat16, float32 sums, by oneDNN where the CPU has AVX512-BF16; about 2x faster products; per-step recurrent products, weights and development figures stay float32; default ${DEFAULT-VALUE}).") String trainProducts = D.trainProducts().configName();
    @Option(names = "--patience", description = "Epochs without development improvement before stopping (default ${DEFAULT-VALUE}).") int patience = D.patience();
    @Option(names = "--dev-speakers", description = "Training speakers held out for development (default ${DEFAULT-VALUE}).") int devSpeakers = D.devSpeakers();
    @Option(names = "--features", defaultValue = "fbank", description = "fbank or mfcc (default ${DEFAULT-VALUE}).") String features;
    @Option(names = "--num-mel-bins", defaultValue = "40", description = "Mel bins of fbank (default ${DEFAULT-VALUE}).") int melBins;
    @Option(names = "--deltas", description = "Append deltas and delta-deltas.") boolean deltas;
    @Option(names = "--feature-option", description = "Further Kaldi option, e.g. --feature-option=--low-freq=64 (repeatable).") List<String> featureOptions = new ArrayList<>();
    @Option(names = "--targets", defaultValue = "states", description = "phones39, phones48, phones61, states (3 per phone of 48; default ${DEFAULT-VALUE}); train-am also cd (the tied states of --tree).") String targets;
    @Option(names = "--seed", description = "Random seed: initial weights and every epoch's shuffles (default ${DEFAULT-VALUE}).") long seed = D.seed();
    @Option(names = "--jobs", defaultValue = "0", description = "Threads for features (default all cores).") int jobs;
    @Option(names = "--override", description = "Resume a run in --out with settings other than those it was started with (they apply from the next epoch).") boolean override;

    /** The training options, with this many streams (the command's own option). */
    public AmTrainer.Options options(int streams) {
        if (context.size() != 2) throw new IllegalArgumentException("--context takes LEFT,RIGHT, got " + context);
        return AmTrainer.Options.builder().model(architecture()).hidden(hidden).proj(proj).nonRecurrentProj(nonRecProj).layers(layers).delay(delay)
                .context(context.get(0), context.get(1)).chunk(chunk).streams(streams).epochs(epochs).lr(lr).clip(clip).rejectWorse(rejectWorse).trainProducts(Products.parse(trainProducts)).patience(patience)
                .devSpeakers(devSpeakers).seed(seed).build();
    }

    public AmArchitecture architecture() { return AmArchitecture.parse(model); }

    /** The front end: --features (with --num-mel-bins for fbank, then the --feature-option list) and --deltas. */
    public FeaturePipeline features() {
        FeatureKind kind = FeatureKind.parse(features);
        List<String> kaldi = new ArrayList<>(featureOptions);
        if (kind == FeatureKind.FBANK) kaldi.add(0, "--num-mel-bins=" + melBins);
        return FeaturePipeline.of(kind, kaldi).withDeltas(deltas);
    }

    public TargetSet targets() { return TargetSet.parse(targets); }

    public int epochs() { return epochs; }
    public int devSpeakers() { return devSpeakers; }
    public long seed() { return seed; }
    public boolean override() { return override; }

    /** Threads for computing features: --jobs, or all cores when 0. */
    public int featureThreads() { return jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors(); }
}
