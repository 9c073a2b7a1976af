package carousel.online;

import carousel.tensor.Activation;
import carousel.tensor.Rng;

import java.util.Arrays;

/**
 * Real-time recurrent learning (Williams &amp; Zipser, Neural Computation 1(2), 1989) for a simple
 * RNN: the baseline of Hochreiter &amp; Schmidhuber 1997 (Exp. 1–2). {@code hidden} logistic units,
 * fully connected in time, see the inputs; non-recurrent logistic output units see the hidden units
 * and, with {@code outputsSeeInputs}, the inputs ("each layer connected to all layers below").
 *
 * <pre>
 *   h_k(t) = σ(Σ_u w_ku z_u(t)),   z(t) = [x(t), h(t−1), 1]
 *   y_o(t) = σ(Σ_v v_ov zo_v(t)),  zo(t) = [h(t), (x(t)), 1],   E = ½ Σ (y − target)²
 *   p^k_{iu}(t) = ∂h_k(t)/∂w_iu = σ'(net_k) [δ_ki z_u(t) + Σ_l w_k,l p^l_{iu}(t−1)]     (sum over recurrent sources l)
 *   ∂E/∂w_iu = Σ_k e_k p^k_{iu},  e_k = Σ_o v_ok δ_o
 * </pre>
 * The traces cost O(n²·W) per step and O(n·W) memory (n hidden units): exact gradients forward in
 * time, no truncation, which is why it is slow for big nets and still fails on long lags (its error
 * flow vanishes like BPTT's). {@link #bpttGradient} is the same gradient computed backward, for tests.
 */
public final class Rtrl implements OnlineNet {
    /** Architecture; biases off reproduces the paper's weight counts (Exp. 2a: 36, 144, 10404). */
    public record Config(int inputs, int hidden, int outputs, boolean biases, boolean outputsSeeInputs, double initRange) {
        public Config {
            if (inputs < 1 || hidden < 1 || outputs < 1) throw new IllegalArgumentException("inputs, hidden and outputs must be positive");
        }
        int sources() { return inputs + hidden + 1; }
        int outputSources() { return hidden + (outputsSeeInputs ? inputs : 0) + 1; }
        public int weightCount() {
            return hidden * (inputs + hidden + (biases ? 1 : 0)) + outputs * (outputSources() - 1 + (biases ? 1 : 0));
        }
    }

    private final Config cfg;
    private final int nIn, nH, nOut, S, So;
    final double[] w, v, gw, gv;          // w (nH, S), v (nOut, So)
    private final double[] p;             // traces (nH, nH·S): p[k][i·S + u]
    private final double[] pNext, h, z, zo, y, e;
    // non-zero entries of zo (local input codes are mostly zeros) and the output-weight columns with gradient
    private final SparseSources outputSources;
    private final boolean[] trainW, trainV;   // bias columns excluded when unbiased

    public Rtrl(Config cfg, Rng rng) {
        this.cfg = cfg;
        nIn = cfg.inputs(); nH = cfg.hidden(); nOut = cfg.outputs(); S = cfg.sources(); So = cfg.outputSources();
        w = new double[nH * S]; v = new double[nOut * So]; gw = new double[w.length]; gv = new double[v.length];
        for (int i = 0; i < w.length; i++) w[i] = rng.uniform(-cfg.initRange(), cfg.initRange());
        for (int i = 0; i < v.length; i++) v[i] = rng.uniform(-cfg.initRange(), cfg.initRange());
        if (!cfg.biases()) { for (int k = 0; k < nH; k++) w[k * S + S - 1] = 0; for (int o = 0; o < nOut; o++) v[o * So + So - 1] = 0; }
        p = new double[nH * nH * S]; pNext = new double[p.length];
        h = new double[nH]; z = new double[S]; zo = new double[So]; y = new double[nOut]; e = new double[nH];
        outputSources = new SparseSources(So);
        trainW = SparseSources.trainableColumns(S, cfg.biases()); trainV = SparseSources.trainableColumns(So, cfg.biases());
    }

    public Config config() { return cfg; }
    @Override public long weightCount() { return cfg.weightCount(); }
    @Override public int inputs() { return nIn; }
    @Override public int outputs() { return nOut; }
    @Override public double[][] saveState() { return new double[][]{h.clone(), p.clone()}; }
    @Override public void restoreState(double[][] st) { System.arraycopy(st[0], 0, h, 0, h.length); System.arraycopy(st[1], 0, p, 0, p.length); }

    @Override public void reset() { Arrays.fill(h, 0); Arrays.fill(p, 0); }
    public void zeroGrad() { Arrays.fill(gw, 0); Arrays.fill(gv, 0); outputSources.clearMarks(); }

    private void forward(double[] x) {
        System.arraycopy(x, 0, z, 0, nIn);
        System.arraycopy(h, 0, z, nIn, nH);
        z[S - 1] = 1;
        for (int k = 0; k < nH; k++) {
            double a = 0;
            for (int u = 0; u < S; u++) a += w[k * S + u] * z[u];
            h[k] = Activation.sigmoid(a);
        }
        System.arraycopy(h, 0, zo, 0, nH);
        if (cfg.outputsSeeInputs()) System.arraycopy(x, 0, zo, nH, nIn);
        zo[So - 1] = 1;
        outputSources.scan(zo);
        for (int o = 0; o < nOut; o++) y[o] = Activation.sigmoid(outputSources.dot(v, o * So, zo));
    }

    /** One step: forward, trace update, gradient accumulation when target is non-null (NaN entries: no error). */
    @Override
    public double[] step(double[] x, double[] target) {
        forward(x);
        int W = nH * S;
        // p^k(t) = σ'(net_k)[δ_ki z + Σ_l w_{k, nIn+l} p^l(t−1)]
        for (int k = 0; k < nH; k++) {
            double d = h[k] * (1 - h[k]);
            int row = k * W;
            Arrays.fill(pNext, row, row + W, 0);
            for (int l = 0; l < nH; l++) {
                double wkl = w[k * S + nIn + l];
                if (wkl == 0) continue;
                int src = l * W;
                for (int i = 0; i < W; i++) pNext[row + i] += wkl * p[src + i];
            }
            for (int u = 0; u < S; u++) pNext[row + k * S + u] += z[u];
            for (int i = 0; i < W; i++) pNext[row + i] *= d;
        }
        System.arraycopy(pNext, 0, p, 0, p.length);
        if (target != null) {
            Arrays.fill(e, 0);
            for (int o = 0; o < nOut; o++) {
                if (Double.isNaN(target[o])) continue;
                double dOut = (y[o] - target[o]) * y[o] * (1 - y[o]);
                outputSources.accumulate(gv, o * So, dOut, zo);
                for (int k = 0; k < nH; k++) e[k] += v[o * So + k] * dOut;
            }
            outputSources.markScanned();
            for (int k = 0; k < nH; k++) {
                if (e[k] == 0) continue;
                int row = k * W;
                for (int i = 0; i < W; i++) gw[i] += e[k] * p[row + i];
            }
        }
        return y;
    }

    @Override
    public double lastLoss(double[] target) {
        double s = 0;
        for (int o = 0; o < nOut; o++) if (!Double.isNaN(target[o])) s += 0.5 * (y[o] - target[o]) * (y[o] - target[o]);
        return s;
    }

    public double predictLast() { return y[0]; }
    public double[] lastOutputs() { return y; }

    @Override
    public void applyGradient(double lr) {
        SparseSources.updateRows(w, gw, S, trainW, lr);
        outputSources.update(v, gv, trainV, lr);   // output weights: only the columns whose source was non-zero since the last update
    }

    /** Online training on one sequence (update after each step with a target, or once at the end). */
    public double trainSequence(double[][] xs, double[][] targets, double lr, boolean updateAtSequenceEnd) {
        reset();
        zeroGrad();
        double loss = 0;
        for (int t = 0; t < xs.length; t++) {
            step(xs[t], targets[t]);
            if (targets[t] != null) { loss += lastLoss(targets[t]); if (!updateAtSequenceEnd) applyGradient(lr); }
        }
        if (updateAtSequenceEnd) applyGradient(lr);
        return loss;
    }

    @Override
    public double[][] predict(double[][] xs) {
        double[][] saved = saveState();
        reset();
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) { forward(xs[t]); out[t] = y.clone(); }
        restoreState(saved);
        return out;
    }

    /** Summed loss of a sequence from a reset state (for finite differences). */
    public double sequenceLoss(double[][] xs, double[][] targets) {
        reset();
        double loss = 0;
        for (int t = 0; t < xs.length; t++) { forward(xs[t]); if (targets[t] != null) loss += lastLoss(targets[t]); }
        return loss;
    }

    /** The same gradient by backpropagation through time over the stored sequence (reference for tests). */
    public void bpttGradient(double[][] xs, double[][] targets) {
        reset();
        zeroGrad();
        int T = xs.length;
        double[][] zs = new double[T][], zos = new double[T][], hs = new double[T][], ys = new double[T][];
        for (int t = 0; t < T; t++) { forward(xs[t]); zs[t] = z.clone(); zos[t] = zo.clone(); hs[t] = h.clone(); ys[t] = y.clone(); }
        double[] dhNext = new double[nH];
        for (int t = T - 1; t >= 0; t--) {
            double[] dh = dhNext.clone();
            if (targets[t] != null)
                for (int o = 0; o < nOut; o++) {
                    if (Double.isNaN(targets[t][o])) continue;
                    double dOut = (ys[t][o] - targets[t][o]) * ys[t][o] * (1 - ys[t][o]);
                    for (int u = 0; u < So; u++) gv[o * So + u] += dOut * zos[t][u];
                    for (int k = 0; k < nH; k++) dh[k] += v[o * So + k] * dOut;
                }
            double[] prev = new double[nH];
            for (int k = 0; k < nH; k++) {
                double dNet = dh[k] * hs[t][k] * (1 - hs[t][k]);
                for (int u = 0; u < S; u++) gw[k * S + u] += dNet * zs[t][u];
                for (int l = 0; l < nH; l++) prev[l] += w[k * S + nIn + l] * dNet;
            }
            dhNext = prev;
        }
        outputSources.markAll();   // dense gv: every column for applyGradient
    }

    public double[][] weightArrays() { return new double[][]{w, v}; }
    public double[][] gradientArrays() { return new double[][]{gw, gv}; }
}
