package carousel.model;

import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weights apart from state: a {@link SequenceModel} holds no per-call buffers, so callers with their
 * own {@link SequenceModel.Cache} do not disturb one another, in one thread or in several at once.
 */
class SequenceModelCacheTest {
    private static final ModelConfig CONFIG = ModelConfig.lstm(6, 24, 2, 8, false, 5);

    private static SequenceModel model() {
        SequenceModel m = new SequenceModel(CONFIG, DType.F32);
        m.initialize(new Rng(3), 0.3, null);
        return m;
    }

    private static Tensor input(int T, int B, long seed) {
        Tensor x = Tensor.f32(T, B, CONFIG.inputSize());
        new Rng(seed).fillUniform(x, 1);
        return x;
    }

    @Test
    void aForwardOnOneCacheLeavesAnotherCachesLogitsAndFinalStatesAlone() {
        SequenceModel m = model();
        SequenceModel.Cache a = m.newCache(), b = m.newCache();
        Tensor ya = m.forward(a, input(9, 2, 1), 9, 2, null, null);
        float[] before = ya.f.clone();
        float[] finalBefore = m.finalStates(a)[1][1].f.clone();
        m.forward(b, input(9, 2, 2), 9, 2, null, null);   // same (T, B), other input
        assertArrayEquals(before, ya.f, "cache a's logits after a forward on cache b");
        assertArrayEquals(finalBefore, m.finalStates(a)[1][1].f, "cache a's final cell state after a forward on cache b");
        assertTrue(a.bytes() > 0);
    }

    @Test
    void threadsWithTheirOwnCachesGiveTheSequentialResults() throws Exception {
        SequenceModel m = model();
        int n = 8, T = 40;
        List<float[]> sequential = new ArrayList<>();
        SequenceModel.Cache one = m.newCache();
        for (int i = 0; i < n; i++) sequential.add(m.forward(one, input(T, 1, 100 + i), T, 1, null, null).f.clone());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<float[]>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    futures.add(pool.submit(() -> m.forward(m.newCache(), input(T, 1, 100 + k), T, 1, null, null).f.clone()));
                }
                for (int i = 0; i < n; i++) assertArrayEquals(sequential.get(i), futures.get(i).get(), "sequence " + i + ", round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCacheOfAnotherModelIsRefused() {
        SequenceModel m = model(), other = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(other.newCache(), input(3, 1, 1), 3, 1, null, null));
        assertEquals("the cache belongs to another model", e.getMessage());
        assertThrows(IllegalStateException.class, () -> m.backward(m.newCache(), Tensor.f32(3, 1, 5), null, null, null));
    }
}
