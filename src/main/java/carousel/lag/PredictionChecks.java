package carousel.lag;

import carousel.loss.Frames;
import carousel.tensor.Tensor;
import carousel.train.Batch;

/**
 * Building blocks of the tasks: one-hot ("local") batches from symbol sequences, and the paper's
 * tests of a prediction on (T, B, O) output activations against class targets (a one-hot target
 * vector) or value targets. Row {@code (t·B + b)·O} of the outputs is step t of sequence b.
 */
public final class PredictionChecks {
    private PredictionChecks() {}

    /**
     * A batch of symbol sequences in local coding: x (T, B, I) one-hot, T the longest length, class
     * targets (T·B, −1 for none) from {@code targets[b][t]}, per-sequence lengths.
     */
    public static Batch symbolBatch(int[][] inputs, int inputSize, int[][] targets, Frames frames) {
        int B = inputs.length, T = 0;
        int[] lengths = new int[B];
        for (int b = 0; b < B; b++) { lengths[b] = inputs[b].length; T = Math.max(T, lengths[b]); }
        Tensor x = Tensor.f32(T, B, inputSize);
        int[] y = new int[T * B];
        java.util.Arrays.fill(y, -1);
        for (int b = 0; b < B; b++)
            for (int t = 0; t < lengths[b]; t++) {
                x.f[(t * B + b) * inputSize + inputs[b][t]] = 1f;
                y[t * B + b] = targets[b][t];
            }
        return new Batch(x, T, B, lengths, y, null, frames);
    }

    /** The symbol at step t of sequence b of a one-hot batch (the most active input). */
    public static int symbolAt(Batch batch, int t, int b) {
        int I = batch.inputSize(), row = (t * batch.batch() + b) * I;
        int best = 0;
        for (int i = 1; i < I; i++) if (batch.x().f[row + i] > batch.x().f[row + best]) best = i;
        return best;
    }

    /** Whether every output is within tol of the one-hot vector of class c: |y_k − [k = c]| &lt; tol for all k. */
    public static boolean classWithin(Tensor out, int row, int O, int c, double tol) {
        for (int k = 0; k < O; k++) if (Math.abs(out.get(row + k) - (k == c ? 1 : 0)) >= tol) return false;
        return true;
    }

    /** Σ_k (y_k − [k = c])², the paper's E at one step for a one-hot target. */
    public static double classSquaredError(Tensor out, int row, int O, int c) {
        double s = 0;
        for (int k = 0; k < O; k++) { double e = out.get(row + k) - (k == c ? 1 : 0); s += e * e; }
        return s;
    }

    /** Whether the outputs in {@code mask} (bit k = output k) are all more active than every other output. */
    public static boolean maskMostActive(Tensor out, int row, int O, int mask) {
        double minIn = Double.POSITIVE_INFINITY, maxOut = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < O; k++) {
            double v = out.get(row + k);
            if ((mask >> k & 1) != 0) minIn = Math.min(minIn, v); else maxOut = Math.max(maxOut, v);
        }
        return minIn > maxOut;
    }

    /** Class targets at the sequence end: the last step when any output is not within tol of the one-hot target, else −1. */
    public static int[] endClassErrors(Tensor out, Batch batch, double tol) {
        int B = batch.batch(), O = out.size() / (batch.steps() * B);
        int[] first = new int[B];
        for (int b = 0; b < B; b++) {
            int t = batch.lengths()[b] - 1, c = batch.classTargets()[t * B + b];
            first[b] = classWithin(out, (t * B + b) * O, O, c, tol) ? -1 : t;
        }
        return first;
    }

    /** Class targets at the sequence end: Σ_k (y_k − target_k)² there. */
    public static double[] endClassSquaredErrors(Tensor out, Batch batch) {
        int B = batch.batch(), O = out.size() / (batch.steps() * B);
        double[] e = new double[B];
        for (int b = 0; b < B; b++) {
            int t = batch.lengths()[b] - 1;
            e[b] = classSquaredError(out, (t * B + b) * O, O, batch.classTargets()[t * B + b]);
        }
        return e;
    }

    /** Class targets at every step that has one: the first step not within tol, else −1. */
    public static int[] everyStepClassErrors(Tensor out, Batch batch, double tol) {
        int B = batch.batch(), O = out.size() / (batch.steps() * B);
        int[] first = new int[B];
        for (int b = 0; b < B; b++) {
            first[b] = -1;
            for (int t = 0; t < batch.lengths()[b]; t++) {
                int c = batch.classTargets()[t * B + b];
                if (c >= 0 && !classWithin(out, (t * B + b) * O, O, c, tol)) { first[b] = t; break; }
            }
        }
        return first;
    }

    /** Class targets at every step that has one: the mean over those steps of Σ_k (y_k − target_k)². */
    public static double[] everyStepClassSquaredErrors(Tensor out, Batch batch) {
        return everyStepMean(out, batch, (row, O, b, t) -> {
            int c = batch.classTargets()[t * batch.batch() + b];
            return c < 0 ? Double.NaN : classSquaredError(out, row, O, c);
        });
    }

    /** Value targets at every step: the mean over the steps that have one (no NaN) of Σ_k (y_k − target_k)². */
    public static double[] everyStepValueSquaredErrors(Tensor out, Batch batch) {
        return everyStepMean(out, batch, (row, O, b, t) -> {
            if (Double.isNaN(batch.valueTargets().get(row))) return Double.NaN;
            double s = 0;
            for (int k = 0; k < O; k++) { double d = out.get(row + k) - batch.valueTargets().get(row + k); s += d * d; }
            return s;
        });
    }

    /** One step's error, or NaN when the step has no target; row is the step's first output. */
    private interface StepError { double at(int row, int O, int b, int t); }

    /** Per sequence, the mean of the step errors over the steps that have a target (0 when none has). */
    private static double[] everyStepMean(Tensor out, Batch batch, StepError error) {
        int B = batch.batch(), O = out.size() / (batch.steps() * B);
        double[] e = new double[B];
        for (int b = 0; b < B; b++) {
            double s = 0;
            int n = 0;
            for (int t = 0; t < batch.lengths()[b]; t++) {
                double v = error.at((t * B + b) * O, O, b, t);
                if (!Double.isNaN(v)) { s += v; n++; }
            }
            e[b] = n == 0 ? 0 : s / n;
        }
        return e;
    }

    /** One value target at the sequence end: the last step when |y − target| ≥ tol, else −1. */
    public static int[] endValueErrors(Tensor out, Batch batch, double tol) {
        double[] abs = endValueAbsErrors(out, batch);
        int[] first = new int[abs.length];
        for (int b = 0; b < abs.length; b++) first[b] = abs[b] < tol ? -1 : batch.lengths()[b] - 1;
        return first;
    }

    /** One value target at the sequence end: |y − target|. */
    public static double[] endValueAbsErrors(Tensor out, Batch batch) {
        int B = batch.batch();
        double[] e = new double[B];
        for (int b = 0; b < B; b++) {
            int i = (batch.lengths()[b] - 1) * B + b;
            e[b] = Math.abs(out.get(i) - batch.valueTargets().get(i));
        }
        return e;
    }

    /** One value target at the sequence end: (y − target)². */
    public static double[] endValueSquaredErrors(Tensor out, Batch batch) {
        double[] e = endValueAbsErrors(out, batch);
        for (int b = 0; b < e.length; b++) e[b] *= e[b];
        return e;
    }
}
