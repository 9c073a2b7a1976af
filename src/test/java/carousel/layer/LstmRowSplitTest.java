package carousel.layer;

import carousel.tensor.Activation;
import carousel.tensor.Backend;
import carousel.tensor.DType;
import carousel.tensor.Ops;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 LSTM splits its batch rows between threads for the time loops (packed per-step
 * products, peephole gradients summed per range): outputs, final states and every gradient, with
 * ragged lengths and every option, equal the float64 reference, which never splits.
 */
class LstmRowSplitTest {
    private final int threadsBefore = Backend.configuredThreads();

    @AfterEach
    void restoreThreads() { Backend.threads(threadsBefore); }

    @Test
    void splitBatchEqualsReference() {
        for (String threads : new String[]{"1", "2", "3"}) {
            Backend.threads(Integer.parseInt(threads));
            int B = 19, T = 11;
            int expectedParts = Math.min(Integer.parseInt(threads), B / 8);
            assertEquals(expectedParts, Ops.of(DType.F32).rowParts(B), "row parts with " + threads + " threads");
            for (Lstm.Config cfg : new Lstm.Config[]{
                    Lstm.Config.standard(6, 20).withProjection(9).withNonRecurrentProjection(4).withPeepholes(true),
                    Lstm.Config.standard(5, 17).withForgetGate(false).withPeepholes(true)
                            .withActivations(Activation.SIGMOID, Activation.SIGMOID4, Activation.SIGMOID2).withCellClip(0.9f),
                    Lstm.Config.standard(7, 33)})
                compare(cfg, T, B, "threads " + threads + ", " + cfg);
        }
    }

    private static void compare(Lstm.Config cfg, int T, int B, String what) {
        Lstm ref = new Lstm(cfg, Ops.of(DType.F64)), fast = new Lstm(cfg, Ops.of(DType.F32));
        ref.initialize(new Rng(31), 0.4, null);
        for (int i = 0; i < ref.params().size(); i++) fast.params().get(i).value().copyFrom(ref.params().get(i).value());
        int[] lengths = new int[B];
        for (int b = 0; b < B; b++) lengths[b] = b % 5 == 0 ? T : 1 + (b * 7) % T;
        Rng r = new Rng(32);
        Tensor x = Tensor.f64(T, B, cfg.inputSize()), dy = Tensor.f64(T, B, cfg.outputSize());
        r.fillUniform(x, 1); r.fillUniform(dy, 1);
        Tensor[] init = {Tensor.f64(B, cfg.recurrentSize()), Tensor.f64(B, cfg.hiddenSize())};
        Tensor[] dFinal = {Tensor.f64(B, cfg.recurrentSize()), Tensor.f64(B, cfg.hiddenSize())};
        for (Tensor t : init) r.fillUniform(t, 0.5);
        for (Tensor t : dFinal) r.fillUniform(t, 0.5);

        SequenceLayer.Cache kr = ref.newCache(), kf = fast.newCache();
        Tensor yr = ref.forward(kr, x, T, B, lengths, init);
        Tensor yf = fast.forward(kf, x.to(DType.F32), T, B, lengths, new Tensor[]{init[0].to(DType.F32), init[1].to(DType.F32)});
        assertClose(yr, yf, 1e-5, "y, " + what);
        for (int p = 0; p < 2; p++) assertClose(ref.finalState(kr)[p], fast.finalState(kf)[p], 1e-5, "final state " + p + ", " + what);

        Tensor dxr = Tensor.f64(T, B, cfg.inputSize()), dxf = Tensor.f32(T, B, cfg.inputSize());
        Tensor[] dInitR = {Tensor.f64(B, cfg.recurrentSize()), Tensor.f64(B, cfg.hiddenSize())};
        Tensor[] dInitF = {Tensor.f32(B, cfg.recurrentSize()), Tensor.f32(B, cfg.hiddenSize())};
        ref.backward(kr, dy, dFinal, dxr, dInitR);
        fast.backward(kf, dy.to(DType.F32), new Tensor[]{dFinal[0].to(DType.F32), dFinal[1].to(DType.F32)}, dxf, dInitF);
        assertClose(dxr, dxf, 1e-4, "dx, " + what);
        for (int p = 0; p < 2; p++) assertClose(dInitR[p], dInitF[p], 1e-4, "d initial state " + p + ", " + what);
        for (int i = 0; i < ref.params().size(); i++) {
            Param pr = ref.params().get(i), pf = fast.params().get(i);
            assertTrue(pr.grad().size() > 0);
            assertClose(pr.grad(), pf.grad(), 1e-4, "d" + pr.name() + ", " + what);
        }
    }

    private static void assertClose(Tensor ref, Tensor got, double tol, String what) {
        assertEquals(ref.size(), got.size(), what);
        for (int i = 0; i < ref.size(); i++)
            assertEquals(ref.get(i), got.get(i), tol * (1 + Math.abs(ref.get(i))), what + " [" + i + "]");
    }
}
