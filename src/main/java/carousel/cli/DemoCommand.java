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
import carousel.train.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code carousel demo}: the adding problem (Hochreiter &amp; Schmidhuber 1997, Exp. 4) learned by an
 * LSTM with full BPTT and Adam, with progress, until the test set is solved or the budget runs out.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Trains an LSTM on the adding problem (Hochreiter & Schmidhuber 1997, Experiment 4): remember two marked",
                "values across a lag of at least T/2 steps and output 0.5 + (X1+X2)/4 at the sequence end.",
                "A test sequence is correct when its error is below 0.04. Stops when the test set is solved.",
                "Example: carousel demo --length 100 --max-sequences 2000000"})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--length", defaultValue = "50", description = "Minimum sequence length T (lengths are uniform in [T, T+T/10]; default ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--hidden", defaultValue = "32", description = "LSTM cells (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--batch", defaultValue = "16", description = "Sequences per update (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--forget-bias", defaultValue = "2", description = "Initial forget-gate bias (default ${DEFAULT-VALUE}).")
    double forgetBias;

    @Option(names = "--lr", defaultValue = "0.003", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--max-sequences", defaultValue = "1000000", description = "Training budget in sequences (default ${DEFAULT-VALUE}).")
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

    @Override
    public Integer call() throws java.io.IOException {
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
        TrainingLoop loop = new TrainingLoop(trainer, r -> task.batch(r, batch), rng, System.out);
        if (runDir != null) loop.checkpoints(runDir, checkpointEvery);
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
        if (!out.stoppedByEvaluation()) {
            System.out.printf("not solved within %,d sequences (budget); raise --max-sequences%s.%n", maxSequences,
                    runDir != null ? " and run again with the same --run-dir to continue" : "");
            return 1;
        }
        return 0;
    }

    private static int correctOnTest(SequenceModel model, Batch test) {
        Tensor out = model.forward(test.x(), test.steps(), test.batch(), test.lengths(), null);
        return AddingProblem.correct(out, test);
    }
}
