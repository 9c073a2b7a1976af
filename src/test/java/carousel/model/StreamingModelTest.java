package carousel.model;

import carousel.tensor.Activation;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming path (stacked-weight matrix-vector steps) gives {@link SequenceModel#forward}'s
 * logits and final states, both when the model runs the whole sequence at once and when it is fed
 * one frame per call with the state carried; for every LSTM option the layer has.
 */
class StreamingModelTest {
    private static final double TOL = 1e-5;
    /**
     * Largest |posterior difference| allowed between bf16 streaming and the float32 model. Measured
     * on {@link #bf16WeightsGiveNearlyTheFloat32ModelsPosteriors}'s four models (200 frames each):
     * 3.2e-4, 1.1e-4, 2.3e-4, 1.3e-4, and the arg max agreed on 799 of 800 frames; about 4.5 times
     * the largest.
     */
    private static final double BF16_POSTERIOR_TOL = 1.5e-3;
    /**
     * The same for int8 weights with per-row scales. Measured on the same four models: 3.9e-4,
     * 3.1e-4, 1.8e-4, 3.5e-4; about 3.8 times the largest.
     */
    private static final double INT8_POSTERIOR_TOL = 1.5e-3;

    static ModelConfig[] configs() {
        return new ModelConfig[]{
                ModelConfig.lstm(40, 64, 2, 24, false, 50),                       // B2's shape, small: LSTMP, 2 layers
                ModelConfig.lstm(7, 19, 1, 0, false, 5),                          // plain LSTM, sizes off the vector length
                ModelConfig.lstm(5, 17, 2, 6, false, 4).withLstmOptions(false, true, Activation.SIGMOID,
                        Activation.SIGMOID4, Activation.SIGMOID2, 0.8f, 3),       // 1997 cell + peepholes, clip, non-recurrent projection
                ModelConfig.lstm(3, 33, 3, 0, false, 9).withLstmOptions(true, true, Activation.SIGMOID,
                        Activation.TANH, Activation.TANH, 0f, 5)};
    }

    private static void assertClose(float expected, float actual, String what) {
        assertEquals(expected, actual, TOL * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void stepsEqualTheSequenceForwardAndTheFrameByFrameForward() {
        int T = 25;
        for (ModelConfig cfg : configs()) {
            SequenceModel model = new SequenceModel(cfg, DType.F32);
            model.initialize(new Rng(21), 0.4, null);
            Tensor x = Tensor.f32(T, 1, cfg.inputSize());
            new Rng(22).fillUniform(x, 1.5);
            // a non-zero initial state, the same for all three runs
            Tensor[][] init = model.zeroStates(1);
            Rng r = new Rng(23);
            for (Tensor[] l : init) for (Tensor p : l) r.fillUniform(p, 0.5);

            SequenceModel.Cache cache = model.newCache();
            Tensor whole = model.forward(cache, x, T, 1, null, copy(init)).copy();
            Tensor[][] wholeFinal = copy(model.finalStates(cache));

            StreamingModel streaming = new StreamingModel(model);
            StreamingModel.Scratch scratch = streaming.newScratch();
            Tensor[][] sState = copy(init);
            Tensor[][] mState = copy(init);
            Tensor frame = Tensor.f32(1, 1, cfg.inputSize());
            int C = cfg.outputSize();
            for (int t = 0; t < T; t++) {
                float[] logits = streaming.step(scratch, x.f, t * cfg.inputSize(), sState);
                Tensor.copy(x, t * cfg.inputSize(), frame, 0, cfg.inputSize());
                Tensor one = model.forward(cache, frame, 1, 1, null, mState);
                mState = copy(model.finalStates(cache));
                for (int j = 0; j < C; j++) {
                    String what = cfg + " step " + t + " logit " + j;
                    assertClose(whole.f[t * C + j], logits[j], "whole-sequence forward vs streaming, " + what);
                    assertClose(one.f[j], logits[j], "frame-by-frame forward vs streaming, " + what);
                }
            }
            for (int k = 0; k < cfg.numLayers(); k++)
                for (int p = 0; p < 2; p++)
                    for (int i = 0; i < sState[k][p].size(); i++)
                        assertClose(wholeFinal[k][p].f[i], sState[k][p].f[i], "final state layer " + k + " part " + p + " [" + i + "]");
        }
    }

    /**
     * bf16 weights against the float32 model: {@link SequenceModel#forward} over the whole sequence
     * (float32 weights) and {@link StreamingModel} with {@link StreamingModel.Weights#BF16} fed frame
     * by frame, on random models with every LSTM option of {@link #configs()}, 200 frames each:
     * the posteriors (softmax of the logits) agree within {@link #BF16_POSTERIOR_TOL} and the
     * arg max agrees on nearly every frame. The difference must also be visible (above float32
     * rounding), else the bf16 weights were not used.
     */
    @Test
    void bf16WeightsGiveNearlyTheFloat32ModelsPosteriors() {
        reducedPrecisionGivesNearlyTheFloat32ModelsPosteriors(StreamingModel.Weights.BF16, BF16_POSTERIOR_TOL);
    }

    /** {@link #bf16WeightsGiveNearlyTheFloat32ModelsPosteriors} for int8 weights with per-row scales. */
    @Test
    void int8WeightsGiveNearlyTheFloat32ModelsPosteriors() {
        reducedPrecisionGivesNearlyTheFloat32ModelsPosteriors(StreamingModel.Weights.INT8, INT8_POSTERIOR_TOL);
    }

    private static void reducedPrecisionGivesNearlyTheFloat32ModelsPosteriors(StreamingModel.Weights weights, double tol) {
        int T = 200, frames = 0, agree = 0;
        for (ModelConfig cfg : configs()) {
            SequenceModel model = new SequenceModel(cfg, DType.F32);
            model.initialize(new Rng(31), 0.4, null);
            Tensor x = Tensor.f32(T, 1, cfg.inputSize());
            new Rng(32).fillUniform(x, 1.5);
            Tensor whole = model.forward(model.newCache(), x, T, 1, null, model.zeroStates(1)).copy();
            StreamingModel bf16 = new StreamingModel(model, weights);
            StreamingModel f32 = new StreamingModel(model);
            assertEquals(weights, bf16.weights());
            assertTrue(bf16.weightBytes() < f32.weightBytes(), "bf16 " + bf16.weightBytes() + " bytes, f32 " + f32.weightBytes());
            Tensor[][] state = bf16.newState();
            StreamingModel.Scratch scratch = bf16.newScratch();
            int C = cfg.outputSize();
            double maxDiff = 0;
            for (int t = 0; t < T; t++) {
                float[] logits = bf16.step(scratch, x.f, t * cfg.inputSize(), state);
                double[] p = softmax(logits, 0, C), q = softmax(whole.f, t * C, C);
                for (int j = 0; j < C; j++) maxDiff = Math.max(maxDiff, Math.abs(p[j] - q[j]));
                int a = argmax(p), b = argmax(q);
                if (a == b) agree++;
                else   // a different winner only where the float32 model's top two nearly tie
                    assertTrue(q[b] - q[a] <= 2 * tol, cfg + " frame " + t + ": " + weights + " picks " + a + " (" + q[a] + "), float32 " + b + " (" + q[b] + ")");
            }
            assertTrue(maxDiff <= tol, cfg + ": largest posterior difference " + maxDiff);
            assertTrue(maxDiff > 2e-6, cfg + ": posteriors within float32 rounding (" + maxDiff + "): were the " + weights + " weights used?");
            frames += T;
        }
        assertTrue(agree >= 0.98 * frames, "arg max agrees on " + agree + " of " + frames + " frames");
    }

    /**
     * {@link StreamingModel.Scratch#stepCpuNanos} counts the CPU of every thread of a step: positive for one
     * stream and for 16 (split between the threads where there are two or more), and never more than the
     * step's wall time on each of its threads.
     */
    @Test
    void aStepReportsItsCpuTimeOverAllItsThreads() {
        ModelConfig cfg = configs()[0];
        SequenceModel model = new SequenceModel(cfg, DType.F32);
        model.initialize(new Rng(53), 0.4, null);
        StreamingModel sm = new StreamingModel(model);
        StreamingModel.Scratch scratch = sm.newScratch();
        for (int m : new int[]{1, 16}) {
            Tensor[][][] states = new Tensor[m][][];
            for (int s = 0; s < m; s++) states[s] = sm.newState();
            float[] x = new float[m * cfg.inputSize()];
            Rng r = new Rng(54);
            long cpu = 0, wall = 0;
            for (int t = 0; t < 200; t++) {
                for (int i = 0; i < x.length; i++) x[i] = (float) r.uniform(-1, 1);
                long w0 = System.nanoTime();
                sm.stepRows(scratch, m, x, 0, cfg.inputSize(), states);
                wall += System.nanoTime() - w0;
                cpu += scratch.stepCpuNanos();
            }
            assertTrue(cpu > 0, m + " streams: no CPU time reported");
            int threads = Math.max(1, Math.min(carousel.tensor.Backend.configuredThreads(), m / StreamingModel.STREAMS_PER_THREAD));
            assertTrue(cpu <= wall * threads + 200 * 1_000_000L, m + " streams: " + cpu + " ns of CPU in " + wall + " ns of wall on " + threads + " thread(s)");
        }
    }

    /**
     * Many streams at once ({@link StreamingModel#stepRows}) against each stream stepped alone, in
     * every weight storage, with streams joining and leaving on a seeded schedule (so the batch
     * changes size and order between steps; from 8 streams on, where there are two threads, the
     * step splits them between the threads). Alone means both ways: {@code stepRows} with that one
     * stream, which must agree within 1e-6 (the products are the same bit for bit whatever the
     * batch, PackedWeightsTest; the element-wise part computes each row with the same operations,
     * but the Vector API's exp and tanh may round differently in the last bit between the
     * interpreter and the JIT tiers, which run at different times for the two calls), and
     * {@link StreamingModel#step}, which agrees within 1e-6 for bf16 and int8 (bit-equal products)
     * and within 1e-5 for float32 (its one-stream product sums in another order, within float32
     * rounding: the tolerance {@link #stepsEqualTheSequenceForwardAndTheFrameByFrameForward} allows).
     */
    @Test
    void manyStreamsAtOnceEqualEachStreamSteppedAlone() {
        ModelConfig[] cfgs = configs();
        for (StreamingModel.Weights weights : StreamingModel.Weights.values())
            for (ModelConfig cfg : new ModelConfig[]{cfgs[0], cfgs[2]}) {
                SequenceModel model = new SequenceModel(cfg, DType.F32);
                model.initialize(new Rng(51), 0.4, null);
                // one snapshot, three callers: each steps it with its own scratch
                StreamingModel many = new StreamingModel(model, weights), alone = many, solo = many;
                StreamingModel.Scratch manyScratch = many.newScratch(), aloneScratch = alone.newScratch(), soloScratch = solo.newScratch();
                int I = cfg.inputSize(), C = cfg.outputSize(), slots = 9, steps = 60;
                Rng r = new Rng(52);
                Tensor[][][] manyState = new Tensor[slots][][], aloneState = new Tensor[slots][][], soloState = new Tensor[slots][][];
                Tensor[][][] live = new Tensor[slots][][];
                int[] liveSlot = new int[slots];
                float[] x = new float[slots * (I + 3)];
                int joined = 0;
                for (int t = 0; t < steps; t++) {
                    for (int s = 0; s < slots; s++) {
                        if (manyState[s] != null && r.nextInt(8) == 0) manyState[s] = aloneState[s] = soloState[s] = null;   // leaves
                        else if (manyState[s] == null && r.nextInt(3) == 0) {                                                // joins with a fresh state
                            manyState[s] = many.newState();
                            aloneState[s] = alone.newState();
                            soloState[s] = solo.newState();
                            joined++;
                        }
                    }
                    int m = 0;
                    for (int s = slots - 1; s >= 0; s--) if (manyState[s] != null) { live[m] = manyState[s]; liveSlot[m++] = s; }
                    if (m == 0) continue;
                    for (int i = 0; i < x.length; i++) x[i] = (float) r.uniform(-1.5, 1.5);
                    float[] rows = many.stepRows(manyScratch, m, x, 1, I + 3, live);
                    for (int i = 0; i < m; i++) {
                        int s = liveSlot[i];
                        float[] one = alone.step(aloneScratch, x, 1 + i * (I + 3), aloneState[s]);
                        float[] own = solo.stepRows(soloScratch, 1, x, 1 + i * (I + 3), I + 3, new Tensor[][][]{soloState[s]});
                        double tol = weights == StreamingModel.Weights.F32 ? TOL : 1e-6;
                        for (int j = 0; j < C; j++) {
                            String what = weights + " " + cfg + " step " + t + " stream in slot " + s + " logit " + j;
                            assertEquals(own[j], rows[i * C + j], 1e-6 * Math.max(1, Math.abs(own[j])), what + ": alone in stepRows against in the batch");
                            assertEquals(one[j], rows[i * C + j], tol * Math.max(1, Math.abs(one[j])), what + ": step against stepRows");
                        }
                    }
                }
                for (int s = 0; s < slots; s++)
                    if (manyState[s] != null)
                        for (int k = 0; k < cfg.numLayers(); k++)
                            for (int p = 0; p < 2; p++)
                                for (int i = 0; i < manyState[s][k][p].size(); i++)
                                    assertEquals(aloneState[s][k][p].f[i], manyState[s][k][p].f[i], TOL * Math.max(1, Math.abs(aloneState[s][k][p].f[i])), "state of slot " + s);
                assertTrue(joined > slots, "the schedule should let streams join and leave: " + joined + " joined");
            }
    }

    private static double[] softmax(float[] z, int off, int n) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int j = 0; j < n; j++) max = Math.max(max, z[off + j]);
        double[] p = new double[n];
        for (int j = 0; j < n; j++) sum += p[j] = Math.exp(z[off + j] - max);
        for (int j = 0; j < n; j++) p[j] /= sum;
        return p;
    }

    private static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    @Test
    void weightsAreASnapshot() {
        ModelConfig cfg = ModelConfig.lstm(4, 8, 1, 0, false, 3);
        SequenceModel model = new SequenceModel(cfg, DType.F32);
        model.initialize(new Rng(5));
        StreamingModel streaming = new StreamingModel(model);
        float[] x = {0.1f, -0.2f, 0.3f, 0.4f};
        float[] before = streaming.step(streaming.newScratch(), x, 0, streaming.newState()).clone();
        for (var p : model.params().values()) p.value().fill(0.7);
        float[] after = streaming.step(streaming.newScratch(), x, 0, streaming.newState());
        for (int j = 0; j < before.length; j++) assertEquals(before[j], after[j], 0f, "logit " + j);
        assertTrue(streaming.weightBytes() > 4L * (4 * 8 * (4 + 8)), "weight bytes " + streaming.weightBytes());
    }

    @Test
    void refusesWhatCannotStream() {
        assertThrows(IllegalArgumentException.class, () -> new StreamingModel(new SequenceModel(ModelConfig.lstm(4, 8, 1, 0, true, 3), DType.F32)));
        assertThrows(IllegalArgumentException.class, () -> new StreamingModel(new SequenceModel(ModelConfig.lstm(4, 8, 1, 0, false, 3), DType.F64)));
        assertThrows(IllegalArgumentException.class, () -> new StreamingModel(new SequenceModel(ModelConfig.rnn(4, 8, 1, carousel.tensor.Activation.TANH, false, 3), DType.F32)));
    }

    private static Tensor[][] copy(Tensor[][] s) {
        Tensor[][] c = new Tensor[s.length][];
        for (int k = 0; k < s.length; k++) {
            c[k] = new Tensor[s[k].length];
            for (int i = 0; i < s[k].length; i++) c[k][i] = s[k][i].copy();
        }
        return c;
    }
}
