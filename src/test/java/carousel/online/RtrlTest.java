package carousel.online;

import carousel.tensor.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RTRL's forward-in-time gradient equals BPTT's and finite differences; weight counts are the paper's. */
class RtrlTest {
    @Test
    void rtrlEqualsBpttEqualsFiniteDifferences() {
        for (Rtrl.Config cfg : new Rtrl.Config[]{new Rtrl.Config(3, 4, 2, true, false, 0.8), new Rtrl.Config(3, 1, 3, false, true, 0.8)}) {
            Rng r = new Rng(8);
            Rtrl net = new Rtrl(cfg, r);
            int T = 8;
            double[][] xs = Lstm1997Test.inputs(r, T, cfg.inputs()), ts = Lstm1997Test.targets(r, T, cfg.outputs(), false);
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
    void weightCountsOfTable2() {
        // Exp. 2a: 1 self-recurrent hidden unit, p+1 inputs and outputs, outputs see the inputs, no biases
        assertEquals(36, new Rtrl.Config(5, 1, 5, false, true, 0.2).weightCount());
        assertEquals(144, new Rtrl.Config(11, 1, 11, false, true, 0.2).weightCount());
        assertEquals(10404, new Rtrl.Config(101, 1, 101, false, true, 0.2).weightCount());
    }
}
