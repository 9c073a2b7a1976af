package carousel.train;

import carousel.layer.Param;
import carousel.loss.Frames;
import carousel.loss.LossResult;
import carousel.loss.MeanSquaredError;
import carousel.loss.SoftmaxCrossEntropy;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks back-propagated gradients against central finite differences, in double precision:
 * g_num = (E(θ+ε) − E(θ−ε)) / 2ε with ε = 1e-5, for every parameter element (or a seeded sample of
 * at most {@code maxPerTensor} elements of each tensor), for the input, the initial states, and the
 * final states (the loss adds a random linear term on each final state part, so their gradients
 * are exercised too, as truncated BPTT needs). Relative error |g − g_num| / max(|g| + |g_num|, 1e-4) (the floor keeps rounding noise on near-zero gradients from dominating);
 * the worst one is reported by name, e.g. {@code lstm.weight_hh_l1_reverse[17]}.
 */
public final class GradientCheck {
    /** One configuration to check. */
    public record Case(String name, ModelConfig config, int steps, int batch, boolean variableLengths,
                       boolean initialState, boolean finalStateLoss, Frames frames, boolean mse) {}

    /** Outcome: worst relative error over everything checked, and where. */
    public record Report(String caseName, double worstRelativeError, String worstAt, double analytic, double numeric, int checked) {
        public boolean passed(double tolerance) { return worstRelativeError <= tolerance; }
        @Override public String toString() {
            return String.format("%-34s worst relative error %.2e at %s (backprop %.6e, numeric %.6e), %d values checked",
                    caseName, worstRelativeError, worstAt, analytic, numeric, checked);
        }
    }

    private static final double EPS = 1e-5;

    /** The standard set of cases: every layer and option the engine offers. */
    public static List<Case> standardCases() {
        List<Case> l = new ArrayList<>();
        ModelConfig lstm = ModelConfig.lstm(3, 4, 1, 0, false, 3);
        l.add(new Case("lstm", lstm, 5, 2, false, false, false, Frames.ALL, false));
        l.add(new Case("lstm no-forget-gate (1997 cell)", lstm.withLstmOptions(false, false, carousel.tensor.Activation.SIGMOID,
                carousel.tensor.Activation.SIGMOID4, carousel.tensor.Activation.SIGMOID2, 0f, 0), 5, 2, false, false, false, Frames.LAST, false));
        l.add(new Case("lstm peepholes", lstm.withLstmOptions(true, true, carousel.tensor.Activation.SIGMOID,
                carousel.tensor.Activation.TANH, carousel.tensor.Activation.TANH, 0f, 0), 5, 2, false, false, false, Frames.ALL, false));
        l.add(new Case("lstm peepholes no-forget-gate", lstm.withLstmOptions(false, true, carousel.tensor.Activation.SIGMOID,
                carousel.tensor.Activation.TANH, carousel.tensor.Activation.IDENTITY, 0f, 0), 5, 2, false, false, false, Frames.ALL, true));
        l.add(new Case("lstmp projection", ModelConfig.lstm(3, 5, 1, 2, false, 3), 5, 2, false, false, false, Frames.ALL, false));
        l.add(new Case("lstmp + non-recurrent projection", ModelConfig.lstm(3, 5, 1, 2, false, 3).withLstmOptions(true, true,
                carousel.tensor.Activation.SIGMOID, carousel.tensor.Activation.TANH, carousel.tensor.Activation.TANH, 0f, 2), 4, 2, true, true, true, Frames.ALL, false));
        l.add(new Case("lstm stacked 2 layers", ModelConfig.lstm(3, 4, 2, 0, false, 3), 4, 2, false, false, false, Frames.ALL, false));
        l.add(new Case("lstm bidirectional", ModelConfig.lstm(3, 4, 1, 0, true, 3), 4, 2, false, false, false, Frames.ALL, false));
        l.add(new Case("lstmp bidirectional stacked", ModelConfig.lstm(3, 5, 2, 2, true, 3), 4, 3, true, true, true, Frames.ALL, false));
        l.add(new Case("lstm masks (variable lengths)", ModelConfig.lstm(3, 4, 2, 0, false, 3), 6, 3, true, false, false, Frames.ALL, false));
        l.add(new Case("lstm h0/c0 and final state", ModelConfig.lstm(3, 4, 2, 2, false, 3), 4, 2, true, true, true, Frames.ALL, false));
        l.add(new Case("lstm sequence-end loss, MSE", lstm, 6, 3, true, false, false, Frames.LAST, true));
        l.add(new Case("lstm cell clipping", lstm.withLstmOptions(true, false, carousel.tensor.Activation.SIGMOID,
                carousel.tensor.Activation.TANH, carousel.tensor.Activation.TANH, 0.35f, 0), 6, 2, false, false, false, Frames.ALL, false));
        l.add(new Case("rnn tanh", ModelConfig.rnn(3, 4, 1, carousel.tensor.Activation.TANH, false, 3), 5, 2, false, true, true, Frames.ALL, false));
        l.add(new Case("rnn sigmoid stacked masks", ModelConfig.rnn(3, 4, 2, carousel.tensor.Activation.SIGMOID, false, 3), 5, 3, true, false, false, Frames.ALL, false));
        l.add(new Case("dnn sigmoid 2 layers masks", ModelConfig.dnn(3, 5, 2, carousel.tensor.Activation.SIGMOID, 3), 4, 3, true, false, false, Frames.ALL, false));
        l.add(new Case("dnn tanh sequence-end MSE", ModelConfig.dnn(3, 4, 1, carousel.tensor.Activation.TANH, 2), 4, 2, true, false, false, Frames.LAST, true));
        l.add(new Case("rnn bidirectional", ModelConfig.rnn(3, 4, 1, carousel.tensor.Activation.TANH, true, 2), 4, 2, true, true, true, Frames.ALL, true));
        return l;
    }

    /** Runs one case with the given seed; checks at most maxPerTensor elements of each tensor. */
    public static Report run(Case c, long seed, int maxPerTensor) {
        Rng rng = new Rng(seed);
        SequenceModel model = new SequenceModel(c.config(), DType.F64);
        model.initialize(rng, 0.6, null);
        int T = c.steps(), B = c.batch(), I = c.config().inputSize(), O = c.config().outputSize();
        Tensor x = Tensor.f64(T, B, I);
        rng.fillUniform(x, 1.0);
        int[] lengths = null;
        if (c.variableLengths()) {
            lengths = new int[B];
            for (int b = 0; b < B; b++) lengths[b] = b == 0 ? T : 1 + rng.nextInt(T);
        }
        int[] classes = new int[T * B];
        for (int i = 0; i < classes.length; i++) classes[i] = rng.nextInt(O);
        Tensor targets = Tensor.f64(T, B, O);
        rng.fillUniform(targets, 1.0);
        Tensor[][] init = c.initialState() ? model.zeroStates(B) : null;
        if (init != null) for (Tensor[] parts : init) for (Tensor p : parts) rng.fillUniform(p, 0.5);
        Tensor[][] finalWeights = c.finalStateLoss() ? model.zeroStates(B) : null;
        if (finalWeights != null) for (Tensor[] parts : finalWeights) for (Tensor p : parts) rng.fillUniform(p, 1.0);

        Objective f = new Objective(model, model.newCache(), x, T, B, lengths, init, classes, targets, c, finalWeights);
        // analytic gradients
        model.zeroGrad();
        Tensor dx = Tensor.f64(T, B, I);
        Tensor[][] dInit = init == null ? null : model.zeroStates(B);
        f.lossAndBackward(dx, dInit);

        Worst w = new Worst();
        for (Param p : model.params().values()) checkTensor(p.name(), p.value(), p.grad(), f, rng, maxPerTensor, w);
        checkTensor("input", x, dx, f, rng, maxPerTensor, w);
        if (init != null)
            for (int k = 0; k < init.length; k++)
                for (int i = 0; i < init[k].length; i++) checkTensor("initial_state_l" + k + "_part" + i, init[k][i], dInit[k][i], f, rng, maxPerTensor, w);
        return new Report(c.name(), w.rel, w.where, w.analytic, w.numeric, w.count);
    }

    private static final class Worst {
        double rel = 0, analytic, numeric;
        String where = "-";
        int count;
    }

    private static void checkTensor(String name, Tensor value, Tensor grad, Objective f, Rng rng, int max, Worst w) {
        int n = value.size();
        int[] idx;
        if (n <= max) { idx = new int[n]; for (int i = 0; i < n; i++) idx[i] = i; }
        else { idx = new int[max]; for (int i = 0; i < max; i++) idx[i] = rng.nextInt(n); }
        for (int i : idx) {
            double orig = value.get(i);
            value.set(i, orig + EPS);
            double plus = f.loss();
            value.set(i, orig - EPS);
            double minus = f.loss();
            value.set(i, orig);
            double num = (plus - minus) / (2 * EPS), ana = grad.get(i);
            double rel = Math.abs(ana - num) / Math.max(Math.abs(ana) + Math.abs(num), 1e-4);
            w.count++;
            if (rel > w.rel || w.where.equals("-")) { w.rel = rel; w.where = name + "[" + i + "]"; w.analytic = ana; w.numeric = num; }
        }
    }

    /** E = task loss + Σ_k Σ_parts ⟨finalWeights, finalState⟩. */
    private record Objective(SequenceModel model, SequenceModel.Cache cache, Tensor x, int T, int B, int[] lengths, Tensor[][] init,
                             int[] classes, Tensor targets, Case c, Tensor[][] finalWeights) {
        double loss() { return evaluate(null, null, false); }

        void lossAndBackward(Tensor dx, Tensor[][] dInit) { evaluate(dx, dInit, true); }

        private double evaluate(Tensor dx, Tensor[][] dInit, boolean backward) {
            Tensor logits = model.forward(cache, x, T, B, lengths, init);
            int O = c.config().outputSize();
            Tensor dLogits = backward ? Tensor.f64(T, B, O) : null;
            LossResult r = c.mse()
                    ? new MeanSquaredError().compute(logits, targets, T, B, O, lengths, c.frames(), dLogits)
                    : new SoftmaxCrossEntropy().compute(model.ops(), logits, T, B, O, classes, lengths, c.frames(), dLogits);
            double e = r.loss();
            if (finalWeights != null) {
                Tensor[][] fin = model.finalStates(cache);
                for (int k = 0; k < fin.length; k++)
                    for (int i = 0; i < fin[k].length; i++)
                        for (int j = 0; j < fin[k][i].size(); j++) e += finalWeights[k][i].get(j) * fin[k][i].get(j);
            }
            if (backward) model.backward(cache, dLogits, finalWeights, dInit, dx);
            return e;
        }
    }
}
