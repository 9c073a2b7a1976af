package carousel.lag;

import carousel.online.Lstm1997;
import carousel.online.Lstm1997Config;
import carousel.model.SequenceModel;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three regimes of the seed's argument, measured: vanishing below 1, exploding above 1, constant through the CEC. */
class GradientFlowTest {
    static Tensor input(int T, int I) {
        Tensor x = Tensor.f64(T, 1, I);
        new Rng(3).fillUniform(x, 0.1);
        return x;
    }

    @Test
    void rnnErrorVanishesOrExplodesWithTheStepFactor() {
        Tensor x = input(41, 4);
        GradientFlow.Curve small = GradientFlow.measure("0.5", GradientFlow.rnnWithRecurrentScale(4, 16, carousel.tensor.Activation.TANH, 0.5, new Rng(1)), x, 40);
        GradientFlow.Curve large = GradientFlow.measure("1.5", GradientFlow.rnnWithRecurrentScale(4, 16, carousel.tensor.Activation.TANH, 1.5, new Rng(1)), x, 40);
        assertEquals(0.5, small.meanStepFactor(), 0.05);
        assertTrue(large.meanStepFactor() > 1.2, "step factor " + large.meanStepFactor());
        assertTrue(small.hNorm()[39] < 1e-9 * small.hNorm()[0], "scale 0.5 must vanish: " + small.hNorm()[39]);
        assertTrue(large.hNorm()[39] > 10 * large.hNorm()[0], "scale 1.5 must explode: " + large.hNorm()[39]);
        // the decay per step follows the step factor: 40 steps of 0.5 is about 1e-12
        double perStep = Math.pow(small.hNorm()[39] / small.hNorm()[9], 1.0 / 30);
        assertEquals(small.meanStepFactor(), perStep, 0.1);
    }

    @Test
    void theCecCarriesTheTruncatedErrorUnchanged() {
        Tensor x = input(51, 4);
        Lstm1997 net = new Lstm1997(Lstm1997Config.paper(4, 1, 2, 2, 0.1), new Rng(2));
        GradientFlow.Curve c = GradientFlow.measure1997("1997", net, x, 50);
        for (int q = 0; q < 50; q++) assertEquals(c.cNorm()[0], c.cNorm()[q], 1e-15 + 1e-12 * c.cNorm()[0]);
        assertTrue(c.cNorm()[0] > 0);
        Lstm1997 forget = new Lstm1997(Lstm1997Config.paper(4, 1, 2, 2, 0.1).withForgetGate(true), new Rng(2));
        GradientFlow.Curve f = GradientFlow.measure1997("forget", forget, x, 50);
        assertTrue(f.cNorm()[49] < 0.01 * f.cNorm()[0], "a half-open forget gate lets the error decay");
    }

    @Test
    void refusesFloat32AndBadLags() {
        SequenceModel m32 = new SequenceModel(carousel.model.ModelConfig.rnn(4, 4, 1, carousel.tensor.Activation.TANH, false, 1), carousel.tensor.DType.F32);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> GradientFlow.measure("x", m32, input(5, 4).to(carousel.tensor.DType.F32), 3));
        SequenceModel m = GradientFlow.rnnWithRecurrentScale(4, 4, carousel.tensor.Activation.TANH, 1, new Rng(1));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> GradientFlow.measure("x", m, input(5, 4), 5));
    }
}
