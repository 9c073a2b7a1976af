package carousel.lag;

import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.tensor.Backend;
import carousel.tensor.Bf16Blas;
import carousel.tensor.DType;
import carousel.tensor.Products;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Adam;
import carousel.train.Batch;
import carousel.train.LearningRate;
import carousel.train.Trainer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AddingProblemLearningTest {
    @Test
    void targetsFollowTheDefinition() {
        Batch b = new AddingProblem(30).batch(new Rng(4), 8);
        for (int s = 0; s < 8; s++) {
            int len = b.lengths()[s], marked = 0;
            boolean firstMarked = b.x().get(s * 2 + 1) != -1;
            assertTrue(!firstMarked, "the first pair always carries -1");
            double sum = 0;
            assertTrue(len >= 30 && len <= 33, "length " + len);
            for (int t = 0; t < len; t++) {
                double v = b.x().get((t * 8 + s) * 2), m = b.x().get((t * 8 + s) * 2 + 1);
                assertTrue(v >= -1 && v <= 1);
                if (m == 1) { marked++; if (t > 0) sum += v; }
                else if (t == 0 || t == len - 1) assertEquals(-1.0, m, "first and last pairs carry marker -1");
            }
            assertTrue(marked == 1 || marked == 2, "one or two marked pairs (one when X1 falls on the first pair)");
            assertEquals(0.5 + sum / 4, b.valueTargets().get((len - 1) * 8 + s), 1e-6);
        }
    }

    /** A short adding problem (T = 20) must be solved by an LSTM with BPTT and Adam within a small budget. */
    @Test
    void lstmLearnsShortAddingProblem() {
        learnShortAddingProblem(Products.F32);
    }

    /**
     * The same with the whole-chunk products in bf16 (input products, output layer, weight gradients:
     * operands rounded to bfloat16), the targets' tolerance of 0.04 unchanged; needs oneDNN's bf16
     * product (libdnnl.so.2 and AVX512-BF16).
     */
    @Test
    void lstmLearnsShortAddingProblemWithBf16Products() {
        assumeTrue(Backend.products(Products.BF16) instanceof Bf16Blas, "bf16 products not available here (oneDNN, AVX512-BF16)");
        learnShortAddingProblem(Products.BF16);
    }

    private static void learnShortAddingProblem(Products products) {
        AddingProblem task = new AddingProblem(20);
        Rng rng = new Rng(3);
        SequenceModel m = new SequenceModel(ModelConfig.lstm(2, 16, 1, 0, false, 1), DType.F32);
        m.initialize(rng, 0.25, new double[]{0, 2, 0, 0});
        Trainer tr = new Trainer(m, new Adam(), LearningRate.constant(0.01), new Trainer.Clipping(1.0, 0), products);
        Batch test = task.batch(new Rng(99), 500);
        int best = 0;
        for (int step = 1; step <= 4000 && best < 490; step++) {
            tr.step(task.batch(rng, 16), null);
            if (step % 250 == 0) {
                Tensor out = m.forward(m.newCache(), test.x(), test.steps(), test.batch(), test.lengths(), null);
                best = Math.max(best, AddingProblem.correct(out, test));
            }
        }
        assertTrue(best >= 490, "adding problem T=20 not learned with " + products.configName() + " products: best " + best + "/500 correct");
    }
}
