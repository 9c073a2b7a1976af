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

            Tensor whole = model.forward(x, T, 1, null, copy(init)).copy();
            Tensor[][] wholeFinal = copy(model.finalStates());

            StreamingModel streaming = new StreamingModel(model);
            Tensor[][] sState = copy(init);
            Tensor[][] mState = copy(init);
            Tensor frame = Tensor.f32(1, 1, cfg.inputSize());
            int C = cfg.outputSize();
            for (int t = 0; t < T; t++) {
                float[] logits = streaming.step(x.f, t * cfg.inputSize(), sState);
                Tensor.copy(x, t * cfg.inputSize(), frame, 0, cfg.inputSize());
                Tensor one = model.forward(frame, 1, 1, null, mState);
                mState = copy(model.finalStates());
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

    @Test
    void weightsAreASnapshot() {
        ModelConfig cfg = ModelConfig.lstm(4, 8, 1, 0, false, 3);
        SequenceModel model = new SequenceModel(cfg, DType.F32);
        model.initialize(new Rng(5));
        StreamingModel streaming = new StreamingModel(model);
        float[] x = {0.1f, -0.2f, 0.3f, 0.4f};
        float[] before = streaming.step(x, 0, streaming.newState()).clone();
        for (var p : model.params().values()) p.value().fill(0.7);
        float[] after = streaming.step(x, 0, streaming.newState());
        for (int j = 0; j < before.length; j++) assertEquals(before[j], after[j], 0f, "logit " + j);
        assertTrue(streaming.weightBytes() > 4L * (4 * 8 * (4 + 8)), "weight bytes " + streaming.weightBytes());
    }

    @Test
    void refusesWhatCannotStream() {
        assertThrows(IllegalArgumentException.class, () -> new StreamingModel(new SequenceModel(ModelConfig.lstm(4, 8, 1, 0, true, 3), DType.F32)));
        assertThrows(IllegalArgumentException.class, () -> new StreamingModel(new SequenceModel(ModelConfig.lstm(4, 8, 1, 0, false, 3), DType.F64)));
        assertThrows(IllegalArgumentException.class, () -> new StreamingModel(new SequenceModel(ModelConfig.rnn(4, 8, 1, "tanh", false, 3), DType.F32)));
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
