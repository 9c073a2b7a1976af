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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TruncatedBpttTest {
    static final int I = 3, O = 4;

    static List<TruncatedBptt.Sequence> sequences(Rng rng, int... lengths) {
        List<TruncatedBptt.Sequence> l = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            float[] x = new float[lengths[i] * I];
            for (int j = 0; j < x.length; j++) x[j] = (float) rng.uniform(-1, 1);
            int[] y = new int[lengths[i]];
            for (int j = 0; j < y.length; j++) y[j] = rng.nextInt(O);
            l.add(new TruncatedBptt.Sequence("s" + i, x, lengths[i], y));
        }
        return l;
    }

    static SequenceModel model(long seed) {
        SequenceModel m = new SequenceModel(ModelConfig.lstm(I, 6, 2, 3, false, O), DType.F32);
        m.initialize(new Rng(seed), 0.5, null);
        return m;
    }

    /**
     * A sequence with a splice window feeds the same chunks as its frames stacked beforehand (Kaldi's
     * splice-feats, edges repeated: FrameStacking.stack), and {@code inputs()} is that stacked copy.
     */
    @Test
    void aSpliceWindowFeedsTheChunksOfTheFramesStackedBeforehand() {
        int left = 3, right = 2, D = I, wide = D * (left + 1 + right);
        List<TruncatedBptt.Sequence> frames = sequences(new Rng(12), 7, 1, 10, 4), spliced = new ArrayList<>(), stacked = new ArrayList<>();
        for (TruncatedBptt.Sequence s : frames) {
            float[] st = carousel.speech.feature.FrameStacking.stack(new carousel.speech.feature.FeatureMatrix(s.steps(), D, s.features()), left, right).data();
            spliced.add(new TruncatedBptt.Sequence(s.id(), s.features(), s.steps(), s.labels(), left, right));
            stacked.add(new TruncatedBptt.Sequence(s.id(), st, s.steps(), s.labels()));
            assertEquals(wide, spliced.getLast().inputSize());
            org.junit.jupiter.api.Assertions.assertArrayEquals(st, spliced.getLast().inputs(), s.id() + ": inputs()");
        }
        SequenceModel m = new SequenceModel(ModelConfig.lstm(wide, 5, 1, 3, false, O), DType.F32);
        m.initialize(new Rng(13), 0.5, null);
        List<float[]> a = new ArrayList<>(), b = new ArrayList<>();
        List<int[]> la = new ArrayList<>(), lb = new ArrayList<>();
        new TruncatedBptt(spliced, wide, 2, 3).epoch(m, null, new Rng(14), (batch, logits, loss, ids, starts) -> { a.add(batch.x().f.clone()); la.add(batch.classTargets()); });
        new TruncatedBptt(stacked, wide, 2, 3).epoch(m, null, new Rng(14), (batch, logits, loss, ids, starts) -> { b.add(batch.x().f.clone()); lb.add(batch.classTargets()); });
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(b.get(i), a.get(i), "chunk " + i + " inputs");
            org.junit.jupiter.api.Assertions.assertArrayEquals(lb.get(i), la.get(i), "chunk " + i + " labels");
        }
    }

    /** Carrying the state across chunks (and resetting it between sequences) gives the outputs of running each sequence whole. */
    @Test
    void chunkedStreamsReproduceWholeSequenceOutputs() {
        Rng rng = new Rng(11);
        List<TruncatedBptt.Sequence> seqs = sequences(rng, 7, 3, 10, 5, 1, 8);
        SequenceModel m = model(1);
        Map<String, float[]> streamed = new HashMap<>();
        new TruncatedBptt(seqs, I, 2, 3).epoch(m, null, null, (batch, logits, loss, ids, starts) -> {
            for (int b = 0; b < batch.batch(); b++) {
                if (ids[b] == null) continue;
                TruncatedBptt.Sequence s = seqs.get(Integer.parseInt(ids[b].substring(1)));
                float[] out = streamed.computeIfAbsent(ids[b], k -> new float[s.steps() * O]);
                for (int t = 0; t < batch.lengths()[b]; t++)
                    for (int o = 0; o < O; o++) out[(starts[b] + t) * O + o] = logits.f[(t * batch.batch() + b) * O + o];
            }
        });
        assertEquals(seqs.size(), streamed.size());
        for (TruncatedBptt.Sequence s : seqs) {
            Tensor x = Tensor.wrap(s.features().clone(), s.steps(), 1, I);
            Tensor whole = m.forward(m.newCache(), x, s.steps(), 1, null, null);
            for (int i = 0; i < whole.size(); i++)
                assertEquals(whole.f[i], streamed.get(s.id())[i], 1e-5, s.id() + " value " + i);
        }
    }

    /** With one chunk as long as the longest sequence and a stream per sequence, truncated BPTT is full BPTT. */
    @Test
    void chunkAsLongAsSequencesEqualsFullBptt() {
        Rng rng = new Rng(12);
        int[] lens = {6, 2, 5};
        List<TruncatedBptt.Sequence> seqs = sequences(rng, lens);
        SequenceModel a = model(2), b = model(2);
        Trainer trainer = new Trainer(a, new Sgd(0, 0), LearningRate.constant(1e-30), Trainer.Clipping.NONE);
        new TruncatedBptt(seqs, I, 3, 6).epoch(a, trainer, null, null);

        int T = 6, B = 3;
        Tensor x = Tensor.f32(T, B, I);
        int[] labels = new int[T * B];
        java.util.Arrays.fill(labels, -1);
        for (int s = 0; s < B; s++)
            for (int t = 0; t < lens[s]; t++) {
                System.arraycopy(seqs.get(s).features(), t * I, x.f, (t * B + s) * I, I);
                labels[t * B + s] = seqs.get(s).labels()[t];
            }
        b.zeroGrad();
        SequenceModel.Cache cache = b.newCache();
        Tensor logits = b.forward(cache, x, T, B, lens, null);
        Tensor d = Tensor.f32(T, B, O);
        new SoftmaxCrossEntropy().compute(b.ops(), logits, T, B, O, labels, lens, Frames.ALL, d);
        b.backward(cache, d, null, null, null);
        double maxGrad = 0;
        for (Map.Entry<String, Param> e : b.params().entrySet()) {
            Tensor ga = a.params().get(e.getKey()).grad(), gb = e.getValue().grad();
            for (int i = 0; i < ga.size(); i++) {
                assertEquals(gb.get(i), ga.get(i), 1e-6 * (1 + Math.abs(gb.get(i))), e.getKey() + "[" + i + "]");
                maxGrad = Math.max(maxGrad, Math.abs(gb.get(i)));
            }
        }
        assertTrue(maxGrad > 1e-3, "gradients should not all vanish");
    }
}
