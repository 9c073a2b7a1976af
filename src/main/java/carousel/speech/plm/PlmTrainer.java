package carousel.speech.plm;

import carousel.layer.Param;
import carousel.loss.Frames;
import carousel.loss.LossResult;
import carousel.model.SequenceModel;
import carousel.speech.corpus.PhoneSet;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Adam;
import carousel.train.Batch;
import carousel.train.LearningRate;
import carousel.train.Trainer;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a {@link RnnPhoneModel} on phone transcripts: full backpropagation through time over
 * minibatches of whole sentences, padded to the longest in the batch (padding carries no loss), Adam,
 * gradient clipping by global norm. After every epoch the perplexity of held-out sentences decides:
 * the best weights are kept, the learning rate is halved when it did not improve, and training stops
 * after {@code patience} epochs without improvement.
 */
public final class PlmTrainer {

    /**
     * @param cell      "lstm" or "rnn" (tanh)
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
    public record Options(String cell, int hidden, int layers, int epochs, int batchSize, double lr, double weightDecay,
                          double clip, int patience, long seed) {
        public Options {
            if (!cell.equals("lstm") && !cell.equals("rnn")) {
                throw new IllegalArgumentException("cell must be lstm or rnn, got '" + cell + "'");
            }
            if (hidden < 1 || layers < 1 || epochs < 1 || batchSize < 1 || patience < 1) {
                throw new IllegalArgumentException("hidden, layers, epochs, batch size and patience must be >= 1");
            }
            if (!(lr > 0) || weightDecay < 0 || clip < 0) {
                throw new IllegalArgumentException("learning rate must be > 0, weight decay and clip >= 0");
            }
        }
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

    public Result train(PhoneSet phones, List<int[]> train, List<int[]> dev) {
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
        Adam adam = new Adam(0.9, 0.999, 1e-8, options.weightDecay());
        double rate = options.lr();
        Map<String, float[]> best = snapshot(net);
        double bestPpl = RnnPhoneModel.perplexity(net, v, dev);
        int bestEpoch = 0, sinceBest = 0;
        List<Epoch> history = new ArrayList<>();
        if (log != null) {
            log.printf(Locale.ROOT, "%s: %d training sentences, %d held-out; %,d parameters; held-out perplexity before training %.3f%n",
                    options.cell(), train.size(), dev.size(), net.parameterCount(), bestPpl);
        }
        int[] order = new int[train.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            long t0 = System.nanoTime();
            shuffle(order, rng);
            double sum = 0;
            long tokens = 0;
            Trainer epochTrainer = new Trainer(net, adam, LearningRate.constant(rate), new Trainer.Clipping(options.clip(), 0));
            for (int start = 0; start < order.length; start += options.batchSize()) {
                List<int[]> chunk = new ArrayList<>();
                for (int i = start; i < Math.min(order.length, start + options.batchSize()); i++) {
                    chunk.add(train.get(order[i]));
                }
                LossResult r = epochTrainer.step(batch(net, v, chunk), null);
                sum += r.loss() * r.frames();
                tokens += r.frames();
            }
            double devPpl = RnnPhoneModel.perplexity(net, v, dev);
            boolean improved = devPpl < bestPpl;
            if (improved) {
                bestPpl = devPpl;
                bestEpoch = epoch;
                best = snapshot(net);
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            Epoch e = new Epoch(epoch, Math.exp(sum / tokens), devPpl, rate, secs, improved);
            history.add(e);
            if (log != null) {
                log.printf(Locale.ROOT, "epoch %d: train perplexity %.3f, held-out perplexity %.3f, lr %.2e, %.1f s%s%n",
                        epoch, e.trainPerplexity(), devPpl, rate, secs, improved ? "  * best" : "");
            }
            if (!improved) {
                rate *= 0.5;
            }
            if (sinceBest >= options.patience()) {
                if (log != null) {
                    log.printf("early stop: no held-out improvement for %d epochs%n", sinceBest);
                }
                break;
            }
        }
        restore(net, best);
        return new Result(new RnnPhoneModel(net, phones), bestEpoch, bestPpl, history);
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

    private static Map<String, float[]> snapshot(SequenceModel net) {
        Map<String, float[]> m = new HashMap<>();
        for (Param p : net.params().values()) {
            m.put(p.name(), p.value().f.clone());
        }
        return m;
    }

    private static void restore(SequenceModel net, Map<String, float[]> m) {
        for (Param p : net.params().values()) {
            System.arraycopy(m.get(p.name()), 0, p.value().f, 0, p.value().f.length);
        }
    }
}
