package carousel.speech.am;

import carousel.io.Json;
import carousel.loss.Frames;
import carousel.loss.LossResult;
import carousel.loss.SoftmaxCrossEntropy;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.CmvnStats;
import carousel.speech.feature.FeaturePipeline;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Adam;
import carousel.train.Checkpoint;
import carousel.train.LearningRate;
import carousel.train.Trainer;
import carousel.train.TruncatedBptt;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Trains a frame-level acoustic model the way Sak, Senior &amp; Beaufays (2014) trained theirs:
 * truncated BPTT (chunks of {@code chunk} steps) over {@code streams} parallel utterance streams that
 * carry their state, targets delayed by {@code delay} frames, cross-entropy; here with Adam, a learning
 * rate halved when the development loss stops improving, early stopping, a checkpoint per epoch (an
 * interrupted run resumes from it), a progress line with frames/s and ETA, the best model by
 * development loss saved as an {@link AcousticModel}, a training-curve plot and a Markdown report.
 */
public final class AmTrainer {
    /** Training options; {@code model} is lstm, lstmp, blstm, rnn or dnn. */
    public record Options(String model, int hidden, int proj, int nonRecurrentProj, int layers, int delay,
                          int contextLeft, int contextRight, int chunk, int streams, int epochs, double lr,
                          double clip, int patience, int devSpeakers, long seed) {
        public Options {
            if (!List.of("lstm", "lstmp", "blstm", "rnn", "dnn").contains(model))
                throw new IllegalArgumentException("model must be lstm, lstmp, blstm, rnn or dnn, got '" + model + "'");
            if (hidden < 1 || layers < 1 || chunk < 1 || streams < 1 || epochs < 1) throw new IllegalArgumentException("sizes, chunk, streams and epochs must be positive");
            if (model.equals("lstmp") && (proj < 1 || proj >= hidden)) throw new IllegalArgumentException("lstmp needs 0 < --proj < --hidden, got proj " + proj);
            if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive");
        }
    }

    /** One epoch's figures. */
    public record Epoch(int epoch, double trainLoss, double devLoss, double devFrameAccuracy, double learningRate, double seconds, long frames) {}

    private final Options opt;
    private final PrintStream log;

    public AmTrainer(Options opt, PrintStream log) { this.opt = opt; this.log = log; }

    public ModelConfig modelConfig(int inputs, int classes) {
        return switch (opt.model()) {
            case "lstm" -> ModelConfig.lstm(inputs, opt.hidden(), opt.layers(), 0, false, classes);
            case "lstmp" -> ModelConfig.lstm(inputs, opt.hidden(), opt.layers(), opt.proj(), false, classes)
                    .withLstmOptions(true, false, carousel.tensor.Activation.SIGMOID, carousel.tensor.Activation.TANH, carousel.tensor.Activation.TANH, 0f, opt.nonRecurrentProj());
            case "blstm" -> ModelConfig.lstm(inputs, opt.hidden(), opt.layers(), opt.proj(), true, classes);
            case "rnn" -> ModelConfig.rnn(inputs, opt.hidden(), opt.layers(), "tanh", false, classes);
            default -> ModelConfig.dnn(inputs, opt.hidden(), opt.layers(), "relu", classes);
        };
    }

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
     * deviation and state log priors counted from them (the training part only), the output delay
     * for recurrent models and the frame context for dnn.
     */
    public AmConfig amConfig(List<AcousticCorpus.Utt> train, FeaturePipeline features, TargetSet targets) {
        int D = train.get(0).feats().dim(), C = targets.numClasses();
        CmvnStats stats = new CmvnStats(D);
        double[] counts = new double[C];
        long frames = 0;
        for (AcousticCorpus.Utt u : train) {
            stats.accumulate(u.feats());
            for (int y : u.targets()) if (y >= 0) { counts[y]++; frames++; }
        }
        float[] mean = new float[D], std = new float[D];
        for (int d = 0; d < D; d++) { mean[d] = (float) stats.mean()[d]; std[d] = (float) Math.sqrt(Math.max(stats.variance()[d], 1e-8)); }
        float[] logPriors = new float[C];
        for (int c = 0; c < C; c++) logPriors[c] = (float) Math.log(Math.max(counts[c], 0.5) / (frames + 0.5 * C));
        boolean recurrent = !opt.model().equals("dnn");
        return new AmConfig(features, targets, recurrent ? opt.delay() : 0, recurrent ? 0 : opt.contextLeft(), recurrent ? 0 : opt.contextRight(), mean, std, logPriors);
    }

    /** Trains on the corpus's TRAIN split; returns the best model (by development loss). */
    public AcousticModel train(AcousticCorpus corpus, FeaturePipeline features, TargetSet targets, Path runDir) throws IOException {
        Files.createDirectories(runDir);
        List<AcousticCorpus.Utt> all = corpus.split(Split.TRAIN);
        TreeSet<String> dev = devSpeakers(all, opt.devSpeakers());
        List<AcousticCorpus.Utt> train = all.stream().filter(u -> !dev.contains(u.speaker())).toList();
        List<AcousticCorpus.Utt> devUtts = all.stream().filter(u -> dev.contains(u.speaker())).toList();
        if (train.isEmpty()) throw new IllegalArgumentException("no training utterances left after holding out development speakers");

        AmConfig am = amConfig(train, features, targets);
        int C = targets.numClasses();
        long frames = 0;
        for (AcousticCorpus.Utt u : train) for (int y : u.targets()) if (y >= 0) frames++;
        List<TruncatedBptt.Sequence> trainSeqs = sequences(train, am), devSeqs = sequences(devUtts, am);

        ModelConfig mc = modelConfig(am.inputSize(), C);
        SequenceModel model = new SequenceModel(mc, DType.F32);
        Rng rng = new Rng(opt.seed());
        model.initialize(rng, 1 / Math.sqrt(opt.hidden()), mc.cell().equals("lstm") ? new double[]{0, 1, 0, 0} : null);
        int longest = trainSeqs.stream().mapToInt(TruncatedBptt.Sequence::steps).max().orElse(1);
        int chunk = mc.bidirectional() ? Math.max(longest, devSeqs.stream().mapToInt(TruncatedBptt.Sequence::steps).max().orElse(1)) : opt.chunk();
        log.printf(Locale.ROOT, "model %s: %s, %,d parameters; %d classes (%s); features %s%s, %d dims in%n", opt.model(), describe(mc),
                model.parameterCount(), C, targets.configName(), features.kind(), features.deltas() ? "+Δ+ΔΔ" : "", am.inputSize());
        log.printf(Locale.ROOT, "data: %d training utterances (%,d frames), %d development utterances (speakers %s); %s BPTT, chunk %d, %d streams, delay %d%n",
                train.size(), frames, devUtts.size(), dev, mc.bidirectional() ? "full" : "truncated", chunk, opt.streams(), am.delay());

        Trainer trainer = new Trainer(model, new Adam(), LearningRate.reduceOnPlateau(opt.lr(), 0.5, 0, opt.lr() / 64), new Trainer.Clipping(opt.clip(), 0));
        TruncatedBptt tbptt = new TruncatedBptt(trainSeqs, am.inputSize(), opt.streams(), chunk);
        Path ckpts = runDir.resolve("checkpoints"), bestDir = runDir.resolve("model"), historyFile = runDir.resolve("history.json");
        List<Epoch> history = new ArrayList<>();
        int startEpoch = 1;
        double best = Double.POSITIVE_INFINITY;
        Path last = Checkpoint.latest(ckpts);
        if (last != null) {
            Checkpoint.Progress p = Checkpoint.restore(last, trainer);
            rng.setState(p.rngState());
            startEpoch = (int) p.sequences() + 1;   // the checkpoint's "sequences" counter holds finished epochs
            history = new ArrayList<>(readHistory(historyFile).stream().filter(e -> e.epoch() < (int) p.sequences() + 1).toList());
            for (Epoch e : history) best = Math.min(best, e.devLoss());
            log.printf("resumed from %s after epoch %d%n", last, startEpoch - 1);
        }
        int sinceBest = 0;
        for (Epoch e : history) sinceBest = e.devLoss() <= best ? 0 : sinceBest + 1;
        for (int epoch = startEpoch; epoch <= opt.epochs(); epoch++) {
            long t0 = System.nanoTime();
            final int ep = epoch;
            final long total = frames;
            long[] seen = {0};
            long[] lastPrint = {t0};
            boolean live = System.console() != null;   // a live progress line only on a terminal; logs get the epoch lines
            double trainLoss = tbptt.epoch(model, trainer, rng, (batch, logits, r, ids, starts) -> {
                seen[0] += r.frames();
                long now = System.nanoTime();
                if (live && now - lastPrint[0] > 2_000_000_000L) {
                    lastPrint[0] = now;
                    double secs = (now - t0) / 1e9, fps = seen[0] / secs;
                    log.printf(Locale.ROOT, "\repoch %d/%d %s %3.0f%%  loss %.3f  %,.0f frames/s  ETA %.0f s   ", ep, opt.epochs(), bar(seen[0], total),
                            100.0 * seen[0] / total, r.loss(), fps, (total - seen[0]) / Math.max(fps, 1));
                }
            });
            double secs = (System.nanoTime() - t0) / 1e9;
            double[] devFigures = devSeqs.isEmpty() ? new double[]{trainLoss, Double.NaN} : evaluate(model, devSeqs, am.inputSize(), chunk);
            double lrNow = trainer.learningRate().rate();
            trainer.learningRate().endEpoch(devFigures[0]);
            Epoch e = new Epoch(epoch, trainLoss, devFigures[0], devFigures[1], lrNow, secs, frames);
            history.add(e);
            boolean improved = devFigures[0] < best;
            log.printf(Locale.ROOT, (System.console() != null ? "\r" : "") + "epoch %d/%d: train CE %.4f, dev CE %.4f, dev frame accuracy %.2f%%, lr %.2e, %.0f s (%,.0f frames/s)%s%n",
                    epoch, opt.epochs(), trainLoss, devFigures[0], 100 * devFigures[1], lrNow, secs, frames / secs, improved ? "  * best" : "");
            if (improved) {
                best = devFigures[0];
                sinceBest = 0;
                new AcousticModel(model, am).save(bestDir, Map.of("epoch", Integer.toString(epoch), "dev_cross_entropy", Double.toString(best)));
            } else sinceBest++;
            writeHistory(historyFile, history);
            Checkpoint.save(ckpts, trainer, new Checkpoint.Progress(trainer.optimizer().steps(), epoch, rng.state()));
            if (sinceBest > opt.patience()) { log.printf("early stop: no development improvement for %d epochs%n", sinceBest); break; }
        }
        plot(runDir.resolve("training-curve.png"), history);
        writeReport(runDir.resolve("report.md"), mc, model.parameterCount(), features, targets, am, train.size(), devUtts.size(), frames, chunk, history);
        return AcousticModel.load(bestDir);
    }

    private static String describe(ModelConfig c) {
        return switch (c.cell()) {
            case "lstm" -> String.format(Locale.ROOT, "%s%d layer(s) × %d cells%s%s", c.bidirectional() ? "bidirectional " : "", c.numLayers(), c.hiddenSize(),
                    c.projSize() > 0 ? ", recurrent projection " + c.projSize() : "", c.nonRecurrentProjSize() > 0 ? ", non-recurrent projection " + c.nonRecurrentProjSize() : "");
            case "rnn" -> String.format(Locale.ROOT, "simple RNN, %d layer(s) × %d tanh units", c.numLayers(), c.hiddenSize());
            default -> String.format(Locale.ROOT, "DNN, %d layer(s) × %d relu units", c.numLayers(), c.hiddenSize());
        };
    }

    private static String bar(long done, long total) {
        int n = (int) Math.min(20, 20 * done / Math.max(1, total));
        return "[" + "#".repeat(n) + ".".repeat(20 - n) + "]";
    }

    public static List<TruncatedBptt.Sequence> sequences(List<AcousticCorpus.Utt> utts, AmConfig am) {
        List<TruncatedBptt.Sequence> l = new ArrayList<>();
        for (AcousticCorpus.Utt u : utts)
            l.add(new TruncatedBptt.Sequence(u.id(), AcousticModel.inputs(u.feats(), am), u.feats().numFrames(), AcousticModel.delayed(u.targets(), am.delay())));
        return l;
    }

    /** Development cross-entropy and frame accuracy {CE, accuracy}, streams carrying state as in training. */
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

    /** Writes the epochs' figures as a JSON list (history.json), replacing the file atomically. */
    public static void writeHistory(Path file, List<Epoch> history) throws IOException {
        List<Object> rows = new ArrayList<>();
        for (Epoch e : history) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", (long) e.epoch()); m.put("train_ce", e.trainLoss()); m.put("dev_ce", e.devLoss());
            m.put("dev_frame_accuracy", Double.isNaN(e.devFrameAccuracy()) ? null : e.devFrameAccuracy());
            m.put("learning_rate", e.learningRate()); m.put("seconds", e.seconds()); m.put("frames", e.frames());
            rows.add(m);
        }
        Path tmp = Files.createTempFile(file.getParent(), "history", ".part");
        Json.write(tmp, rows);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The epochs of a history.json written by {@link #writeHistory}; empty when the file does not exist. */
    @SuppressWarnings("unchecked")
    public static List<Epoch> readHistory(Path file) throws IOException {
        List<Epoch> l = new ArrayList<>();
        if (!Files.exists(file)) return l;
        Object o = Json.read(file);
        if (!(o instanceof List<?> rows)) throw new carousel.io.FormatException(file.toString(), "must hold a list of epochs");
        for (Object r : rows) {
            Map<String, Object> m = (Map<String, Object>) r;
            String s = file.toString();
            Object acc = m.get("dev_frame_accuracy");
            l.add(new Epoch(Json.getInt(m, "epoch", s), Json.getDouble(m, "train_ce", s), Json.getDouble(m, "dev_ce", s),
                    acc == null ? Double.NaN : ((Number) acc).doubleValue(), Json.getDouble(m, "learning_rate", s), Json.getDouble(m, "seconds", s), Json.getLong(m, "frames", s)));
        }
        return l;
    }

    private void writeReport(Path file, ModelConfig mc, long params, FeaturePipeline features, TargetSet targets, AmConfig am,
                             int trainUtts, int devUtts, long frames, int chunk, List<Epoch> history) throws IOException {
        StringBuilder sb = new StringBuilder("# Acoustic model training report\n\n");
        sb.append(String.format(Locale.ROOT, "- model: %s (%s), %,d parameters%n", opt.model(), describe(mc), params));
        sb.append(String.format(Locale.ROOT, "- features: %s %s%s, %d network inputs; targets: %s (%d classes); output delay %d frames%n",
                features.kind(), String.join(" ", features.kaldiArgs()), features.deltas() ? " +deltas" : "", am.inputSize(), targets.configName(), targets.numClasses(), am.delay()));
        sb.append(String.format(Locale.ROOT, "- data: %d training utterances (%,d frames), %d development utterances%n", trainUtts, frames, devUtts));
        sb.append(String.format(Locale.ROOT, "- training: %s BPTT, chunk %d, %d streams, Adam lr %s halved on no development improvement, clip %s, patience %d, seed %d%n%n",
                mc.bidirectional() ? "full" : "truncated", chunk, opt.streams(), opt.lr(), opt.clip(), opt.patience(), opt.seed()));
        sb.append("![training curve](training-curve.png)\n\n| epoch | train CE | dev CE | dev frame accuracy | learning rate | seconds | frames/s |\n|---|---|---|---|---|---|---|\n");
        Epoch best = null;
        for (Epoch e : history) {
            sb.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.2f%% | %.2e | %.1f | %,.0f |%n", e.epoch(), e.trainLoss(), e.devLoss(),
                    100 * e.devFrameAccuracy(), e.learningRate(), e.seconds(), e.frames() / e.seconds()));
            if (best == null || e.devLoss() < best.devLoss()) best = e;
        }
        if (best != null) sb.append(String.format(Locale.ROOT, "%nBest development cross-entropy %.4f at epoch %d; that model is in `model/`.%n", best.devLoss(), best.epoch()));
        Files.writeString(file, sb.toString());
    }

    /** Plots train and development cross-entropy and development frame accuracy per epoch into a PNG. */
    public static void plot(Path png, List<Epoch> history) throws IOException {
        if (history.isEmpty()) return;
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(480).title("Acoustic model training").xAxisTitle("epoch").yAxisTitle("cross-entropy / accuracy").build();
        List<Double> x = new ArrayList<>(), tr = new ArrayList<>(), dv = new ArrayList<>(), acc = new ArrayList<>();
        for (Epoch e : history) { x.add((double) e.epoch()); tr.add(e.trainLoss()); dv.add(e.devLoss()); acc.add(Double.isNaN(e.devFrameAccuracy()) ? 0 : e.devFrameAccuracy()); }
        chart.addSeries("train cross-entropy", x, tr);
        chart.addSeries("dev cross-entropy", x, dv);
        chart.addSeries("dev frame accuracy", x, acc);
        String f = png.toString();
        BitmapEncoder.saveBitmap(chart, f.substring(0, f.length() - 4), BitmapEncoder.BitmapFormat.PNG);
    }
}
