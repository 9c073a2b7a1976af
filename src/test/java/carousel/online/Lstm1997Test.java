package carousel.online;

import carousel.tensor.Activation;
import carousel.tensor.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 1997 online algorithm's gradient (RTRL-style traces through the CEC) equals backpropagation
 * through time on the same net with the recurrent paths into gates and cell inputs cut, and both equal
 * finite differences of the loss with those recurrent inputs frozen.
 */
class Lstm1997Test {
    static List<Lstm1997Config> configs() {
        Lstm1997Config paper = Lstm1997Config.paper(3, 2, 2, 2, 0.5);
        return List.of(
                paper,
                paper.withForgetGate(true).withGateBiases(new double[]{-1, -2}, new double[]{-1}, new double[]{1, 2}),
                paper.withOutputGate(false).withSquashing(Activation.SIGMOID, Activation.IDENTITY, true),
                paper.withBiases(true, false, false),
                Lstm1997Config.paper(3, 2, 3, 1, 0.5).withForgetGate(true).withBiases(false, false, true),
                paper.withHiddenRecurrence(false).withOutputGate(false));
    }

    static double[][] inputs(Rng r, int T, int n) {
        double[][] x = new double[T][n];
        for (double[] row : x) for (int i = 0; i < n; i++) row[i] = r.uniform(-1, 1);
        return x;
    }

    /** Inputs with exact zeros (local codes), which the net's products skip: about half the entries, and whole zero rows. */
    static double[][] sparseInputs(Rng r, int T, int n) {
        double[][] x = inputs(r, T, n);
        for (int t = 0; t < T; t++) for (int i = 0; i < n; i++) if (t % 4 == 3 || r.uniform(0, 1) < 0.5) x[t][i] = 0;
        return x;
    }

    static double[][] targets(Rng r, int T, int n, boolean everyStep) {
        double[][] t = new double[T][];
        for (int s = 0; s < T; s++) {
            if (!everyStep && s != T - 1 && s != T / 2) continue;
            t[s] = new double[n];
            for (int i = 0; i < n; i++) t[s][i] = r.uniform(0.1, 0.9);
        }
        return t;
    }

    @Test
    void onlineTracesEqualTruncatedBpttEqualFiniteDifferences() {
        int cfgIndex = 0;
        for (Lstm1997Config cfg : configs()) {
            for (int variant = 0; variant < 3; variant++) {
                boolean everyStep = variant != 1, sparse = variant == 2;
                Rng r = new Rng(100 + cfgIndex);
                Lstm1997 net = new Lstm1997(cfg, r);
                int T = 9;
                double[][] xs = sparse ? sparseInputs(r, T, cfg.inputs()) : inputs(r, T, cfg.inputs()), ts = targets(r, T, cfg.outputs(), everyStep);

                // online algorithm, gradient accumulated over the sequence without updates
                net.reset();
                net.zeroGrad();
                for (int t = 0; t < T; t++) net.step(xs[t], ts[t]);
                double[][] online = copy(net.gradientArrays());

                net.truncatedBpttGradient(xs, ts);
                double[][] bptt = copy(net.gradientArrays());

                double[][] frozen = net.recurrentInputs(xs);
                double[][] w = net.weightArrays();
                double worst = 0, maxAbs = 0;
                for (int a = 0; a < w.length; a++)
                    for (int i = 0; i < w[a].length; i++) {
                        assertEquals(bptt[a][i], online[a][i], 1e-12 + 1e-9 * Math.abs(bptt[a][i]), "config " + cfgIndex + " array " + a + " [" + i + "]");
                        double orig = w[a][i], eps = 1e-5;
                        w[a][i] = orig + eps;
                        double plus = net.sequenceLoss(xs, ts, frozen);
                        w[a][i] = orig - eps;
                        double minus = net.sequenceLoss(xs, ts, frozen);
                        w[a][i] = orig;
                        double num = (plus - minus) / (2 * eps);
                        worst = Math.max(worst, Math.abs(num - bptt[a][i]) / Math.max(Math.abs(num) + Math.abs(bptt[a][i]), 1e-4));
                        maxAbs = Math.max(maxAbs, Math.abs(bptt[a][i]));
                    }
                assertTrue(worst < 1e-6, "config " + cfgIndex + ": worst relative error against finite differences " + worst);
                assertTrue(maxAbs > 1e-4, "gradient should not vanish");
            }
            cfgIndex++;
        }
    }

    /**
     * The order within a step (Sec. 5: "in slight deviation from the notation in Appendix A1"): set the
     * input units, compute gates and cells, then the outputs, all in the same step. So the input of
     * step t reaches the output of step t through the cell (the outputs here do not see the inputs),
     * and the error of step t reaches the cell's weights from x(t) through the trace ∂s/∂w. Read
     * literally, the appendix computes everything from y(t−1): y(0) would not depend on x(0) and these
     * derivatives would be 0.
     */
    @Test
    void theInputReachesTheOutputInTheSameStepForwardAndInTheTruncatedDerivatives() {
        Lstm1997Config cfg = Lstm1997Config.paper(2, 1, 1, 1, 0.5);   // hidden: in gate, out gate, cell; sources [x0, x1, 3 hidden, 1]
        Lstm1997 net = new Lstm1997(cfg, new Rng(21));
        double[][] w = net.weightArrays();
        double[] wIn = w[0], wOut = w[1], wC = w[3], wK = w[4];
        double[] x = {1, 0}, target = {0.3};
        int S = cfg.sources();
        assertEquals(6, S);
        // by hand, from a reset state: z = [x(0), 0, 0, 0, 1]
        double[] z = {x[0], x[1], 0, 0, 0, 1};
        double yIn = Activation.sigmoid(dot(wIn, 0, z)), yOut = Activation.sigmoid(dot(wOut, 0, z));
        double g = Activation.SIGMOID4.apply(dot(wC, 0, z)), s = yIn * g, hs = Activation.SIGMOID2.apply(s), yc = yOut * hs;
        double y = Activation.sigmoid(wK[0] * yc + wK[1]);
        net.reset();
        net.zeroGrad();
        assertEquals(y, net.step(x, target)[0], 1e-15, "y(0) from x(0) through the cell, in one step");
        // the truncated derivative of E(0) = ½(y − t)² by the cell's weight from x0: through s(0), not zero
        double dk = (y - target[0]) * y * (1 - y);
        double expected = dk * wK[0] * yOut * Activation.SIGMOID2.derivFromOutput(hs) * yIn * Activation.SIGMOID4.derivFromOutput(g) * x[0];
        double got = net.gradientArrays()[3][0];
        assertEquals(expected, got, 1e-15);
        assertTrue(Math.abs(got) > 1e-4, "the same step's error reaches the weight from the same step's input: " + got);
        assertEquals(0.0, net.gradientArrays()[3][1], "x1 = 0 contributes nothing");
        // and the output moves with x(0)
        net.reset();
        double other = net.step(new double[]{-1, 0}, null)[0];
        assertNotEquals(y, other);
    }

    private static double dot(double[] w, int off, double[] z) {
        double s = 0;
        for (int i = 0; i < z.length; i++) s += w[off + i] * z[i];
        return s;
    }

    @Test
    void weightCountsMatchThePaper() {
        // Exp. 4 adding: 2 inputs, 1 output, 2 blocks of 2 cells, all non-input units biased: 93 weights
        assertEquals(93, Lstm1997Config.paper(2, 1, 2, 2, 0.1).weightCount());
        // Exp. 1 Reber: 7 in, 7 out, 3 blocks of 2 cells, only gates biased: 276; 4 blocks of 1 cell: 264
        assertEquals(276, Lstm1997Config.paper(7, 7, 3, 2, 0.2).withBiases(true, false, false).weightCount());
        assertEquals(264, Lstm1997Config.paper(7, 7, 4, 1, 0.2).withBiases(true, false, false).weightCount());
        // Exp. 2c: p+4 inputs, 2 outputs, 2 blocks of 1 cell, no biases: 364 at p = 50, 6064 at p = 1000
        assertEquals(364, Lstm1997Config.paper(54, 2, 2, 1, 0.1).withBiases(false, false, false).weightCount());
        assertEquals(6064, Lstm1997Config.paper(1004, 2, 2, 1, 0.1).withBiases(false, false, false).weightCount());
        // Exp. 2a, p = 100: one cell with an input gate, no output gate, only the CEC recurs, outputs see the inputs: 10504
        assertEquals(10504, Lstm1997Config.paper(101, 101, 1, 1, 0.2).withOutputGate(false).withHiddenRecurrence(false)
                .withBiases(false, false, false).withSquashing(carousel.tensor.Activation.SIGMOID, carousel.tensor.Activation.IDENTITY, true).weightCount());
    }

    @Test
    void onlineLearningReducesTheLossOnALongLag() {
        // the two sequences of Exp. 2a with p = 10: the first symbol must be remembered to predict the last
        int p = 10;
        Lstm1997Config cfg = Lstm1997Config.paper(p + 1, p + 1, 1, 1, 0.2).withOutputGate(false)
                .withSquashing(Activation.SIGMOID, Activation.IDENTITY, true);
        Lstm1997 net = new Lstm1997(cfg, new Rng(4));
        Rng r = new Rng(5);
        double first = 0, last = 0;
        for (int n = 0; n < 3000; n++) {
            int end = r.nextInt(2) == 0 ? p - 1 : p;               // symbol x (index p−1) or y (index p)
            double[][] xs = new double[p + 1][p + 1], ts = new double[p + 1][];
            xs[0][end] = 1;
            for (int t = 1; t < p; t++) xs[t][t - 1] = 1;
            xs[p][end] = 1;
            for (int t = 0; t < p; t++) { ts[t] = new double[p + 1]; for (int k = 0; k <= p; k++) ts[t][k] = xs[t + 1][k]; }
            double loss = net.trainSequence(xs, ts, 1.0, false);
            if (n < 100) first += loss;
            if (n >= 2900) last += loss;
        }
        assertTrue(last < 0.2 * first, "online 1997 learning should reduce the loss: first " + first + ", last " + last);
    }

    @Test
    void updateIsPlainGradientDescentOnTheTrainableWeights() {
        // the update skips output-weight columns whose source stayed zero; it must still be w − lr·g everywhere
        for (Lstm1997Config cfg : configs()) {
            Rng r = new Rng(7);
            Lstm1997 net = new Lstm1997(cfg, r);
            double[][] xs = sparseInputs(r, 7, cfg.inputs()), ts = targets(r, 7, cfg.outputs(), true);
            net.reset();
            net.zeroGrad();
            for (int t = 0; t < xs.length; t++) net.step(xs[t], ts[t]);
            double[][] w0 = copy(net.weightArrays()), g = copy(net.gradientArrays());
            double lr = 0.3;
            net.applyGradient(lr);
            double[][] w1 = net.weightArrays();
            boolean moved = false;
            int S = cfg.sources(), So = cfg.outputSources();
            for (int a = 0; a < w0.length; a++)
                for (int i = 0; i < w0[a].length; i++) {
                    // arrays: input, output, forget gates, cells (rows of S), outputs (rows of So); an unbiased unit's bias column never moves
                    boolean biasColumn = a < 4 ? i % S == S - 1 : i % So == So - 1;
                    boolean trainable = !biasColumn || (a < 3 ? cfg.biasGates() : a == 3 ? cfg.biasCells() : cfg.biasOutputs());
                    assertEquals(trainable ? w0[a][i] - lr * g[a][i] : w0[a][i], w1[a][i], 1e-15, "array " + a + " [" + i + "]");
                    assertEquals(0.0, net.gradientArrays()[a][i], "gradient zeroed");
                    moved |= g[a][i] != 0;
                }
            assertTrue(moved);
        }
    }

    @Test
    void blocksNotYetAddedStayOutOfTheNetAndKeepTheirWeights() {
        // sequential construction: with block 1 of 2 absent, training leaves its weights (and the output
        // weights from its cells) as initialised, and the outputs do not depend on them
        Lstm1997Config cfg = Lstm1997Config.paper(4, 3, 2, 2, 0.2);
        Lstm1997 net = new Lstm1997(cfg, new Rng(11));
        net.setActiveBlocks(1);
        double[][] before = copy(net.weightArrays());
        Rng r = new Rng(12);
        double[][] xs = new double[6][4], ts = new double[6][];
        for (int t = 0; t < 6; t++) { xs[t][r.nextInt(4)] = 1; ts[t] = new double[]{r.nextInt(2), 0, 1}; }
        for (int n = 0; n < 20; n++) net.trainSequence(xs, ts, 0.5, false);
        double[][] after = net.weightArrays();
        int S = cfg.sources(), So = cfg.outputSources();
        for (int u = 0; u < S; u++) {
            assertEquals(before[0][S + u], after[0][S + u], "input gate of block 1");
            assertEquals(before[1][S + u], after[1][S + u], "output gate of block 1");
            for (int c = 2; c < 4; c++) assertEquals(before[3][c * S + u], after[3][c * S + u], "cell " + c);
        }
        for (int k = 0; k < 3; k++) for (int c = 2; c < 4; c++) assertEquals(before[4][k * So + c], after[4][k * So + c], "output weight from cell " + c);
        boolean changed = false;
        for (int u = 0; u < S; u++) changed |= before[0][u] != after[0][u];
        assertTrue(changed, "block 0 learns");
        // outputs are independent of the absent block's weights
        double[][] y1 = net.predict(xs);
        for (int i = 0; i < after[3].length; i++) if (i >= 2 * S) after[3][i] += 1.0;
        double[][] y2 = net.predict(xs);
        for (int t = 0; t < 6; t++) assertArrayEquals(y1[t], y2[t], 0.0);
        // once added, the block takes part
        net.setActiveBlocks(2);
        double[][] y3 = net.predict(xs);
        assertNotEquals(y1[5][0], y3[5][0]);
        assertThrows(IllegalArgumentException.class, () -> net.setActiveBlocks(3));
    }

    static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
