package carousel.model;

import carousel.layer.Param;
import carousel.loss.Frames;
import carousel.loss.SoftmaxCrossEntropy;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The float32 fast path (BLAS, Vector API) gives the float64 reference's outputs and gradients on long, padded batches. */
class PrecisionTest {
    @Test
    void float32MatchesFloat64OnLongPaddedSequences() {
        for (ModelConfig cfg : new ModelConfig[]{
                ModelConfig.lstm(5, 19, 2, 7, true, 6),
                ModelConfig.lstm(5, 16, 1, 0, false, 3).withLstmOptions(false, true, carousel.tensor.Activation.SIGMOID,
                        carousel.tensor.Activation.SIGMOID4, carousel.tensor.Activation.SIGMOID2, 0f, 0),
                ModelConfig.rnn(5, 12, 2, carousel.tensor.Activation.TANH, false, 4)}) {
            int T = 60, B = 4;
            int[] lengths = {60, 13, 55, 1};
            SequenceModel m64 = new SequenceModel(cfg, DType.F64), m32 = new SequenceModel(cfg, DType.F32);
            m64.initialize(new Rng(9), 0.3, null);
            for (String n : m64.params().keySet()) m32.params().get(n).value().copyFrom(m64.params().get(n).value());
            Tensor x = Tensor.f64(T, B, 5);
            new Rng(10).fillUniform(x, 1);
            int[] labels = new int[T * B];
            Rng r = new Rng(11);
            for (int i = 0; i < labels.length; i++) labels[i] = r.nextInt(cfg.outputSize());
            SequenceModel.Cache c64 = m64.newCache(), c32 = m32.newCache();
            Tensor y64 = m64.forward(c64, x, T, B, lengths, null), y32 = m32.forward(c32, x.to(DType.F32), T, B, lengths, null);
            for (int i = 0; i < y64.size(); i++) assertEquals(y64.get(i), y32.get(i), 1e-4, cfg.cell() + " output " + i);
            Tensor d64 = Tensor.f64(y64.shape), d32 = Tensor.f32(y32.shape);
            new SoftmaxCrossEntropy().compute(m64.ops(), y64, T, B, cfg.outputSize(), labels, lengths, Frames.ALL, d64);
            new SoftmaxCrossEntropy().compute(m32.ops(), y32, T, B, cfg.outputSize(), labels, lengths, Frames.ALL, d32);
            m64.zeroGrad(); m32.zeroGrad();
            m64.backward(c64, d64, null, null, null);
            m32.backward(c32, d32, null, null, null);
            for (Param p : m64.params().values()) {
                Tensor g32 = m32.params().get(p.name()).grad();
                for (int i = 0; i < g32.size(); i++)
                    assertEquals(p.grad().get(i), g32.get(i), 1e-5 + 1e-3 * Math.abs(p.grad().get(i)), p.name() + "[" + i + "]");
            }
        }
    }
}
