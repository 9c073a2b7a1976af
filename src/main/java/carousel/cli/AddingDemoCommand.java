package carousel.cli;

import carousel.lag.AddingProblem;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.tensor.Backend;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Adam;
import carousel.train.Batch;
import carousel.train.LearningRate;
import carousel.train.Trainer;
import carousel.train.RunDirectory;
import carousel.train.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code carousel demo adding}: the adding problem (Hochreiter &amp; Schmidhuber 1997, Exp. 4) learned by an
 * LSTM with full BPTT and Adam, with progress, until the test set is solved or the budget runs out.
 */
@Command(name = "adding", mixinStandardHelpOptions = true,
        description = {"Trains an LSTM on the adding problem (Hochreiter & Schmidhuber 1997, Experiment 4): remember two marked",
                "values across a lag of at least T/2 steps and output 0.5 + (X1+X2)/4 at the sequence end.",
                "A test sequence is correct when its error is below 0.04. Stops when the test set is solved.",
                "Example: carousel demo adding --method lstm --length 50"})
public final class AddingDemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--method", defaultValue = "lstm1997", description = "lstm1997 (the paper's net, 93 weights, and its online truncated learning, lr 0.5) or lstm (modern: full BPTT, Adam, minibatches); default ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--length", description = "Minimum sequence length T (lengths are uniform in [T, T+T/10]; default 100 for lstm1997, 50 for lstm).")
    Integer length;

    @Option(names = "--hidden", defaultValue = "32", description = "LSTM cells (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--batch", defaultValue = "16", description = "Sequences per update (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--forget-bias", defaultValue = "2", description = "Initial forget-gate bias (default ${DEFAULT-VALUE}).")
    double forgetBias;

    @Option(names = "--lr", defaultValue = "0.003", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--max-sequences", defaultValue = "1500000", description = "Training budget in sequences (default ${DEFAULT-VALUE}).")
    long maxSequences;

    @Option(names = "--test-size", defaultValue = "2560", description = "Test sequences, as in the paper (default ${DEFAULT-VALUE}).")
    int testSize;

    @Option(names = "--solved", defaultValue = "0.99", description = "Fraction of test sequences that must be correct (default ${DEFAULT-VALUE}).")
    double solved;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--run-dir", description = "Directory for checkpoints; a run started again with the same directory resumes from its latest checkpoint.")
    java.nio.file.Path runDir;

    @Option(names = "--checkpoint-every", defaultValue = "100000", description = "Sequences between checkpoints (default ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--override", description = "Resume a --run-dir with settings other than those it was started with.")
    boolean override;

    @Override
    public Integer call() throws java.io.IOException {
        // plain `demo` accepts unmatched arguments to pass them on; here they are errors
        if (!spec.commandLine().getUnmatchedArguments().isEmpty())
            throw new IllegalArgumentException("unknown option(s): " + String.join(" ", spec.commandLine().getUnmatchedArguments()) + " (see --help)");
        if (method.equals("lstm1997")) return run1997();
        if (!method.equals("lstm")) throw new IllegalArgumentException("--method must be lstm1997 or lstm, got '" + method + "'");
        int length = this.length == null ? 50 : this.length;
        if (batch < 1 || hidden < 1 || testSize < 1 || maxSequences < 1) throw new IllegalArgumentException("--batch, --hidden, --test-size and --max-sequences must be positive");
        if (!(lr > 0)) throw new IllegalArgumentException("--lr must be positive, got " + lr);
        AddingProblem task = new AddingProblem(length);
        Rng rng = new Rng(seed);
        SequenceModel model = new SequenceModel(ModelConfig.lstm(2, hidden, 1, 0, false, 1), DType.F32);
        model.initialize(rng, 1 / Math.sqrt(hidden), new double[]{0, forgetBias, 0, 0});
        Trainer trainer = new Trainer(model, new Adam(), LearningRate.constant(lr), new Trainer.Clipping(1.0, 0));
        Batch test = task.batch(new Rng(seed ^ 0x5DEECE66DL), testSize);
        System.out.printf("adding problem, T = %d..%d (minimal lag %d), LSTM %d cells (%d weights), Adam lr %g, batch %d, forget-gate bias %g, full BPTT%n",
                length, task.maxLength(), length / 2, hidden, model.parameterCount(), lr, batch, forgetBias);
        System.out.println("backend: " + Backend.blas().describe());
        if (runDir == null) return train(trainer, task, rng, test, null);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("--length", Integer.toString(length));
        settings.put("--hidden", Integer.toString(hidden));
        settings.put("--batch", Integer.toString(batch));
        settings.put("--forget-bias", Double.toString(forgetBias));
        settings.put("--lr", Double.toString(lr));
        settings.put("--test-size", Integer.toString(testSize));
        settings.put("--solved", Double.toString(solved));
        settings.put("--seed", Long.toString(seed));
        try (RunDirectory run = RunDirectory.open(runDir, settings, override, System.out)) {
            if (run.state() == RunDirectory.State.EARLY_STOPPED) {
                System.out.println(runDir + " holds a finished run (" + run.stateMessage() + "); nothing to do");
                return 0;
            }
            return train(trainer, task, rng, test, run);
        }
    }

    /** The sequence-budget loop, checkpointing into the run directory when there is one (null: none). */
    private int train(Trainer trainer, AddingProblem task, Rng rng, Batch test, RunDirectory run) throws java.io.IOException {
        SequenceModel model = trainer.model();
        TrainingLoop loop = new TrainingLoop(trainer, r -> task.batch(r, batch), rng, System.out);
        if (run != null) loop.checkpoints(runDir, checkpointEvery);
        TrainingLoop.Outcome out;
        try {
            out = loop.run(maxSequences, 20_000, (updates, seen, trainLoss, secs) -> {
                int ok = correctOnTest(model, test);
                System.out.printf("%,10d sequences  train MSE %.5f  test correct %4d/%d  %.0f s%n", seen, trainLoss, ok, testSize, secs);
                if (ok < solved * testSize) return false;
                System.out.printf("solved: %d of %d test sequences correct (|error| < 0.04) after %,d training sequences, %.0f s.%n", ok, testSize, seen, secs);
                System.out.println("Hochreiter & Schmidhuber 1997, Table 7 (1997 LSTM, online, lr 0.5): T = 100 solved after 74,000 sequences, 1/2560 wrong.");
                return true;
            });
        } catch (Trainer.NonFiniteException e) {
            System.out.println("stopped: " + e.getMessage() + (runDir != null ? "; the latest checkpoint in " + runDir + " is the last good state" : ""));
            return 1;
        }
        if (out.stoppedByEvaluation() && run != null)
            run.record(RunDirectory.State.EARLY_STOPPED, 0, String.format(java.util.Locale.ROOT, "solved after %,d sequences", out.sequences()));
        if (!out.stoppedByEvaluation()) {
            System.out.printf("not solved within %,d sequences (budget); raise --max-sequences%s.%n", maxSequences,
                    runDir != null ? " and run again with the same --run-dir to continue" : "");
            return 1;
        }
        return 0;
    }

    /**
     * The paper's own setting (Sec. 5.4): 2 memory blocks of 2 cells, 93 weights, all non-input units
     * biased, weights in [-0.1, 0.1], input-gate biases -3 and -6, lr 0.5, online updates, error only
     * at the sequence end; stop when the mean error of the last 2000 training sequences is below 0.01
     * and all of them were correct.
     */
    private int run1997() {
        int length = this.length == null ? 100 : this.length;
        AddingProblem task = new AddingProblem(length);
        Rng rng = new Rng(seed);
        carousel.online.Lstm1997 net = new carousel.online.Lstm1997(carousel.online.Lstm1997Config.paper(2, 1, 2, 2, 0.1)
                .withGateBiases(new double[]{-3, -6}, null, null), rng);
        double lr1997 = 0.5;
        System.out.printf("adding problem, T = %d..%d (minimal lag %d); 1997 LSTM, 2 blocks of 2 cells (%d weights), online truncated learning, lr %.1f%n",
                length, task.maxLength(), length / 2, net.weightCount(), lr1997);
        Batch test = task.batch(new Rng(seed ^ 0x5DEECE66DL), testSize);
        double[][][] testX = new double[testSize][][];
        double[] testY = new double[testSize];
        for (int s = 0; s < testSize; s++) { testX[s] = sequence(test, s); testY[s] = target(test, s); }
        boolean[] recent = new boolean[2000];
        double[] recentErr = new double[2000];
        int recentWrong = 2000;
        double errSum = 0;
        long t0 = System.nanoTime();
        for (long n = 1; n <= maxSequences; n++) {
            Batch b = task.batch(rng, 1);
            double[][] xs = sequence(b, 0), ts = new double[xs.length][];
            ts[xs.length - 1] = new double[]{target(b, 0)};
            net.trainSequence(xs, ts, lr1997, false);
            double out = net.predictLast();
            double err = Math.abs(out - ts[xs.length - 1][0]);
            int slot = (int) (n % 2000);
            boolean ok = err < AddingProblem.TOLERANCE;
            if (n > 2000) { recentWrong -= recent[slot] ? 0 : 1; errSum -= recentErr[slot]; } else recentWrong--;
            recent[slot] = ok; recentErr[slot] = 0.5 * err * err; errSum += recentErr[slot];
            if (!ok) recentWrong++;
            boolean stop = n >= 2000 && recentWrong == 0 && errSum / 2000 < 0.01;
            if (n % 50_000 == 0 || stop || n == maxSequences) {
                System.out.printf("%,10d sequences  last 2000: %4d wrong, mean error %.5f  %.0f s%n", n, Math.min(recentWrong, 2000), errSum / Math.min(n, 2000), (System.nanoTime() - t0) / 1e9);
            }
            if (stop) {
                int wrong = 0;
                for (int s = 0; s < testSize; s++) {
                    double[][] o = net.predict(testX[s]);
                    if (Math.abs(o[o.length - 1][0] - testY[s]) >= AddingProblem.TOLERANCE) wrong++;
                }
                System.out.printf("stopping criterion met after %,d training sequences (%.0f s); test: %d/%d wrong.%n", n, (System.nanoTime() - t0) / 1e9, wrong, testSize);
                System.out.println("Hochreiter & Schmidhuber 1997, Table 7, T = " + length + ": " + paperRow(length));
                return 0;
            }
        }
        int wrong = 0;
        for (int s = 0; s < testSize; s++) {
            double[][] o = net.predict(testX[s]);
            if (Math.abs(o[o.length - 1][0] - testY[s]) >= AddingProblem.TOLERANCE) wrong++;
        }
        System.out.printf("budget of %,d sequences spent before the stopping criterion; test: %d/%d wrong.%n", maxSequences, wrong, testSize);
        System.out.println("Hochreiter & Schmidhuber 1997, Table 7, T = " + length + ": " + paperRow(length));
        return 1;
    }

    private static String paperRow(int length) {
        return switch (length) {
            case 100 -> "stopped after 74,000 sequences, 1/2560 wrong (mean of 10 trials)";
            case 500 -> "stopped after 209,000 sequences, 0/2560 wrong";
            case 1000 -> "stopped after 853,000 sequences, 1/2560 wrong";
            default -> "no row for this T (the paper has T = 100, 500, 1000)";
        };
    }

    private static double[][] sequence(Batch b, int s) {
        int len = b.lengths()[s], B = b.batch();
        double[][] xs = new double[len][2];
        for (int t = 0; t < len; t++) { xs[t][0] = b.x().get((t * B + s) * 2); xs[t][1] = b.x().get((t * B + s) * 2 + 1); }
        return xs;
    }

    private static double target(Batch b, int s) { return b.valueTargets().get((b.lengths()[s] - 1) * b.batch() + s); }

    private static int correctOnTest(SequenceModel model, Batch test) {
        Tensor out = model.forward(model.newCache(), test.x(), test.steps(), test.batch(), test.lengths(), null);
        return AddingProblem.correct(out, test);
    }
}
