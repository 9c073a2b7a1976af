package carousel.lag;

import carousel.layer.Param;
import carousel.layer.SequenceLayer;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.tensor.Activation;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

/**
 * Measures how error flows back in time (Hochreiter 1991; Bengio, Simard &amp; Frasconi 1994;
 * Hochreiter &amp; Schmidhuber 1997, Sec. 3): an error injected at the output of the last step T−1
 * reaches the recurrent state q steps earlier as ∂E/∂h(T−1−q), whose norm is printed for
 * q = 1..Q. In a simple RNN each step back multiplies the error by the step Jacobian
 * diag(f'(net_t))·W_hh, whose largest singular value is |f'(net)·w| for a single unit: below 1 the
 * error vanishes exponentially, above 1 it explodes. LSTM's constant error carousel (c_t = c_{t−1} + …,
 * ∂c_t/∂c_{t−1} = 1 without forget gate) carries it unchanged.
 *
 * <p>Method: the states at every step come from one forward pass; for each lag q, the model is run from
 * the stored state over the last q steps and back-propagated with a unit error on the last output,
 * giving the gradient on that initial state. Double precision, O(Q²) steps: for diagnostics, not speed.
 */
public final class GradientFlow {
    private GradientFlow() {}

    /** ‖∂E/∂h‖ and (LSTM) ‖∂E/∂c‖ of layer 0 at lags 1..maxLag. */
    public record Curve(String name, double[] hNorm, double[] cNorm, double meanStepFactor) {}

    /**
     * Error norms for a float64 model on x (T, 1, I), T &gt; maxLag. The error is a unit vector on the
     * last step's logits. {@code meanStepFactor} is the geometric mean over steps of the largest singular
     * value of the step Jacobian for a simple RNN (NaN for LSTM).
     */
    public static Curve measure(String name, SequenceModel model, Tensor x, int maxLag) {
        if (model.ops().dtype() != DType.F64) throw new IllegalArgumentException("gradient flow is measured in float64; load the model with DType.F64");
        int T = x.dim(0), I = model.config().inputSize(), O = model.config().outputSize();
        if (x.dim(1) != 1) throw new IllegalArgumentException("gradient flow takes one sequence (batch 1), got batch " + x.dim(1));
        if (maxLag < 1 || maxLag >= T) throw new IllegalArgumentException("lags must be in [1, T-1] = [1, " + (T - 1) + "], got " + maxLag);
        // states after each step: states[t] = state after step t−1 (states[0] = zeros)
        Tensor[][][] states = new Tensor[T + 1][][];
        SequenceModel.Cache cache = model.newCache();
        states[0] = model.zeroStates(1);
        Tensor step = Tensor.f64(1, 1, I);
        for (int t = 0; t < T; t++) {
            Tensor.copy(x, t * I, step, 0, I);
            model.forward(cache, step, 1, 1, null, states[t]);
            states[t + 1] = copy(model.finalStates(cache));
        }
        double[] hNorm = new double[maxLag], cNorm = new double[maxLag];
        boolean lstm = model.config().cell() == carousel.model.Cell.LSTM;
        for (int q = 1; q <= maxLag; q++) {
            Tensor suffix = Tensor.f64(q, 1, I);
            Tensor.copy(x, (T - q) * I, suffix, 0, q * I);
            model.forward(cache, suffix, q, 1, null, states[T - q]);
            Tensor dLogits = Tensor.f64(q, 1, O);
            for (int o = 0; o < O; o++) dLogits.set((q - 1) * O + o, 1 / Math.sqrt(O));
            Tensor[][] dInit = model.zeroStates(1);
            model.backward(cache, dLogits, null, dInit, null);
            hNorm[q - 1] = norm(dInit[0][0]);
            cNorm[q - 1] = lstm ? norm(dInit[0][1]) : Double.NaN;
        }
        return new Curve(name, hNorm, cNorm, lstm ? Double.NaN : meanStepFactor(model, states, T));
    }

    /** Geometric mean over steps of σ_max(diag(f'(net_t)) W_hh) for layer 0 of a simple RNN. */
    static double meanStepFactor(SequenceModel model, Tensor[][][] states, int T) {
        SequenceLayer layer = model.layers().get(0);
        Param whh = layer.params().stream().filter(p -> p.name().equals("weight_hh")).findFirst().orElseThrow();
        Activation f = model.config().nonlinearity();
        int H = whh.value().dim(0);
        double logSum = 0;
        for (int t = 1; t <= T; t++) {
            double[] d = new double[H];
            for (int j = 0; j < H; j++) d[j] = f.derivFromOutput(states[t][0][0].get(j));
            logSum += Math.log(Math.max(largestSingularValue(whh.value(), d, H), 1e-300));
        }
        return Math.exp(logSum / T);
    }

    /** Power iteration on JᵀJ with J = diag(d)·W. */
    static double largestSingularValue(Tensor w, double[] d, int n) {
        double[] v = new double[n], u = new double[n];
        java.util.Arrays.fill(v, 1 / Math.sqrt(n));
        double sigma = 0;
        for (int it = 0; it < 60; it++) {
            for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < n; j++) s += w.get(i * n + j) * v[j]; u[i] = d[i] * s; }
            double[] nv = new double[n];
            for (int j = 0; j < n; j++) { double s = 0; for (int i = 0; i < n; i++) s += w.get(i * n + j) * d[i] * u[i]; nv[j] = s; }
            double nn = 0;
            for (double a : nv) nn += a * a;
            nn = Math.sqrt(nn);
            if (nn == 0) return 0;
            for (int j = 0; j < n; j++) v[j] = nv[j] / nn;
            sigma = Math.sqrt(nn);
        }
        return sigma;
    }

    private static Tensor[][] copy(Tensor[][] s) {
        Tensor[][] c = new Tensor[s.length][];
        for (int i = 0; i < s.length; i++) { c[i] = new Tensor[s[i].length]; for (int j = 0; j < s[i].length; j++) c[i][j] = s[i][j].copy(); }
        return c;
    }

    private static double norm(Tensor t) {
        double s = 0;
        for (int i = 0; i < t.size(); i++) s += t.get(i) * t.get(i);
        return Math.sqrt(s);
    }

    /** The 1997 learning rule's error flow through the CEC of a {@link carousel.online.Lstm1997} net (reported as the c part). */
    public static Curve measure1997(String name, carousel.online.Lstm1997 net, Tensor x, int maxLag) {
        int T = x.dim(0), I = x.dim(2);
        double[][] xs = new double[T][I];
        for (int t = 0; t < T; t++) for (int i = 0; i < I; i++) xs[t][i] = x.get(t * I + i);
        double[] c = net.cecErrorFlow(xs, maxLag), h = new double[maxLag];
        return new Curve(name, h, c, Double.NaN);
    }

    /** A simple tanh (or other) RNN whose recurrent matrix is scale × a random orthogonal matrix: every singular value equals scale. */
    public static SequenceModel rnnWithRecurrentScale(int inputs, int hidden, Activation nonlinearity, double scale, Rng rng) {
        SequenceModel m = new SequenceModel(ModelConfig.rnn(inputs, hidden, 1, nonlinearity, false, 1), DType.F64);
        m.initialize(rng, 1 / Math.sqrt(hidden), null);
        Tensor w = m.params().get("rnn.weight_hh_l0").value();
        double[][] q = randomOrthogonal(hidden, rng);
        for (int i = 0; i < hidden; i++) for (int j = 0; j < hidden; j++) w.set(i * hidden + j, scale * q[i][j]);
        for (String b : new String[]{"rnn.bias_ih_l0", "rnn.bias_hh_l0"}) m.params().get(b).value().zero();
        return m;
    }

    /** Gram–Schmidt on a Gaussian matrix. */
    static double[][] randomOrthogonal(int n, Rng rng) {
        double[][] a = new double[n][n];
        for (double[] row : a) for (int j = 0; j < n; j++) row[j] = rng.gaussian();
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                double d = 0;
                for (int j = 0; j < n; j++) d += a[i][j] * a[k][j];
                for (int j = 0; j < n; j++) a[i][j] -= d * a[k][j];
            }
            double nn = 0;
            for (int j = 0; j < n; j++) nn += a[i][j] * a[i][j];
            nn = Math.sqrt(nn);
            for (int j = 0; j < n; j++) a[i][j] /= nn;
        }
        return a;
    }
}
