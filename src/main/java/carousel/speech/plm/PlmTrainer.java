package carousel.speech.plm;

import carousel.loss.Frames;
import carousel.model.Cell;
import carousel.loss.LossResult;
import carousel.io.SafeTensors;
import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.speech.corpus.PhoneSet;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Adam;
import carousel.train.Batch;
import carousel.train.Checkpoint;
import carousel.train.EpochLoop;
import carousel.train.History;
import carousel.train.Provenance;
import carousel.train.RunDirectory;
import carousel.train.LearningRate;
import carousel.train.Trainer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a {@link RnnPhoneModel} on phone transcripts: full backpropagation through time over
 * minibatches of whole sentences, padded to the longest in the batch (padding carries no loss), Adam,
 * gradient clipping by global norm. After every epoch the perplexity of held-out sentences decides:
 * the best weights are kept, the learning rate is halved when it did not improve, and training stops
 * after {@code patience} epochs without improvement; all of that, checkpoints and divergence checks
 * included, is the one {@link EpochLoop}'s.
 */
public final class PlmTrainer {

    /**
     * Training options, by name with defaults through {@link #builder()} (the defaults are train-plm's).
     *
     * @param cell      LSTM or RNN (tanh)
     * @param hidden    cells or units per layer
     * @param layers    recurrent layers
     * @param epochs    at most this many passes over the training sentences
     * @param batchSize sentences per update
     * @param lr        Adam's initial learning rate
     * @param weightDecay L2 penalty in Adam (PyTorch's convention); a small corpus overfits without it
     * @param clip      global gradient-norm clip, 0 = off
     * @param patience  epochs without a better held-out perplexity before stopping
     * @param seed      initialisation and shuffling
     */
    public record Options(Cell cell, int hidden, int layers, int epochs, int batchSize, double lr, double weightDecay,
                          double clip, int patience, long seed) {
        public Options {
            if (cell != Cell.LSTM && cell != Cell.RNN) {
                throw new IllegalArgumentException("cell must be lstm or rnn, got '" + cell + "'");
            }
            if (hidden < 1 || layers < 1 || epochs < 1 || batchSize < 1 || patience < 1) {
                throw new IllegalArgumentException("hidden, layers, epochs, batch size and patience must be >= 1");
            }
            if (!(lr > 0) || weightDecay < 0 || clip < 0) {
                throw new IllegalArgumentException("learning rate must be > 0, weight decay and clip >= 0");
            }
        }

        /** train-plm's defaults: one LSTM layer of 128 cells, at most 60 epochs of 8 sentences a batch, Adam 0.005, no weight decay, clip 5, patience 5, seed 1. */
        public static final Options DEFAULTS = new Options(Cell.LSTM, 128, 1, 60, 8, 0.005, 0, 5, 5, 1);

        /** A builder starting from {@link #DEFAULTS}. */
        public static Builder builder() { return new Builder(DEFAULTS); }

        /** Sets options by name; {@link #build} validates them together. */
        public static final class Builder {
            private Cell cell;
            private int hidden, layers, epochs, batchSize, patience;
            private double lr, weightDecay, clip;
            private long seed;

            private Builder(Options o) {
                cell = o.cell; hidden = o.hidden; layers = o.layers; epochs = o.epochs; batchSize = o.batchSize; lr = o.lr;
                weightDecay = o.weightDecay; clip = o.clip; patience = o.patience; seed = o.seed;
            }

            public Builder cell(Cell c) { cell = c; return this; }
            public Builder hidden(int h) { hidden = h; return this; }
            public Builder layers(int n) { layers = n; return this; }
            public Builder epochs(int n) { epochs = n; return this; }
            public Builder batchSize(int n) { batchSize = n; return this; }
            public Builder lr(double rate) { lr = rate; return this; }
            public Builder weightDecay(double l2) { weightDecay = l2; return this; }
            public Builder clip(double norm) { clip = norm; return this; }
            public Builder patience(int n) { patience = n; return this; }
            public Builder seed(long s) { seed = s; return this; }

            public Options build() {
                return new Options(cell, hidden, layers, epochs, batchSize, lr, weightDecay, clip, patience, seed);
            }
        }
    }

    /** The phone-model cell of a {@code --cell} name: lstm or rnn. */
    public static Cell cell(String name) {
        if (!name.equals("lstm") && !name.equals("rnn")) {
            throw new IllegalArgumentException("cell must be lstm or rnn, got '" + name + "'");
        }
        return Cell.parse(name);
    }

    /** One epoch: training perplexity (over the epoch's batches, before each update) and held-out perplexity. */
    public record Epoch(int epoch, double trainPerplexity, double devPerplexity, double learningRate, double seconds, boolean best) {}

    /** The model with the best held-out perplexity, its epoch and the history. */
    public record Result(RnnPhoneModel model, int bestEpoch, double devPerplexity, List<Epoch> history) {}

    private final Options options;
    private final PrintStream log;

    public PlmTrainer(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** Trains in a temporary run directory, deleted afterwards (no checkpoints outlive the call). */
    public Result train(PhoneSet phones, List<int[]> train, List<int[]> dev) {
        try {
            Path tmp = Files.createTempDirectory("carousel-plm");
            try {
                try (RunDirectory run = RunDirectory.open(tmp, settings(), false, null)) {
                    return train(phones, train, dev, run, null, r -> { });
                }
            } finally {
                try (var w = Files.walk(tmp)) {
                    for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings a run directory records: every option but the epoch budget, by its command-line name. */
    public Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("--cell", options.cell().configName());
        m.put("--hidden", Integer.toString(options.hidden()));
        m.put("--layers", Integer.toString(options.layers()));
        m.put("--batch", Integer.toString(options.batchSize()));
        m.put("--lr", Double.toString(options.lr()));
        m.put("--weight-decay", Double.toString(options.weightDecay()));
        m.put("--clip", Double.toString(options.clip()));
        m.put("--patience", Integer.toString(options.patience()));
        m.put("--seed", Long.toString(options.seed()));
        return m;
    }

    /**
     * Trains through the one epoch loop ({@link EpochLoop}) in a run directory: checkpoints in
     * {@code RUN/checkpoints}, the best model so far in {@code RUN/checkpoints/best-model}, history,
     * curve and report; {@code finish} gets the result once the last epoch is done, before the run is
     * recorded as finished (so what it writes is never lost to a kill). A run that was already
     * finished returns its result without training or calling {@code finish}. With an origin (null:
     * none) the best model directory records how it was made ({@link Provenance}).
     */
    public Result train(PhoneSet phones, List<int[]> train, List<int[]> dev, RunDirectory run, Provenance.Origin origin,
                        RunDirectory.IoConsumer<Result> finish) throws IOException {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training sentences");
        }
        if (dev.isEmpty()) {
            throw new IllegalArgumentException("no held-out sentences for early stopping");
        }
        int v = phones.size();
        SequenceModel net = RnnPhoneModel.newNetwork(phones, options.cell(), options.hidden(), options.layers());
        Rng rng = new Rng(options.seed());
        net.initialize(rng);
        Trainer trainer = new Trainer(net, new Adam(0.9, 0.999, 1e-8, options.weightDecay()), LearningRate.reduceOnPlateau(options.lr(), 0.5, 0, 0),
                new Trainer.Clipping(options.clip(), 0));
        if (log != null && Checkpoint.latest(run.resolve("checkpoints")) == null) {
            log.printf(Locale.ROOT, "%s: %d training sentences, %d held-out; %,d parameters; held-out perplexity before training %.3f%n",
                    options.cell(), train.size(), dev.size(), net.parameterCount(), RnnPhoneModel.perplexity(net, v, dev));
        }
        int[] order = new int[train.size()];
        Path bestDir = run.resolve("checkpoints").resolve("best-model");
        String header = String.format(Locale.ROOT, "# Phone model training report%n%n- model: %s, %d layer(s) x %d, %,d parameters%n"
                        + "- data: %d training sentences, %d held-out%n- training: full BPTT, batches of %d sentences, Adam lr %s halved on no held-out improvement, "
                        + "weight decay %s, clip %s, patience %d, seed %d%n%n", options.cell(), options.layers(), options.hidden(), net.parameterCount(),
                train.size(), dev.size(), options.batchSize(), options.lr(), options.weightDecay(), options.clip(), options.patience(), options.seed());
        EpochLoop loop = new EpochLoop(run, trainer, rng, new EpochLoop.Options(options.epochs(), options.patience()), History.Names.PHONE_MODEL, bestDir, log);
        if (origin != null) {
            long tokens = train.stream().mapToLong(s -> s.length + 1).sum();
            loop.withProvenance(origin, new Provenance.Data(train.size(), dev.size(), tokens, History.Names.PHONE_MODEL.items(), Double.NaN));
        }
        EpochLoop.Outcome out = loop.run(new EpochLoop.Task() {
            @Override
            public EpochLoop.Figures trainEpoch(int epoch, Rng r, EpochLoop.Progress progress) {
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                shuffle(order, r);
                double sum = 0;
                long tokens = 0;
                for (int start = 0; start < order.length; start += options.batchSize()) {
                    List<int[]> chunk = new ArrayList<>();
                    for (int i = start; i < Math.min(order.length, start + options.batchSize()); i++) {
                        chunk.add(train.get(order[i]));
                    }
                    LossResult l = trainer.step(batch(net, v, chunk), null);
                    sum += l.loss() * l.frames();
                    tokens += l.frames();
                    progress.update(start + chunk.size(), order.length, l.loss());
                }
                return new EpochLoop.Figures(Math.exp(sum / tokens), tokens, "");
            }

            @Override
            public double[] evaluate() {
                return new double[]{RnnPhoneModel.perplexity(net, v, dev), Double.NaN};
            }

            @Override
            public void saveBest(Path dir, History.Epoch e) throws IOException {
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("epoch", (long) e.epoch());
                info.put("dev_perplexity", e.devLoss());
                new RnnPhoneModel(net, phones).save(dir, info);
            }

            @Override
            public String reportHeader() { return header; }

            @Override
            public double chanceLoss() { return v + 1; }   // uniform over the phones and </s>

            @Override
            public void finish(EpochLoop.Outcome o) throws IOException {
                finish.accept(result(o, bestDir, net, phones));
            }
        });
        return result(out, bestDir, net, phones);
    }

    /** The result of a run: the best model's weights (read back into net), its epoch and figures, the history. */
    private static Result result(EpochLoop.Outcome o, Path bestDir, SequenceModel net, PhoneSet phones) throws IOException {
        if (o.best() == null || !Files.isDirectory(bestDir)) {
            throw new IllegalStateException("no epoch finished, so there is no model in " + bestDir);
        }
        List<Epoch> history = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (History.Epoch e : o.history()) {
            boolean improved = e.devLoss() < best;
            best = Math.min(best, e.devLoss());
            history.add(new Epoch(e.epoch(), e.trainLoss(), e.devLoss(), e.learningRate(), e.seconds(), improved));
        }
        Path weights = bestDir.resolve(ModelFiles.WEIGHTS);
        ModelFiles.loadWeights(net, SafeTensors.read(weights), weights.toString());
        return new Result(new RnnPhoneModel(net, phones), o.best().epoch(), o.best().devLoss(), history);
    }

    /**
     * A padded batch of sentences, time-major: x (T, B, V+1) one-hot with {@code <s>} then the phones;
     * targets (T·B) the phones then {@code </s>}; sentence b has length {@code n_b + 1}.
     */
    static Batch batch(SequenceModel net, int v, List<int[]> sentences) {
        int b = sentences.size(), io = v + 1, t = 0;
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            lengths[i] = sentences.get(i).length + 1;
            t = Math.max(t, lengths[i]);
        }
        Tensor x = net.ops().zeros(t, b, io);
        int[] targets = new int[t * b];
        java.util.Arrays.fill(targets, -1);
        for (int i = 0; i < b; i++) {
            int[] s = sentences.get(i);
            for (int step = 0; step <= s.length; step++) {
                int in = step == 0 ? v : s[step - 1];
                x.set((step * b + i) * io + in, 1);
                targets[step * b + i] = step < s.length ? s[step] : v;
            }
        }
        return new Batch(x, t, b, lengths, targets, null, Frames.ALL);
    }

    private static void shuffle(int[] a, Rng rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
