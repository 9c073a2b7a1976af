package carousel.speech.am;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.loss.Frames;
import carousel.loss.LossResult;
import carousel.loss.SoftmaxCrossEntropy;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.speech.corpus.Split;
import carousel.speech.augment.AugmentOptions;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.AugmentedTraining;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.tree.ContextTree;
import carousel.tensor.DType;
import carousel.tensor.Products;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Adam;
import carousel.train.EpochLoop;
import carousel.train.History;
import carousel.train.LearningRate;
import carousel.train.Provenance;
import carousel.train.RunDirectory;
import carousel.train.Trainer;
import carousel.train.TruncatedBptt;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Trains a frame-level acoustic model the way Sak, Senior &amp; Beaufays (2014) trained theirs:
 * truncated BPTT (chunks of {@code chunk} steps) over {@code streams} parallel utterance streams that
 * carry their state, targets delayed by {@code delay} frames, cross-entropy; here with Adam, a learning
 * rate halved when the development loss stops improving, early stopping, a checkpoint per epoch (an
 * interrupted run resumes from it), the best model by development loss saved as an
 * {@link AcousticModel}, a training-curve plot and a Markdown report; all of that but the model is
 * the one {@link EpochLoop}'s.
 */
public final class AmTrainer {
    /**
     * Training options, by name with defaults through {@link #builder()} (the defaults are
     * {@code train-am}'s, the command's {@code --model} and alike). Self-validating; one rule is applied
     * here and nowhere else: a BLSTM has a recurrent projection only when {@code proj < hidden}, so the
     * default projection (128) is dropped, not refused, for a BLSTM of 128 cells or fewer.
     *
     * @param proj             recurrent projection of LSTMP (and BLSTM when below hidden)
     * @param nonRecurrentProj non-recurrent projection of LSTMP
     * @param delay            output delay in frames of recurrent models
     * @param contextLeft      frames stacked before each frame for a DNN
     * @param contextRight     frames stacked after each frame for a DNN
     * @param chunk            truncated-BPTT steps
     * @param streams          parallel utterance streams
     * @param epochs           most epochs
     * @param lr               Adam learning rate
     * @param clip             gradient clipping by global norm (0 = off)
     * @param patience         epochs without development improvement before stopping
     * @param devSpeakers      training speakers held out for development
     * @param rejectWorse      an epoch without development improvement is rejected: weights back to the last accepted epoch's ({@link EpochLoop})
     * @param trainProducts    precision of the whole-chunk products of training ({@link Products}; development figures stay float32)
     */
    public record Options(AmArchitecture model, int hidden, int proj, int nonRecurrentProj, int layers, int delay,
                          int contextLeft, int contextRight, int chunk, int streams, int epochs, double lr,
                          double clip, int patience, int devSpeakers, long seed, boolean rejectWorse, Products trainProducts) {
        public Options {
            java.util.Objects.requireNonNull(model, "model");
            java.util.Objects.requireNonNull(trainProducts, "trainProducts");
            if (hidden < 1 || layers < 1 || chunk < 1 || streams < 1 || epochs < 1) throw new IllegalArgumentException("sizes, chunk, streams and epochs must be positive");
            if (model == AmArchitecture.LSTMP && (proj < 1 || proj >= hidden)) throw new IllegalArgumentException("lstmp needs 0 < --proj < --hidden, got proj " + proj);
            if (model == AmArchitecture.BLSTM && proj >= hidden) proj = 0;
            if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive");
            if (patience < 1) throw new IllegalArgumentException("patience must be at least 1 epoch, got " + patience);
        }

        /** train-am's defaults: LSTMP, 2 layers of 256 cells projected to 128, delay 5, chunk 20, 16 streams, 10 epochs, Adam 0.002, clip 5, patience 2, 2 development speakers, seed 1, worse epochs kept, float32 products. */
        public static final Options DEFAULTS = new Options(AmArchitecture.LSTMP, 256, 128, 0, 2, 5, 10, 5, 20, 16, 10, 0.002, 5, 2, 2, 1, false, Products.F32);

        /** A builder starting from {@link #DEFAULTS}. */
        public static Builder builder() { return new Builder(DEFAULTS); }

        /** Sets options by name; {@link #build} validates them together. */
        public static final class Builder {
            private AmArchitecture model;
            private int hidden, proj, nonRecurrentProj, layers, delay, contextLeft, contextRight, chunk, streams, epochs, patience, devSpeakers;
            private double lr, clip;
            private long seed;
            private boolean rejectWorse;
            private Products trainProducts;

            private Builder(Options o) {
                model = o.model; hidden = o.hidden; proj = o.proj; nonRecurrentProj = o.nonRecurrentProj; layers = o.layers; delay = o.delay;
                contextLeft = o.contextLeft; contextRight = o.contextRight; chunk = o.chunk; streams = o.streams; epochs = o.epochs; lr = o.lr;
                clip = o.clip; patience = o.patience; devSpeakers = o.devSpeakers; seed = o.seed; rejectWorse = o.rejectWorse;
                trainProducts = o.trainProducts;
            }

            public Builder model(AmArchitecture m) { model = m; return this; }
            public Builder hidden(int h) { hidden = h; return this; }
            public Builder proj(int p) { proj = p; return this; }
            public Builder nonRecurrentProj(int p) { nonRecurrentProj = p; return this; }
            public Builder layers(int n) { layers = n; return this; }
            public Builder delay(int frames) { delay = frames; return this; }
            public Builder context(int left, int right) { contextLeft = left; contextRight = right; return this; }
            public Builder chunk(int steps) { chunk = steps; return this; }
            public Builder streams(int n) { streams = n; return this; }
            public Builder epochs(int n) { epochs = n; return this; }
            public Builder lr(double rate) { lr = rate; return this; }
            public Builder clip(double norm) { clip = norm; return this; }
            public Builder patience(int n) { patience = n; return this; }
            public Builder devSpeakers(int n) { devSpeakers = n; return this; }
            public Builder seed(long s) { seed = s; return this; }
            public Builder rejectWorse(boolean on) { rejectWorse = on; return this; }
            public Builder trainProducts(Products p) { trainProducts = p; return this; }

            public Options build() {
                return new Options(model, hidden, proj, nonRecurrentProj, layers, delay, contextLeft, contextRight, chunk, streams, epochs, lr, clip,
                        patience, devSpeakers, seed, rejectWorse, trainProducts);
            }
        }
    }

    /**
     * The development frame accuracy that the epoch lines, history.json, the curve and the report show
     * beside the development loss: a figure of the model on the held-out utterances, given by the layer
     * above ({@code Recognizer.DEV_FRAME_ACCURACY}: 39 phones, the one figure train-am's last line and
     * decode report too), so that training reports the same metric under the same name.
     */
    public interface DevAccuracy {
        /** The figure's name in the log, e.g. {@code dev frame accuracy (39 phones)}. */
        String label();

        /** The fraction of development frames right, in [0, 1]. */
        double of(AcousticModel model, List<AcousticCorpus.Utt> devUtts);
    }

    private final Options opt;
    private final PrintStream log;
    private final DevAccuracy devAccuracy;
    private AugmentOptions augment = AugmentOptions.NONE;
    private int augmentThreads = 1;
    private java.time.Duration partialEvery;

    public AmTrainer(Options opt, PrintStream log, DevAccuracy devAccuracy) {
        this.opt = opt;
        this.log = log;
        this.devAccuracy = java.util.Objects.requireNonNull(devAccuracy, "devAccuracy");
    }

    /** The names history.json, the log and the report give the figures, the accuracy's {@link DevAccuracy#label} among them. */
    public History.Names historyNames() {
        return History.Names.ACOUSTIC.withAccuracyLabel(devAccuracy.label());
    }

    /**
     * An epoch's development figures {cross-entropy over {@code devSeqs}, {@link DevAccuracy} over
     * {@code devUtts}, whose targets are untied states}; without development utterances {trainLoss, NaN}
     * (the training loss then decides).
     */
    public double[] devFigures(SequenceModel net, AmConfig am, List<TruncatedBptt.Sequence> devSeqs, List<AcousticCorpus.Utt> devUtts, int chunk, double trainLoss) {
        if (devSeqs.isEmpty()) return new double[]{trainLoss, Double.NaN};
        return new double[]{evaluate(net, devSeqs, am.inputSize(), chunk)[0], devAccuracy.of(new AcousticModel(net, am), devUtts)};
    }

    /**
     * Augments the training utterances on the fly ({@link AugmentedTraining}, seeded by {@code --seed}), with
     * {@code threads} threads for the features computed anew; development utterances stay clean.
     */
    public AmTrainer withAugmentation(AugmentOptions a, int threads) {
        this.augment = a;
        this.augmentThreads = threads;
        return this;
    }

    /**
     * Saves a partial checkpoint inside each epoch every {@code every} (null: never), so that a killed run goes on
     * from there rather than from the start of its epoch ({@link EpochLoop}, "Partial checkpoints"). Not a setting
     * of the run: it changes how often the run is saved, never what it computes.
     */
    public AmTrainer withPartialCheckpoints(java.time.Duration every) {
        this.partialEvery = every;
        return this;
    }

    /** The network of the options' architecture ({@link AmArchitecture#modelConfig}). */
    public ModelConfig modelConfig(int inputs, int classes) { return opt.model().modelConfig(inputs, classes, opt); }

    /** Training speakers held out for development: every k-th of the sorted training speakers. */
    public static TreeSet<String> devSpeakers(List<AcousticCorpus.Utt> train, int n) {
        TreeSet<String> all = new TreeSet<>();
        for (AcousticCorpus.Utt u : train) all.add(u.speaker());
        TreeSet<String> dev = new TreeSet<>();
        if (n <= 0) return dev;
        if (n >= all.size()) throw new IllegalArgumentException("cannot hold out " + n + " development speakers of " + all.size() + " training speakers");
        List<String> sorted = new ArrayList<>(all);
        for (int i = 0; i < n; i++) dev.add(sorted.get((int) ((long) i * sorted.size() / n)));
        return dev;
    }

    /**
     * The model's {@link AmConfig} for these training utterances: global feature mean and standard
     * deviation, state log priors and HMM self-loop probabilities counted from them (the training part
     * only), the output delay for recurrent models and the frame context for dnn.
     */
    public AmConfig amConfig(List<AcousticCorpus.Utt> train, FeaturePipeline features, TargetSet targets) {
        return amConfig(train, features, targets, null);
    }

    /**
     * As {@link #amConfig(List, FeaturePipeline, TargetSet)} for tied states when {@code tying} is given:
     * the utterances' targets are then tied states ({@link #tie}), and priors and self-loops are per tied state.
     */
    public AmConfig amConfig(List<AcousticCorpus.Utt> train, FeaturePipeline features, TargetSet targets, ContextTree tying) {
        int C = tying != null ? tying.numStates() : targets.numClasses();
        double[] counts = new double[C];
        long frames = 0;
        for (AcousticCorpus.Utt u : train)
            for (int y : u.targets()) if (y >= 0) { counts[y]++; frames++; }
        float[] logPriors = new float[C];
        for (int c = 0; c < C; c++) logPriors[c] = (float) Math.log(Math.max(counts[c], 0.5) / (frames + 0.5 * C));
        boolean recurrent = opt.model().recurrent();
        FeaturePipeline.Normalization norm = FeaturePipeline.Normalization.of(train.stream().map(AcousticCorpus.Utt::feats).toList());
        FeaturePipeline pipeline = features.withNormalization(norm).withContext(recurrent ? 0 : opt.contextLeft(), recurrent ? 0 : opt.contextRight());
        double[] loops = carousel.speech.corpus.FrameTargets.selfLoopProbabilities(C, train.stream().map(AcousticCorpus.Utt::targets).toList());
        float[] selfLoops = new float[C];
        for (int c = 0; c < C; c++) selfLoops[c] = (float) Math.min(loops[c], 0.999999);   // (0, 1) in float32 too
        return new AmConfig(pipeline, targets, recurrent ? opt.delay() : 0, logPriors, selfLoops, tying);
    }

    /** The utterances with their context-independent state targets replaced by the tree's tied states. */
    public static List<AcousticCorpus.Utt> tie(List<AcousticCorpus.Utt> utts, ContextTree tying) {
        return utts.stream().map(u -> new AcousticCorpus.Utt(u.id(), u.speaker(), u.split(), u.feats(), tying.tie(u.targets()), u.referencePhones61())).toList();
    }

    /**
     * The settings a run directory records ({@link RunDirectory}): every option that shapes the
     * model or its training, by its command-line name; not the epoch budget (raising it goes on).
     */
    public Map<String, String> settings(FeaturePipeline features, TargetSet targets) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--model", opt.model().configName());
        m.put("--hidden", Integer.toString(opt.hidden()));
        m.put("--proj", Integer.toString(opt.proj()));
        m.put("--nonrec-proj", Integer.toString(opt.nonRecurrentProj()));
        m.put("--layers", Integer.toString(opt.layers()));
        m.put("--delay", Integer.toString(opt.delay()));
        m.put("--context", opt.contextLeft() + "," + opt.contextRight());
        m.put("--chunk", Integer.toString(opt.chunk()));
        m.put("--streams", Integer.toString(opt.streams()));
        m.put("--lr", Double.toString(opt.lr()));
        m.put("--clip", Double.toString(opt.clip()));
        m.put("--patience", Integer.toString(opt.patience()));
        m.put("--dev-speakers", Integer.toString(opt.devSpeakers()));
        m.put("--seed", Long.toString(opt.seed()));
        if (opt.rejectWorse()) m.put("--reject-worse", "true");   // absent when off: run directories made before the option resume unchanged
        if (opt.trainProducts() != Products.F32) m.put("--train-products", opt.trainProducts().configName());   // likewise
        m.put("--features", features.kind().configName() + (features.kaldiArgs().isEmpty() ? "" : " " + String.join(" ", features.kaldiArgs())));
        m.put("--deltas", Boolean.toString(features.deltas()));
        m.put("--targets", targets.configName());
        m.putAll(augment.settings());
        return m;
    }

    /** Trains on the corpus's TRAIN split in runDir (locked for the run); returns the best model (by development loss). */
    public AcousticModel train(AcousticCorpus corpus, FeaturePipeline features, TargetSet targets, Path runDir, Provenance.Origin origin) throws IOException {
        try (RunDirectory run = RunDirectory.open(runDir, settings(features, targets), false, log)) {
            return train(corpus, features, targets, run, origin);
        }
    }

    /**
     * Trains on the corpus's TRAIN split through the one epoch loop ({@link EpochLoop}); returns the best
     * model (by development loss). The model directory records origin and the data's counts ({@link Provenance}).
     */
    public AcousticModel train(AcousticCorpus corpus, FeaturePipeline features, TargetSet targets, RunDirectory run, Provenance.Origin origin) throws IOException {
        return train(corpus, features, targets, null, run, origin);
    }

    /**
     * As {@link #train(AcousticCorpus, FeaturePipeline, TargetSet, RunDirectory, Provenance.Origin)}, on the
     * tree's tied states when {@code tying} is given (targets must then be {@code states}, the alignment the
     * tied states are read from).
     */
    public AcousticModel train(AcousticCorpus corpus, FeaturePipeline features, TargetSet targets, ContextTree tying, RunDirectory run, Provenance.Origin origin) throws IOException {
        if (tying != null && targets != TargetSet.STATES) throw new IllegalArgumentException("tied states are read from 3-state alignments: targets must be states, got " + targets.configName());
        List<AcousticCorpus.Utt> untied = corpus.split(Split.TRAIN);
        List<AcousticCorpus.Utt> all = tying != null ? tie(untied, tying) : untied;
        TreeSet<String> dev = devSpeakers(all, opt.devSpeakers());
        List<AcousticCorpus.Utt> train = all.stream().filter(u -> !dev.contains(u.speaker())).toList();
        List<AcousticCorpus.Utt> devUtts = all.stream().filter(u -> dev.contains(u.speaker())).toList();
        // the dev frame accuracy compares with the states of the alignment (a model's posteriors collapse tied states to them)
        List<AcousticCorpus.Utt> devStates = untied.stream().filter(u -> dev.contains(u.speaker())).toList();
        if (train.isEmpty()) throw new IllegalArgumentException("no training utterances left after holding out development speakers");

        AmConfig am = amConfig(train, features, targets, tying);
        int C = am.numClasses();
        long frames = 0;
        for (AcousticCorpus.Utt u : train) for (int y : u.targets()) if (y >= 0) frames++;
        List<TruncatedBptt.Sequence> trainSeqs = sequences(train, am), devSeqs = sequences(devUtts, am);

        ModelConfig mc = modelConfig(am.inputSize(), C);
        SequenceModel model = new SequenceModel(mc, DType.F32);
        Rng rng = new Rng(opt.seed());
        model.initialize(rng, 1 / Math.sqrt(opt.hidden()), mc.cell() == carousel.model.Cell.LSTM ? new double[]{0, 1, 0, 0} : null);
        int longest = trainSeqs.stream().mapToInt(TruncatedBptt.Sequence::steps).max().orElse(1);
        int chunk = mc.bidirectional() ? Math.max(longest, devSeqs.stream().mapToInt(TruncatedBptt.Sequence::steps).max().orElse(1)) : opt.chunk();
        log.printf(Locale.ROOT, "model %s: %s, %,d parameters; %d classes (%s); features %s%s, %d dims in%n", opt.model(), describe(mc),
                model.parameterCount(), C, am.targetsName(), features.kind().configName(), features.deltas() ? "+Δ+ΔΔ" : "", am.inputSize());
        log.printf(Locale.ROOT, "data: %d training utterances (%,d frames), %d development utterances (speakers %s); %s%n",
                train.size(), frames, devUtts.size(), dev, describeTraining(mc, am, chunk));

        Trainer trainer = new Trainer(model, new Adam(), LearningRate.reduceOnPlateau(opt.lr(), 0.5, 0, opt.lr() / 64), new Trainer.Clipping(opt.clip(), 0), opt.trainProducts());
        TruncatedBptt clean = new TruncatedBptt(trainSeqs, am.inputSize(), opt.streams(), chunk);
        AugmentedTraining augmented = augment.isOff() ? null : AugmentedTraining.of(corpus, train, augment, opt.seed(), augmentThreads, log);
        if (augmented != null) log.println("augmentation: " + augment.describe());
        Path bestDir = run.resolve("model");
        long total = frames;
        String header = reportHeader(mc, model.parameterCount(), features, targets, am, train.size(), devUtts.size(), frames, chunk);
        new EpochLoop(run, trainer, rng, new EpochLoop.Options(opt.epochs(), opt.patience(), opt.rejectWorse(), partialEvery), historyNames(), bestDir, log)
                .withProvenance(origin, data(train, dev, devUtts.size(), frames, features)).run(new EpochLoop.Task() {
            double lastTrainLoss = Double.NaN;

            @Override
            public EpochLoop.Figures trainEpoch(int epoch, Rng r, EpochLoop.Progress progress) {
                TruncatedBptt.Resumption resumption = progress.resumption();
                long[] seen = {resumption != null && resumption.start() != null ? resumption.start().frames() : 0};
                TruncatedBptt tbptt = clean;
                long epochFrames = total;
                if (augmented != null) {
                    List<TruncatedBptt.Sequence> seqs = sequences(augmentedEpoch(augmented, train, epoch, am, features), am);
                    int k = mc.bidirectional() ? Math.max(chunk, seqs.stream().mapToInt(TruncatedBptt.Sequence::steps).max().orElse(1)) : chunk;
                    tbptt = new TruncatedBptt(seqs, am.inputSize(), opt.streams(), k);
                    epochFrames = 0;
                    for (TruncatedBptt.Sequence q : seqs) for (int y : q.labels()) if (y >= 0) epochFrames++;
                }
                long frames = epochFrames;
                lastTrainLoss = tbptt.epoch(model, trainer, r, (batch, logits, l, ids, starts) -> {
                    seen[0] += l.frames();
                    progress.update(seen[0], frames, l.loss());
                }, resumption);
                return new EpochLoop.Figures(lastTrainLoss, frames, "");
            }

            @Override
            public double[] evaluate() {
                return devFigures(model, am, devSeqs, devStates, chunk, lastTrainLoss);
            }

            @Override
            public void saveBest(Path dir, History.Epoch e) throws IOException {
                new AcousticModel(model, am).save(dir, Map.of("epoch", Integer.toString(e.epoch()), "dev_cross_entropy", Double.toString(e.devLoss())));
            }

            @Override
            public String reportHeader() { return header; }

            @Override
            public double chanceLoss() { return Math.log(C); }
        });
        // every epoch no better than chance under --reject-worse: a training outcome, told in plain words as a divergence is
        if (!Files.exists(bestDir.resolve(AcousticModel.AM_FILE)))
            throw new EpochLoop.DivergedException("no epoch was accepted, so there is no model in " + bestDir + (opt.rejectWorse()
                    ? String.format(Locale.ROOT, " (with --reject-worse an epoch must beat chance level, development cross-entropy ln %d = %.4f; try a lower --lr)", C, Math.log(C))
                    : ""));
        return AcousticModel.load(bestDir);
    }

    /**
     * The counts provenance.json records of an acoustic model's data: training and development
     * utterances, the frames an epoch trains on (as history.json counts them) and the hours of
     * training audio (every feature frame, one frame shift each).
     */
    public static Provenance.Data data(List<AcousticCorpus.Utt> train, Set<String> devSpeakers, int devUtts, long trainFrames, FeaturePipeline features) {
        long all = train.stream().mapToLong(u -> u.feats().numFrames()).sum();
        return new Provenance.Data(train.size(), devUtts, trainFrames, History.Names.ACOUSTIC.items(), all * features.frameShiftSeconds() / 3600,
                new ArrayList<>(devSpeakers));
    }

    /**
     * The training speakers held out when the model in {@code modelDir} was trained, as a function of the
     * corpus's TRAIN utterances: its provenance.json's list, or, for a model trained before the list was
     * recorded, {@link #devSpeakers} with the {@code --dev-speakers} of its command line (train-am's default
     * without one). What decoding on the held-out speakers (tuning never sees TEST) decodes. The file is
     * read, and refused with one line, at once: before any audio is read.
     */
    public static Function<List<AcousticCorpus.Utt>, TreeSet<String>> heldOutSpeakers(Path modelDir) throws IOException {
        Path file = modelDir.resolve(Provenance.FILE);
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException(modelDir + ": no " + Provenance.FILE + " to tell the model's held-out training speakers (a model from train-am has one)");
        Map<String, Object> p = Json.readObject(file);
        if (p.get("corpus") instanceof Map<?, ?> corpus && corpus.get(Provenance.DEV_SPEAKERS) instanceof List<?> listed) {
            TreeSet<String> dev = new TreeSet<>();
            for (Object o : listed) dev.add(String.valueOf(o));
            return train -> dev;
        }
        int n = Options.DEFAULTS.devSpeakers();
        if (p.get("command") instanceof List<?> cmd) {
            for (int i = 0; i < cmd.size(); i++) {
                String a = String.valueOf(cmd.get(i));
                String v = a.startsWith("--dev-speakers=") ? a.substring("--dev-speakers=".length()) : a.equals("--dev-speakers") && i + 1 < cmd.size() ? String.valueOf(cmd.get(i + 1)) : null;
                if (v == null) continue;
                try {
                    n = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new FormatException(file.toString(), "--dev-speakers '" + v + "' in its command line is not a number");
                }
            }
        }
        int held = n;
        return train -> devSpeakers(train, held);
    }

    private static String describe(ModelConfig c) {
        return switch (c.cell()) {
            case LSTM -> String.format(Locale.ROOT, "%s%d layer(s) × %d cells%s%s", c.bidirectional() ? "bidirectional " : "", c.numLayers(), c.hiddenSize(),
                    c.projSize() > 0 ? ", recurrent projection " + c.projSize() : "", c.nonRecurrentProjSize() > 0 ? ", non-recurrent projection " + c.nonRecurrentProjSize() : "");
            case RNN -> String.format(Locale.ROOT, "simple RNN, %d layer(s) × %d tanh units", c.numLayers(), c.hiddenSize());
            case DNN -> String.format(Locale.ROOT, "DNN, %d layer(s) × %d relu units", c.numLayers(), c.hiddenSize());
        };
    }

    /** How the frames are fed: truncated BPTT for recurrent models, full BPTT for bidirectional ones, plain minibatches for a DNN. */
    private String describeTraining(ModelConfig mc, AmConfig am, int chunk) {
        if (mc.cell() == carousel.model.Cell.DNN)
            return String.format(Locale.ROOT, "minibatches of %d streams × %d frames (no recurrence), %d + 1 + %d stacked frames",
                    opt.streams(), chunk, am.contextLeft(), am.contextRight());
        return String.format(Locale.ROOT, "%s BPTT, chunk %d, %d streams, delay %d", mc.bidirectional() ? "full" : "truncated", chunk, opt.streams(), am.delay());
    }

    /** The training utterances of an epoch as augmentation changes them; masks fill with the training mean. */
    private static List<AcousticCorpus.Utt> augmentedEpoch(AugmentedTraining a, List<AcousticCorpus.Utt> train, int epoch, AmConfig am, FeaturePipeline features) {
        try {
            return a.epoch(train, epoch, am.features().normalization().mean(), features.deltas() ? FeaturePipeline.deltaOptions().order() + 1 : 1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The utterances as training sequences: normalized features, the DNN's frame context as the sequences' splice
     * window (stacked chunk by chunk as training reads them, not held stacked), targets delayed.
     */
    public static List<TruncatedBptt.Sequence> sequences(List<AcousticCorpus.Utt> utts, AmConfig am) {
        List<TruncatedBptt.Sequence> l = new ArrayList<>();
        FeaturePipeline f = am.features();
        for (AcousticCorpus.Utt u : utts)
            l.add(new TruncatedBptt.Sequence(u.id(), f.normalized(u.feats()).data(), u.feats().numFrames(), AcousticModel.delayed(u.targets(), am.delay()),
                    f.contextLeft(), f.contextRight()));
        return l;
    }

    /** Development cross-entropy and frame accuracy of the network's classes {CE, accuracy}, streams carrying state as in training. */
    public static double[] evaluate(SequenceModel model, List<TruncatedBptt.Sequence> seqs, int inputSize, int chunk) {
        SoftmaxCrossEntropy xent = new SoftmaxCrossEntropy();
        double[] sum = new double[3];
        int C = model.config().outputSize();
        new TruncatedBptt(seqs, inputSize, 8, chunk).epoch(model, null, null, (batch, logits, r, ids, starts) -> {
            LossResult l = xent.compute(model.ops(), logits, batch.steps(), batch.batch(), C, batch.classTargets(), batch.lengths(), Frames.ALL, null);
            sum[0] += l.loss() * l.frames();
            sum[1] += l.frames();
            sum[2] += l.correct();
        });
        return new double[]{sum[0] / sum[1], sum[2] / sum[1]};
    }

    private String reportHeader(ModelConfig mc, long params, FeaturePipeline features, TargetSet targets, AmConfig am,
                                int trainUtts, int devUtts, long frames, int chunk) {
        StringBuilder sb = new StringBuilder("# Acoustic model training report\n\n");
        sb.append(String.format(Locale.ROOT, "- model: %s (%s), %,d parameters%n", opt.model(), describe(mc), params));
        sb.append(String.format(Locale.ROOT, "- features: %s %s%s, %d network inputs; targets: %s (%d classes); output delay %d frames%n",
                features.kind().configName(), String.join(" ", features.kaldiArgs()), features.deltas() ? " +deltas" : "", am.inputSize(), am.targetsName(), am.numClasses(), am.delay()));
        sb.append(String.format(Locale.ROOT, "- data: %d training utterances (%,d frames), %d development utterances%n", trainUtts, frames, devUtts));
        if (!augment.isOff()) sb.append("- augmentation (training utterances, on the fly): ").append(augment.describe()).append('\n');
        sb.append(String.format(Locale.ROOT, "- training: %s, Adam lr %s halved on no development improvement%s, clip %s, patience %d, seed %d%n%n",
                describeTraining(mc, am, chunk), opt.lr(), opt.rejectWorse() ? " (such an epoch rejected: weights back to the last accepted one)" : "",
                opt.clip(), opt.patience(), opt.seed()));
        return sb.toString();
    }
}
