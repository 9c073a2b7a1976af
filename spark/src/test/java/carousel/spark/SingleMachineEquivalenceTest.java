package carousel.spark;

import carousel.model.SequenceModel;
import carousel.tensor.Rng;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One partition on Spark is single-machine training: the same weights, bit for bit, as the core's
 * {@link TruncatedBptt#epoch} loop with {@link Trainer#step}, the same optimizer, clipping and
 * streams, each epoch's order shuffled with {@link SparkTrainer#shuffleSeed}(seed, epoch, 0).
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
}
