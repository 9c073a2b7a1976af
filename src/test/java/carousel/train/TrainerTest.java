package carousel.train;

import carousel.layer.Param;
import carousel.loss.Frames;
import carousel.loss.SoftmaxCrossEntropy;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Iterator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Trainer#update()} is the update half of {@link Trainer#step}: gradients put in the parameters by any means are clipped and applied alike. */
class TrainerTest {
    static SequenceModel model() {
        SequenceModel m = new SequenceModel(ModelConfig.lstm(3, 5, 1, 0, false, 4), DType.F32);
        m.initialize(new Rng(3), 0.5, null);
        return m;
    }

    static Batch batch() {
        Rng rng = new Rng(9);
        int T = 6, B = 2;
        Tensor x = Tensor.f32(T, B, 3);
        rng.fillUniform(x, 1);
        int[] y = new int[T * B];
        for (int i = 0; i < y.length; i++) y[i] = rng.nextInt(4);
        return new Batch(x, T, B, null, y, null, Frames.ALL);
    }

    @Test
    void updateAfterAnOutsideBackwardEqualsStep() {
        Batch b = batch();
        Trainer viaStep = new Trainer(model(), new Adam(), LearningRate.constant(0.05), new Trainer.Clipping(0.1, 0));
        viaStep.step(b, null);

        SequenceModel m = model();
        Trainer viaUpdate = new Trainer(m, new Adam(), LearningRate.constant(0.05), new Trainer.Clipping(0.1, 0));
        m.zeroGrad();
        SequenceModel.Cache cache = m.newCache();
        Tensor logits = m.forward(cache, b.x(), b.steps(), b.batch(), null, null);
        Tensor d = m.ops().zeros(logits.shape);
        new SoftmaxCrossEntropy().compute(m.ops(), logits, b.steps(), b.batch(), 4, b.classTargets(), null, Frames.ALL, d);
        m.backward(cache, d, null, null, null);
        viaUpdate.update();

        assertTrue(viaStep.lastGradientNorm() > 0.1, "the global-norm clip is active: norm " + viaStep.lastGradientNorm());
        // equal to rounding only: the JIT may compile a Vector API kernel between the two runs (last-bit differences)
        assertEquals(viaStep.lastGradientNorm(), viaUpdate.lastGradientNorm(), 1e-6 * viaStep.lastGradientNorm());
        assertEquals(1, viaUpdate.optimizer().steps());
        Iterator<Param> it = viaUpdate.model().params().values().iterator();
        for (Param p : viaStep.model().params().values()) {
            Param q = it.next();
            for (int i = 0; i < p.value().size(); i++)
                assertEquals(p.value().f[i], q.value().f[i], 1e-6f, p.name() + "[" + i + "]");
        }
    }

    @Test
    void updateRefusesANonFiniteGradientAndLeavesTheWeights() {
        SequenceModel m = model();
        Trainer t = new Trainer(m, new Sgd(0, 0), LearningRate.constant(0.1), Trainer.Clipping.NONE);
        m.zeroGrad();
        float before = m.params().get("output.bias").value().f[0];
        m.params().get("lstm.weight_hh_l0").grad().f[7] = Float.NaN;
        Trainer.NonFiniteException e = assertThrows(Trainer.NonFiniteException.class, t::update);
        assertTrue(e.getMessage().contains("lstm.weight_hh_l0"), e.getMessage());
        assertEquals(before, m.params().get("output.bias").value().f[0]);
        assertEquals(0, t.optimizer().steps());
    }
}
