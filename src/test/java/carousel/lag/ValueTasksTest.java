package carousel.lag;

import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Experiments 3, 4 and 5: inputs and sequence-end targets recomputed from the generated inputs. */
class ValueTasksTest {
    static float x(Batch b, int t, int s, int i) { return b.x().f[(t * b.batch() + s) * b.inputSize() + i]; }
    static float target(Batch b, int s) { return b.valueTargets().f[(b.lengths()[s] - 1) * b.batch() + s]; }

    @Test
    void addingTargetsAreHalfPlusQuarterOfTheMarkedSum() {
        int T = 40, n = 500;
        AddingProblem task = new AddingProblem(T);
        Batch b = task.trainBatch(new Rng(5), n);
        for (int s = 0; s < n; s++) {
            int len = b.lengths()[s];
            assertTrue(len >= T && len <= T + T / 10);
            double sum = 0;
            int marks = 0, first = -1, second = -1;
            for (int t = 0; t < len; t++) {
                float v = x(b, t, s, 0), m = x(b, t, s, 1);
                assertTrue(v >= -1 && v <= 1);
                if (m == 1f) { marks++; if (first < 0) first = t; else second = t; sum += t == 0 ? 0 : v; }
                else if (t == 0 || t == len - 1) assertEquals(-1f, m);
                else assertEquals(0f, m);
            }
            // a marked first pair keeps its -1 marker (X1 = 0), so one or two pairs carry marker 1
            assertTrue(marks == 1 || marks == 2, "marks " + marks);
            if (marks == 2) assertTrue(first < 10 && second < T / 2 - 1, "X1 among the first 10, X2 among the first T/2-1");
            else assertTrue(first < T / 2 - 1, "X2 among the first T/2-1");
            assertEquals(0.5 + sum / 4, target(b, s), 1e-6);
            for (int t = 0; t < len - 1; t++) assertEquals(0f, b.valueTargets().f[t * n + s]);
        }
        // the static counter the demo uses agrees with the task's per-sequence test
        Tensor out = b.valueTargets().copy();
        out.f[(b.lengths()[0] - 1) * n] += 0.05f;
        assertEquals(n - 1, AddingProblem.correct(out, b));
        assertEquals(b.lengths()[0] - 1, task.firstErrors(out, b)[0]);
    }

    @Test
    void addingErrorReadingIsSquaredOrAbsolute() {
        AddingProblem sq = new AddingProblem(30), abs = new AddingProblem(30, AddingProblem.ErrorReading.ABSOLUTE);
        Batch b = sq.batch(new carousel.tensor.Rng(3), 4);
        carousel.tensor.Tensor out = b.valueTargets().copy();
        for (int s = 0; s < 4; s++) out.f[(b.lengths()[s] - 1) * 4 + s] += 0.02f * (s + 1);
        double[] e2 = sq.errors(out, b), e1 = abs.errors(out, b);
        for (int s = 0; s < 4; s++) {
            assertEquals(0.02 * (s + 1), e1[s], 1e-6);
            assertEquals(e1[s] * e1[s], e2[s], 1e-9);
        }
        assertTrue(abs.stopping().rule().contains("absolute") && sq.stopping().rule().contains("squared"));
    }

    @Test
    void multiplicationTargetsAreTheMarkedProduct() {
        int T = 30, n = 500;
        MultiplicationProblem task = new MultiplicationProblem(T, 140);
        Batch b = task.trainBatch(new Rng(6), n);
        for (int s = 0; s < n; s++) {
            double product = 1;
            for (int t = 0; t < b.lengths()[s]; t++) {
                float v = x(b, t, s, 0);
                assertTrue(v >= 0 && v <= 1);
                if (x(b, t, s, 1) == 1f) product *= t == 0 ? 1.0 : v;
            }
            assertEquals(product, target(b, s), 1e-6);
        }
        Stopping.TrainingWindow w = (Stopping.TrainingWindow) task.stopping();
        assertEquals(139, w.maxWrong(), "fewer than n_seq = 140 wrong");
    }

    @Test
    void twoSequenceProblemCodesTheClassInTheFirstNElements() {
        int T = 50, N = 3, n = 400;
        TwoSequenceProblem a = new TwoSequenceProblem(TwoSequenceProblem.Variant.A, T, N);
        Batch b = a.trainBatch(new Rng(7), n);
        double sumSq = 0;
        long count = 0;
        for (int s = 0; s < n; s++) {
            float sign = x(b, 0, s, 0);
            assertTrue(sign == 1f || sign == -1f);
            for (int t = 0; t < N; t++) assertEquals(sign, x(b, t, s, 0), "noise-free information elements");
            for (int t = N; t < b.lengths()[s]; t++) { sumSq += x(b, t, s, 0) * x(b, t, s, 0); count++; }
            assertEquals(sign > 0 ? 1.0 : 0.0, target(b, s));
        }
        assertEquals(0.2, sumSq / count, 0.01, "noise variance 0.2");

        TwoSequenceProblem bb = new TwoSequenceProblem(TwoSequenceProblem.Variant.B, T, N);
        Batch nb = bb.trainBatch(new Rng(7), n);
        double infoVar = 0;
        for (int s = 0; s < n; s++) {
            double center = target(nb, s) == 1.0 ? 1 : -1;
            for (int t = 0; t < N; t++) infoVar += Math.pow(x(nb, t, s, 0) - center, 2);
        }
        assertEquals(0.2, infoVar / (n * N), 0.04, "3b: noise of variance 0.2 on the information elements");

        TwoSequenceProblem c = new TwoSequenceProblem(TwoSequenceProblem.Variant.C, T, N);
        Batch train = c.trainBatch(new Rng(8), n), test = c.testBatch(new Rng(8), n);
        double sq = 0;
        for (int s = 0; s < n; s++) {
            float t = target(test, s);
            assertTrue(t == 0.2f || t == 0.8f, "noise-free test targets");
            // the class is the sign of the N noisy information elements (their sum is ±3 with st.dev. 0.77)
            double info = 0;
            for (int k = 0; k < N; k++) info += x(train, k, s, 0);
            sq += Math.pow(target(train, s) - (info > 0 ? 0.8 : 0.2), 2);
        }
        assertEquals(0.1, sq / n, 0.025, "3c training targets carry Gaussian noise of variance 0.1");
        assertEquals(0.1, c.tolerance());
        assertNull(train.classTargets());
    }
}
