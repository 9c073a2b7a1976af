package carousel.online;

import carousel.tensor.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RTRL's forward-in-time gradient equals BPTT's and finite differences; weight counts are the paper's. */
class RtrlTest {
    @Test
    void rtrlEqualsBpttEqualsFiniteDifferences() {
        for (Rtrl.Config cfg : new Rtrl.Config[]{new Rtrl.Config(3, 4, 2, true, false, 0.8), new Rtrl.Config(3, 1, 3, false, true, 0.8)})
          for (boolean sparse : new boolean[]{false, true}) {   // sparse: inputs with exact zeros, which the output sums skip
            Rng r = new Rng(8);
            Rtrl net = new Rtrl(cfg, r);
            int T = 8;
            double[][] xs = sparse ? Lstm1997Test.sparseInputs(r, T, cfg.inputs()) : Lstm1997Test.inputs(r, T, cfg.inputs()),
                    ts = Lstm1997Test.targets(r, T, cfg.outputs(), false);
            net.reset(); net.zeroGrad();
            for (int t = 0; t < T; t++) net.step(xs[t], ts[t]);
            double[][] online = Lstm1997Test.copy(net.gradientArrays());
            net.bpttGradient(xs, ts);
            double[][] bptt = Lstm1997Test.copy(net.gradientArrays());
            double[][] w = net.weightArrays();
            double worst = 0;
            for (int a = 0; a < w.length; a++)
                for (int i = 0; i < w[a].length; i++) {
                    assertEquals(bptt[a][i], online[a][i], 1e-12 + 1e-9 * Math.abs(bptt[a][i]), "array " + a + " [" + i + "]");
                    double orig = w[a][i];
                    w[a][i] = orig + 1e-5; double plus = net.sequenceLoss(xs, ts);
                    w[a][i] = orig - 1e-5; double minus = net.sequenceLoss(xs, ts);
                    w[a][i] = orig;
                    double num = (plus - minus) / 2e-5;
                    worst = Math.max(worst, Math.abs(num - bptt[a][i]) / Math.max(Math.abs(num) + Math.abs(bptt[a][i]), 1e-4));
                }
            assertTrue(worst < 1e-6, "worst relative error " + worst);
        }
    }

    @Test
    void updateIsPlainGradientDescent() {
        // the output-weight update skips columns whose source stayed zero; it must still be w − lr·g
        for (Rtrl.Config cfg : new Rtrl.Config[]{new Rtrl.Config(3, 4, 2, true, false, 0.8), new Rtrl.Config(5, 1, 3, false, true, 0.8)}) {
            Rng r = new Rng(9);
            Rtrl net = new Rtrl(cfg, r);
            double[][] xs = Lstm1997Test.sparseInputs(r, 6, cfg.inputs()), ts = Lstm1997Test.targets(r, 6, cfg.outputs(), true);
            net.reset(); net.zeroGrad();
            for (int t = 0; t < xs.length; t++) net.step(xs[t], ts[t]);
            double[][] w0 = Lstm1997Test.copy(net.weightArrays()), g = Lstm1997Test.copy(net.gradientArrays());
            net.applyGradient(0.3);
            int S = cfg.inputs() + cfg.hidden() + 1, So = cfg.hidden() + (cfg.outputsSeeInputs() ? cfg.inputs() : 0) + 1;
            for (int a = 0; a < 2; a++)
                for (int i = 0; i < w0[a].length; i++) {
                    boolean trainable = cfg.biases() || i % (a == 0 ? S : So) != (a == 0 ? S : So) - 1;
                    assertEquals(trainable ? w0[a][i] - 0.3 * g[a][i] : w0[a][i], net.weightArrays()[a][i], 1e-15, "array " + a + " [" + i + "]");
                    assertEquals(0.0, net.gradientArrays()[a][i]);
                }
        }
    }

    @Test
    void weightCountsOfTable2() {
        // Exp. 2a: 1 self-recurrent hidden unit, p+1 inputs and outputs, outputs see the inputs, no biases
        assertEquals(36, new Rtrl.Config(5, 1, 5, false, true, 0.2).weightCount());
        assertEquals(144, new Rtrl.Config(11, 1, 11, false, true, 0.2).weightCount());
        assertEquals(10404, new Rtrl.Config(101, 1, 101, false, true, 0.2).weightCount());
    }
}
