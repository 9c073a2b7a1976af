package carousel.online;

import carousel.tensor.Activation;
import carousel.tensor.Rng;

import java.util.Arrays;

/**
 * A 1997 LSTM net and its learning algorithm (Hochreiter &amp; Schmidhuber, "Long Short-Term Memory",
 * Neural Computation 9(8):1735–1780, 1997, Sec. 4 and Appendix A.1; forget gate from Gers,
 * Schmidhuber &amp; Cummins, Neural Computation 12(10), 2000).
 *
 * <pre>
 *   z(t)     = [x(t), y_hidden(t−1), 1]                        sources of every gate and cell
 *   y_in_j   = σ(w_in_j·z)   y_out_j = σ(w_out_j·z)   y_φ_j = σ(w_φ_j·z)      block j's gates
 *   s_c(t)   = y_φ_j s_c(t−1) + y_in_j g(w_c·z)                the constant error carousel (y_φ ≡ 1 without forget gate)
 *   y_c(t)   = y_out_j h(s_c(t))
 *   y_k(t)   = σ(w_k·[y_c(t), (x(t)), 1])                      output units, E = ½ Σ_k (y_k − t_k)²
 * </pre>
 *
 * <p>Learning (the paper's truncated gradient): errors that reach a gate's or a cell's net input are
 * not propagated further back in time, so the only path through time is the CEC. The derivatives
 * ∂s_c/∂w for the weights into cell c and its block's input (and forget) gate are carried forward as
 * traces (RTRL restricted to the CEC):
 * <pre>
 *   ∂s_c/∂w_c,u  ← y_φ ∂s_c/∂w_c,u  + y_in g'(net_c) z_u
 *   ∂s_c/∂w_in,u ← y_φ ∂s_c/∂w_in,u + g(net_c) σ'(net_in) z_u
 *   ∂s_c/∂w_φ,u  ← y_φ ∂s_c/∂w_φ,u  + s_c(t−1) σ'(net_φ) z_u
 * </pre>
 * and when an error arrives at step t: δ_k = (y_k − t_k) σ'(net_k); e_c = Σ_k w_kc δ_k;
 * output gate δ_out_j = σ'(net_out_j) Σ_{c∈j} h(s_c) e_c (no trace: its error is not carried in time);
 * e_s_c = y_out h'(s_c) e_c; ∂E/∂w = e_s_c ∂s_c/∂w. Cost per step and memory are O(W), whatever the
 * sequence length. Weights change online, after every step that carries an error (or, with
 * {@code updateAtSequenceEnd}, once per sequence).
 *
 * <p>{@link #truncatedBpttGradient} computes the same gradient the other way round, backward through
 * the stored sequence with the recurrent inputs of gates and cells cut: the tests check that both agree.
 */
public final class Lstm1997 implements OnlineNet {
    private final Lstm1997Config cfg;
    private final int nIn, nOut, nB, nS, nC, S, So, H, R;
    // weights: rows of S sources (So for outputs), row-major
    final double[] wIn, wOut, wPhi, wC, wK;
    final double[] gIn, gOut, gPhi, gC, gK;         // accumulated gradients ∂E/∂w
    private final boolean[] trainIn, trainC, trainK; // bias columns excluded when unbiased (same mask for all gates)
    // online state
    private final double[] s, hidden, z, zo, y;
    private final double[] tC, tIn, tPhi;            // traces ∂s_c/∂w, (cells, S)
    // per-step scratch
    private final double[] yIn, yOut, yPhi, netCAct, netCDeriv, sPrev, hS, yc, ecScratch, prevHidden;
    // sequential construction (Sec. 4, 5.2): blocks ≥ activeBlocks are not yet part of the net
    private int activeBlocks;
    // non-zero entries of z and zo (local input codes are mostly zeros), and the output-weight columns with gradient
    private final SparseSources zs, zos;

    public Lstm1997(Lstm1997Config cfg, Rng rng) {
        this.cfg = cfg;
        nIn = cfg.inputs(); nOut = cfg.outputs(); nB = cfg.blocks(); nS = cfg.cellsPerBlock(); nC = cfg.cells();
        S = cfg.sources(); So = cfg.outputSources(); H = cfg.hiddenUnits(); R = cfg.recurrentSources();
        wIn = new double[nB * S]; wOut = new double[cfg.outputGate() ? nB * S : 0]; wPhi = new double[cfg.forgetGate() ? nB * S : 0];
        wC = new double[nC * S]; wK = new double[nOut * So];
        gIn = new double[wIn.length]; gOut = new double[wOut.length]; gPhi = new double[wPhi.length]; gC = new double[wC.length]; gK = new double[wK.length];
        trainIn = SparseSources.trainableColumns(S, cfg.biasGates()); trainC = SparseSources.trainableColumns(S, cfg.biasCells()); trainK = SparseSources.trainableColumns(So, cfg.biasOutputs());
        double r = cfg.initRange();
        for (double[] w : new double[][]{wIn, wOut, wPhi, wC, wK}) for (int i = 0; i < w.length; i++) w[i] = rng.uniform(-r, r);
        applyMask(wIn, S, trainIn); applyMask(wOut, S, trainIn); applyMask(wPhi, S, trainIn); applyMask(wC, S, trainC); applyMask(wK, So, trainK);
        setBiases(wIn, cfg.inputGateBias());
        setBiases(wOut, cfg.outputGateBias());
        setBiases(wPhi, cfg.forgetGateBias());
        s = new double[nC]; hidden = new double[H]; z = new double[S]; zo = new double[So]; y = new double[nOut];
        tC = new double[nC * S]; tIn = new double[nC * S]; tPhi = new double[cfg.forgetGate() ? nC * S : 0];
        yIn = new double[nB]; yOut = new double[nB]; yPhi = new double[nB];
        netCAct = new double[nC]; netCDeriv = new double[nC]; sPrev = new double[nC]; hS = new double[nC]; yc = new double[nC];
        ecScratch = new double[nC]; prevHidden = new double[H];
        activeBlocks = nB;
        zs = new SparseSources(S); zos = new SparseSources(So);
    }

    /**
     * Sequential network construction (Sec. 4 and 5.2 of the paper: "memory cells and gate units are
     * added once the error stops decreasing"): only the first {@code n} blocks take part; the others
     * output 0 and their weights (gates, cells, and the output weights from their cells) stay as
     * initialised until they are added. Weights count as the full net's.
     */
    public void setActiveBlocks(int n) {
        if (n < 0 || n > nB) throw new IllegalArgumentException("active blocks must be in [0, " + nB + "], got " + n);
        activeBlocks = n;
    }

    public int activeBlocks() { return activeBlocks; }


    private static void applyMask(double[] w, int width, boolean[] m) {
        for (int i = 0; i < w.length; i++) if (!m[i % width]) w[i] = 0;
    }

    private void setBiases(double[] w, double[] bias) {
        if (bias == null || w.length == 0) return;
        if (!cfg.biasGates()) throw new IllegalArgumentException("gate bias values given but gates are unbiased");
        for (int j = 0; j < nB; j++) w[j * S + S - 1] = bias[j % bias.length];
    }

    public Lstm1997Config config() { return cfg; }
    @Override public long weightCount() { return cfg.weightCount(); }
    @Override public int inputs() { return nIn; }
    @Override public int outputs() { return nOut; }

    @Override
    public double[][] saveState() { return new double[][]{s.clone(), hidden.clone(), tC.clone(), tIn.clone(), tPhi.clone()}; }

    @Override
    public void restoreState(double[][] st) {
        System.arraycopy(st[0], 0, s, 0, s.length); System.arraycopy(st[1], 0, hidden, 0, hidden.length);
        System.arraycopy(st[2], 0, tC, 0, tC.length); System.arraycopy(st[3], 0, tIn, 0, tIn.length); System.arraycopy(st[4], 0, tPhi, 0, tPhi.length);
    }

    /** Resets activations, cell states and traces: the start of a new sequence. */
    @Override
    public void reset() {
        Arrays.fill(s, 0); Arrays.fill(hidden, 0);
        Arrays.fill(tC, 0); Arrays.fill(tIn, 0); Arrays.fill(tPhi, 0);
    }

    public void zeroGrad() {
        for (double[] g : new double[][]{gIn, gOut, gPhi, gC, gK}) Arrays.fill(g, 0);
        zos.clearMarks();
    }

    /** Forward step from the current state, with z's hidden part taken from {@code recurrent}; fills the step scratch. */
    private void forwardCore(double[] x, double[] recurrent) {
        System.arraycopy(x, 0, z, 0, nIn);
        System.arraycopy(recurrent, 0, z, nIn, R);
        z[S - 1] = 1;
        zs.scan(z);
        Activation g = cfg.cellInput(), h = cfg.cellOutput();
        for (int j = 0; j < nB; j++) {
            if (j >= activeBlocks) { yIn[j] = 0; yOut[j] = 0; yPhi[j] = 0; continue; }
            yIn[j] = Activation.sigmoid(zs.dot(wIn, j * S, z));
            yOut[j] = cfg.outputGate() ? Activation.sigmoid(zs.dot(wOut, j * S, z)) : 1;
            yPhi[j] = cfg.forgetGate() ? Activation.sigmoid(zs.dot(wPhi, j * S, z)) : 1;
        }
        for (int c = 0; c < nC; c++) {
            int j = c / nS;
            if (j >= activeBlocks) { netCAct[c] = 0; netCDeriv[c] = 0; sPrev[c] = 0; s[c] = 0; hS[c] = 0; yc[c] = 0; continue; }
            double gv = g.apply(zs.dot(wC, c * S, z));
            netCAct[c] = gv;
            netCDeriv[c] = g.derivFromOutput(gv);
            sPrev[c] = s[c];
            s[c] = yPhi[j] * s[c] + yIn[j] * gv;
            hS[c] = h.apply(s[c]);
            yc[c] = yOut[j] * hS[c];
        }
        System.arraycopy(yc, 0, zo, 0, nC);
        if (cfg.outputsSeeInputs()) System.arraycopy(x, 0, zo, nC, nIn);
        zo[So - 1] = 1;
        zos.scan(zo);
        for (int k = 0; k < nOut; k++) y[k] = cfg.outputActivation().apply(zos.dot(wK, k * So, zo));
        // hidden activations for the next step: [in gates, out gates, forget gates, cell outputs]
        int o = 0;
        for (int j = 0; j < nB; j++) hidden[o++] = yIn[j];
        if (cfg.outputGate()) for (int j = 0; j < nB; j++) hidden[o++] = yOut[j];
        if (cfg.forgetGate()) for (int j = 0; j < nB; j++) hidden[o++] = yPhi[j];
        System.arraycopy(yc, 0, hidden, o, nC);
    }

    /** One step: forward, trace update, and (when target is non-null) gradient accumulation. Returns the outputs (owned). */
    @Override
    public double[] step(double[] x, double[] target) {
        System.arraycopy(hidden, 0, prevHidden, 0, H);
        forwardCore(x, prevHidden);
        for (int c = 0; c < activeBlocks * nS; c++) {
            int j = c / nS, row = c * S;
            double fj = yPhi[j];
            double aC = yIn[j] * netCDeriv[c];
            double aIn = netCAct[c] * yIn[j] * (1 - yIn[j]);
            double aPhi = cfg.forgetGate() ? sPrev[c] * fj * (1 - fj) : 0;
            if (cfg.forgetGate()) {
                for (int u = 0; u < S; u++) {
                    double zu = z[u];
                    tC[row + u] = fj * tC[row + u] + aC * zu;
                    tIn[row + u] = fj * tIn[row + u] + aIn * zu;
                    tPhi[row + u] = fj * tPhi[row + u] + aPhi * zu;
                }
            } else {   // y_φ ≡ 1: only the traces of non-zero sources change
                for (int i = 0; i < zs.count(); i++) {
                    int u = zs.index(i);
                    tC[row + u] += aC * z[u];
                    tIn[row + u] += aIn * z[u];
                }
            }
        }
        if (target != null) accumulate(target);
        return y;
    }

    /** Loss ½Σ(y−t)² of the last step's outputs. */
    @Override
    public double lastLoss(double[] target) {
        double e = 0;
        for (int k = 0; k < nOut; k++) if (!Double.isNaN(target[k])) e += 0.5 * (y[k] - target[k]) * (y[k] - target[k]);
        return e;
    }

    private void accumulate(double[] target) {
        double[] ec = ecScratch;
        Arrays.fill(ec, 0);
        for (int k = 0; k < nOut; k++) {
            if (Double.isNaN(target[k])) continue;
            double dk = (y[k] - target[k]) * cfg.outputActivation().derivFromOutput(y[k]);
            zos.accumulate(gK, k * So, dk, zo);
            for (int c = 0; c < nC; c++) ec[c] += wK[k * So + c] * dk;
        }
        zos.markScanned();
        Activation h = cfg.cellOutput();
        for (int j = 0; j < nB; j++) {
            if (cfg.outputGate()) {
                double sum = 0;
                for (int c = j * nS; c < (j + 1) * nS; c++) sum += hS[c] * ec[c];
                double dOut = yOut[j] * (1 - yOut[j]) * sum;
                for (int u = 0; u < S; u++) gOut[j * S + u] += dOut * z[u];
            }
            for (int c = j * nS; c < (j + 1) * nS; c++) {
                double esc = yOut[j] * h.derivFromOutput(hS[c]) * ec[c];
                for (int u = 0; u < S; u++) {
                    gC[c * S + u] += esc * tC[c * S + u];
                    gIn[j * S + u] += esc * tIn[c * S + u];
                    if (cfg.forgetGate()) gPhi[j * S + u] += esc * tPhi[c * S + u];
                }
            }
        }
    }

    /** w ← w − lr·∂E/∂w for every trainable weight, zeroing the gradients as it goes. */
    @Override
    public void applyGradient(double lr) {
        if (activeBlocks < nB) zeroAbsentGradients();
        SparseSources.updateRows(wIn, gIn, S, trainIn, lr); SparseSources.updateRows(wOut, gOut, S, trainIn, lr);
        SparseSources.updateRows(wPhi, gPhi, S, trainIn, lr); SparseSources.updateRows(wC, gC, S, trainC, lr);
        zos.update(wK, gK, trainK, lr);   // output weights: only the columns whose source was non-zero since the last update
    }

    private void zeroAbsentGradients() {
        int j0 = activeBlocks, c0 = activeBlocks * nS;
        Arrays.fill(gIn, j0 * S, gIn.length, 0);
        if (gOut.length > 0) Arrays.fill(gOut, j0 * S, gOut.length, 0);
        if (gPhi.length > 0) Arrays.fill(gPhi, j0 * S, gPhi.length, 0);
        Arrays.fill(gC, c0 * S, gC.length, 0);
        for (int k = 0; k < nOut; k++) for (int c = c0; c < nC; c++) gK[k * So + c] = 0;
    }

    /**
     * Trains on one sequence as the paper does: reset, then at every step forward, traces, and an
     * update after each step that has a target (online), or one update at the end. Targets: one row
     * per step, null for steps without error. Returns the summed loss.
     */
    public double trainSequence(double[][] xs, double[][] targets, double lr, boolean updateAtSequenceEnd) {
        reset();
        zeroGrad();
        double loss = 0;
        for (int t = 0; t < xs.length; t++) {
            step(xs[t], targets[t]);
            if (targets[t] != null) {
                loss += lastLoss(targets[t]);
                if (!updateAtSequenceEnd) applyGradient(lr);
            }
        }
        if (updateAtSequenceEnd) applyGradient(lr);
        return loss;
    }

    /** The first output of the last step computed (after {@link #trainSequence}, the sequence's final prediction). */
    public double predictLast() { return y[0]; }

    /** Outputs for every step of a sequence from a reset state, without learning (the current state is kept). */
    @Override
    public double[][] predict(double[][] xs) {
        double[][] saved = saveState();
        reset();
        double[][] out = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            forwardCore(xs[t], hidden.clone());
            out[t] = y.clone();
        }
        restoreState(saved);
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Reference: the same truncated gradient by backpropagation through the stored sequence.

    /** Per-step values kept for the reference backward pass. */
    private record StepCache(double[] z, double[] zo, double[] y, double[] yIn, double[] yOut, double[] yPhi,
                             double[] gAct, double[] gDeriv, double[] sPrev, double[] hS, double[] hidden) {}

    /**
     * Summed loss of a sequence from a reset state. With {@code frozenHidden} non-null, the recurrent
     * inputs of step t are frozenHidden[t] instead of the net's own previous activations: the function
     * whose exact derivative is the truncated gradient (so finite differences of it check both algorithms).
     */
    public double sequenceLoss(double[][] xs, double[][] targets, double[][] frozenHidden) {
        reset();
        double loss = 0;
        for (int t = 0; t < xs.length; t++) {
            forwardCore(xs[t], frozenHidden != null ? frozenHidden[t] : hidden.clone());
            if (targets[t] != null) loss += lastLoss(targets[t]);
        }
        return loss;
    }

    /** The recurrent inputs each step saw in an unmodified forward pass (for {@link #sequenceLoss} with frozen inputs). */
    public double[][] recurrentInputs(double[][] xs) {
        reset();
        double[][] r = new double[xs.length][];
        for (int t = 0; t < xs.length; t++) {
            r[t] = hidden.clone();
            forwardCore(xs[t], hidden.clone());
        }
        return r;
    }

    /** ∂E/∂w of the summed sequence loss with the recurrent paths into gates and cell inputs cut; into the gradient arrays. */
    public void truncatedBpttGradient(double[][] xs, double[][] targets) {
        reset();
        zeroGrad();
        StepCache[] cache = new StepCache[xs.length];
        for (int t = 0; t < xs.length; t++) {
            double[] prev = hidden.clone();
            forwardCore(xs[t], prev);
            cache[t] = new StepCache(z.clone(), zo.clone(), y.clone(), yIn.clone(), yOut.clone(), yPhi.clone(),
                    netCAct.clone(), netCDeriv.clone(), sPrev.clone(), hS.clone(), prev);
        }
        double[] esNext = new double[nC];
        Activation h = cfg.cellOutput();
        for (int t = xs.length - 1; t >= 0; t--) {
            StepCache k = cache[t];
            double[] ec = new double[nC];
            if (targets[t] != null) {
                for (int o = 0; o < nOut; o++) {
                    if (Double.isNaN(targets[t][o])) continue;
                    double dk = (k.y()[o] - targets[t][o]) * cfg.outputActivation().derivFromOutput(k.y()[o]);
                    for (int v = 0; v < So; v++) gK[o * So + v] += dk * k.zo()[v];
                    for (int c = 0; c < nC; c++) ec[c] += wK[o * So + c] * dk;
                }
            }
            double[] es = new double[nC];
            for (int j = 0; j < nB; j++) {
                double sumOut = 0, sumIn = 0, sumPhi = 0;
                for (int c = j * nS; c < (j + 1) * nS; c++) {
                    sumOut += k.hS()[c] * ec[c];
                    // CEC: ∂s(t+1)/∂s(t) = y_φ(t+1)
                    double phiNext = t + 1 < xs.length ? cache[t + 1].yPhi()[j] : 0;
                    es[c] = k.yOut()[j] * h.derivFromOutput(k.hS()[c]) * ec[c] + phiNext * esNext[c];
                    double dC = es[c] * k.yIn()[j] * k.gDeriv()[c];
                    for (int u = 0; u < S; u++) gC[c * S + u] += dC * k.z()[u];
                    sumIn += es[c] * k.gAct()[c];
                    sumPhi += es[c] * k.sPrev()[c];
                }
                double dIn = k.yIn()[j] * (1 - k.yIn()[j]) * sumIn;
                for (int u = 0; u < S; u++) gIn[j * S + u] += dIn * k.z()[u];
                if (cfg.outputGate()) {
                    double dOut = k.yOut()[j] * (1 - k.yOut()[j]) * sumOut;
                    for (int u = 0; u < S; u++) gOut[j * S + u] += dOut * k.z()[u];
                }
                if (cfg.forgetGate()) {
                    double dPhi = k.yPhi()[j] * (1 - k.yPhi()[j]) * sumPhi;
                    for (int u = 0; u < S; u++) gPhi[j * S + u] += dPhi * k.z()[u];
                }
            }
            esNext = es;
        }
        zos.markAll();   // dense gK: every column for applyGradient
    }

    /**
     * The 1997 learning rule's error flow: a unit error on the outputs at the last step enters the cell
     * states as e_s(T−1) and flows back only through the CEC, e_s(t−1) = y_φ(t)·e_s(t) (= e_s(t) without
     * forget gate). Returns ‖e_s(T−1−q)‖ for q = 1..maxLag.
     */
    public double[] cecErrorFlow(double[][] xs, int maxLag) {
        int T = xs.length;
        if (maxLag < 1 || maxLag >= T) throw new IllegalArgumentException("lags must be in [1, " + (T - 1) + "], got " + maxLag);
        reset();
        double[][] phi = new double[T][];
        for (int t = 0; t < T; t++) { forwardCore(xs[t], hidden.clone()); phi[t] = yPhi.clone(); }
        double[] ec = new double[nC], e = new double[nC];
        for (int k = 0; k < nOut; k++) {
            double dk = cfg.outputActivation().derivFromOutput(y[k]) / Math.sqrt(nOut);
            for (int c = 0; c < nC; c++) ec[c] += wK[k * So + c] * dk;
        }
        for (int c = 0; c < nC; c++) e[c] = yOut[c / nS] * cfg.cellOutput().derivFromOutput(hS[c]) * ec[c];
        double[] out = new double[maxLag];
        for (int q = 1; q <= maxLag; q++) {
            int t = T - q;   // e_s(t−1) = y_φ(t) e_s(t)
            double n = 0;
            for (int c = 0; c < nC; c++) { e[c] *= phi[t][c / nS]; n += e[c] * e[c]; }
            out[q - 1] = Math.sqrt(n);
        }
        return out;
    }

    /** All weights in one flat view, in a fixed order: input gates, output gates, forget gates, cells, outputs. */
    public double[][] weightArrays() { return new double[][]{wIn, wOut, wPhi, wC, wK}; }

    /** The gradient arrays matching {@link #weightArrays()}. */
    public double[][] gradientArrays() { return new double[][]{gIn, gOut, gPhi, gC, gK}; }

    /** Bytes of weights, gradients and traces: O(W), independent of sequence length. */
    public long stateBytes() {
        long n = 0;
        for (double[] a : new double[][]{wIn, wOut, wPhi, wC, wK, gIn, gOut, gPhi, gC, gK, tC, tIn, tPhi, s, hidden}) n += a.length;
        return 8 * n;
    }
}
