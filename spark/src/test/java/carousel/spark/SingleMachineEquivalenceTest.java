package carousel.spark;

import carousel.layer.Param;
import carousel.loss.Frames;
import carousel.model.SequenceModel;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import carousel.train.Adam;
import carousel.train.LearningRate;
import carousel.train.Sgd;
import carousel.train.Trainer;
import carousel.train.TruncatedBptt;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One partition on Spark is single-machine training: the same weights, bit for bit, as the core's
 * {@link TruncatedBptt#epoch} loop with {@link Trainer#step}, the same optimizer, clipping and
 * streams, each epoch's order shuffled with {@link SparkTrainer#shuffleSeed}(seed, epoch, 0). And
 * synchronous steps over two partitions are single-machine steps on one batch holding both
 * partitions' streams (up to float rounding: the gradient is summed in another order).
 */
class SingleMachineEquivalenceTest {
    static final long SEED = 7;
    static final int STREAMS = 4, CHUNK = 6, HIDDEN = 8, EPOCHS = 2;
    static JavaSparkContext sc;

    @BeforeAll static void start() { sc = SparkTestSupport.context("equivalence"); }
    @AfterAll static void stop() { sc.stop(); }

    static SequenceModel singleMachine(List<LabelledSequence> data, Trainer trainer) {
        TruncatedBptt tbptt = new TruncatedBptt(data.stream().map(LabelledSequence::toSequence).toList(), SparkTestSupport.I, STREAMS, CHUNK);
        for (int e = 0; e < EPOCHS; e++) tbptt.epoch(trainer.model(), trainer, new Rng(SparkTrainer.shuffleSeed(SEED, e, 0)), null);
        return trainer.model();
    }

    @Test
    void synchronousWithOnePartitionIsBitwiseSingleMachine(@TempDir Path tmp) throws Exception {
        List<LabelledSequence> data = SparkTestSupport.delayedXor(3, 23, 4, 20);
        Trainer.Clipping clip = new Trainer.Clipping(0.5, 0);   // small enough to clip: the driver's clipping is checked too
        SequenceModel single = singleMachine(data, new Trainer(SparkTestSupport.lstm(HIDDEN, 1), new Adam(), LearningRate.constant(0.02), clip));

        FeatureShards.write(tmp.toString(), data, 1);
        JavaRDD<LabelledSequence> rdd = FeatureShards.load(sc, tmp.toString());
        SparkTrainer st = new SparkTrainer(sc, SparkTestSupport.lstm(HIDDEN, 1), Adam::new, LearningRate.constant(0.02), clip,
                SparkTrainer.Options.synchronous(STREAMS, CHUNK, SEED));
        long frames = 0;
        for (int e = 0; e < EPOCHS; e++) {
            SparkTrainer.EpochResult r = st.epoch(rdd, e, null);
            assertTrue(r.updates() > 10, "an epoch of 23 sequences in 4 streams of 6 steps takes many steps, got " + r.updates());
            assertEquals(r.chunks(), r.updates());
            frames += r.frames();
        }
        long labelled = data.stream().mapToLong(s -> java.util.Arrays.stream(s.labels()).filter(y -> y >= 0).count()).sum();
        assertEquals(EPOCHS * labelled, frames, "every labelled frame is trained on once per epoch");
        assertEquals(single.params().size(), st.trainer().model().params().size());
        assertNull(SparkTestSupport.firstDifference(single, st.trainer().model()));
        assertTrue(SparkTestSupport.firstDifference(single, SparkTestSupport.lstm(HIDDEN, 1)) != null, "training changed the weights");
    }

    @Test
    void modelAveragingWithOnePartitionIsBitwiseSingleMachine(@TempDir Path tmp) throws Exception {
        List<LabelledSequence> data = SparkTestSupport.delayedXor(4, 17, 4, 20);
        Trainer.Clipping clip = new Trainer.Clipping(1.0, 0);
        SequenceModel single = singleMachine(data, new Trainer(SparkTestSupport.lstm(HIDDEN, 2), new Sgd(0.9, 1e-4), LearningRate.constant(0.05), clip));

        FeatureShards.write(tmp.toString(), data, 1);
        JavaRDD<LabelledSequence> rdd = FeatureShards.load(sc, tmp.toString());
        SparkTrainer st = new SparkTrainer(sc, SparkTestSupport.lstm(HIDDEN, 2), () -> new Sgd(0.9, 1e-4), LearningRate.constant(0.05), clip,
                SparkTrainer.Options.averaging(STREAMS, CHUNK, 4, SEED));
        for (int e = 0; e < EPOCHS; e++) {
            SparkTrainer.EpochResult r = st.epoch(rdd, e, null);
            assertEquals((r.chunks() + 3) / 4, r.updates(), "rounds of 4 local steps");
        }
        assertNull(SparkTestSupport.firstDifference(single, st.trainer().model()));
    }

    @Test
    void twoPartitionsStepAsOneBatchOfBothPartitionsStreams(@TempDir Path tmp) throws Exception {
        int P = 2, B = 2, k = 5;
        List<LabelledSequence> data = SparkTestSupport.delayedXor(6, 14, 3, 16);
        Trainer.Clipping clip = new Trainer.Clipping(0, 0);
        FeatureShards.write(tmp.toString(), data, P);
        JavaRDD<LabelledSequence> rdd = FeatureShards.load(sc, tmp.toString());
        SparkTrainer st = new SparkTrainer(sc, SparkTestSupport.lstm(HIDDEN, 3), () -> new Sgd(0.9, 0), LearningRate.constant(0.1), clip,
                SparkTrainer.Options.synchronous(B, k, SEED));
        int steps = st.epoch(rdd, 0, null).updates();

        // the same epoch on one machine: step s is one batch of P·B streams, partition p's stream b at column p·B + b
        Trainer single = new Trainer(SparkTestSupport.lstm(HIDDEN, 3), new Sgd(0.9, 0), LearningRate.constant(0.1), clip);
        List<List<LabelledSequence>> orders = new ArrayList<>();
        List<StreamCursor> cursors = new ArrayList<>();
        for (int p = 0; p < P; p++) {
            List<LabelledSequence> shard = new ArrayList<>();
            for (int i = p; i < data.size(); i += P) shard.add(data.get(i));   // FeatureShards deals round-robin
            orders.add(StreamCursor.order(shard, new Rng(SparkTrainer.shuffleSeed(SEED, 0, p))));
            cursors.add(new StreamCursor(B));
        }
        Tensor[][] state = single.model().zeroStates(P * B);
        int singleSteps = 0;
        while (true) {
            Tensor x = Tensor.f32(k, P * B, SparkTestSupport.I);
            int[] labels = new int[k * P * B], lengths = new int[P * B];
            boolean any = false;
            for (int p = 0; p < P; p++) {
                Tensor xp = Tensor.f32(k, B, SparkTestSupport.I);
                int[] lp = new int[k * B], np = new int[B];
                boolean[] reset = new boolean[B];
                any |= cursors.get(p).advance(orders.get(p), SparkTestSupport.I, k, xp, lp, np, reset) >= 0;
                for (int b = 0; b < B; b++) {
                    int col = p * B + b;
                    lengths[col] = np[b];
                    for (int t = 0; t < k; t++) {
                        labels[t * P * B + col] = lp[t * B + b];
                        System.arraycopy(xp.f, (t * B + b) * SparkTestSupport.I, x.f, (t * P * B + col) * SparkTestSupport.I, SparkTestSupport.I);
                    }
                    if (reset[b]) for (Tensor[] layer : state) for (Tensor part : layer) java.util.Arrays.fill(part.f, col * part.dim(1), (col + 1) * part.dim(1), 0f);
                }
            }
            if (!any) break;
            single.step(new Batch(x, k, P * B, lengths, labels, null, Frames.ALL), state);
            singleSteps++;
            Tensor[][] fin = single.model().finalStates(single.cache());
            for (int l = 0; l < state.length; l++) for (int q = 0; q < state[l].length; q++) state[l][q].copyFrom(fin[l][q]);
        }
        assertEquals(singleSteps, steps);
        double worst = 0;
        var it = single.model().params().values().iterator();
        for (Param p : st.trainer().model().params().values()) {
            Param q = it.next();
            for (int i = 0; i < p.value().size(); i++) worst = Math.max(worst, Math.abs(p.value().f[i] - q.value().f[i]));
        }
        assertTrue(worst < 2e-6, "two partitions' summed gradients step as one batch of their streams; largest weight difference " + worst);
        assertTrue(SparkTestSupport.firstDifference(single.model(), SparkTestSupport.lstm(HIDDEN, 3)) != null);
    }
}
