package carousel.spark;

import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.tensor.DType;
import carousel.train.Adam;
import carousel.train.Checkpoint;
import carousel.train.LearningRate;
import carousel.train.Trainer;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task that dies mid-epoch after doing its work (an executor lost before its result arrived) is
 * retried by Spark, and training ends with exactly the weights of the run without the failure: the
 * step's data was neither lost nor counted twice. Checkpoints, written by the driver at epoch ends,
 * resume a run as if it had not stopped.
 */
class FaultToleranceTest {
    static final long SEED = 11;
    static final int PARTITIONS = 2, STREAMS = 3, CHUNK = 5, HIDDEN = 8;
    static final AtomicInteger FAILURES = new AtomicInteger();   // the tasks run in this JVM (local mode)
    static JavaSparkContext sc;
    static JavaRDD<LabelledSequence> data;

    @BeforeAll
    static void start(@TempDir Path shards) throws Exception {
        sc = SparkTestSupport.context("faults");
        FeatureShards.write(shards.toString(), SparkTestSupport.delayedXor(5, 30, 4, 18), PARTITIONS);
        data = FeatureShards.load(sc, shards.toString());
        assertEquals(PARTITIONS, data.getNumPartitions());
    }

    @AfterAll static void stop() { sc.stop(); }

    @BeforeEach void reset() { FAILURES.set(0); }

    /** Fails the first attempt of the task of (epoch, step, partition), after its forward and backward. */
    record FailFirstAttempt(int epoch, int step, int partition) implements SparkTrainer.TaskProbe {
        @Override
        public void afterWork(int e, int s, int p) {
            if (e == epoch && s == step && p == partition && TaskContext.get().attemptNumber() == 0) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("simulated loss of the executor running epoch " + e + ", step " + s + ", partition " + p);
            }
        }
    }

    static SparkTrainer trainer(SparkTrainer.Options o, long initSeed) {
        return new SparkTrainer(sc, SparkTestSupport.lstm(HIDDEN, initSeed), Adam::new, LearningRate.constant(0.02), new Trainer.Clipping(1, 0), o);
    }

    @Test
    void synchronousRetryNeitherLosesNorDoubleCounts(@TempDir Path run) throws Exception {
        SparkTrainer.Options o = SparkTrainer.Options.synchronous(STREAMS, CHUNK, SEED);
        SparkTrainer clean = trainer(o, 1);
        SparkTrainer.EpochResult c0 = clean.epoch(data, 0, null), c1 = clean.epoch(data, 1, null);
        assertEquals(0, FAILURES.get());

        // epoch 0 with a failure at step 4 of partition 1, then a checkpoint
        SparkTrainer faulty = trainer(o, 1).probe(new FailFirstAttempt(0, 4, 1));
        SparkTrainer.EpochResult f0 = faulty.epoch(data, 0, null);
        assertEquals(1, FAILURES.get(), "the probe failed one attempt, and Spark retried it");
        assertEquals(c0.frames(), f0.frames());
        assertEquals(c0.loss(), f0.loss());
        faulty.checkpoint(run, 1);

        // a new driver (other initial weights) resumes from the checkpoint and runs epoch 1, failing at step 0 of partition 0
        SparkTrainer resumed = trainer(o, 99).probe(new FailFirstAttempt(1, 0, 0));
        assertEquals(1, resumed.resume(run), "resumed after one finished epoch");
        SparkTrainer.EpochResult f1 = resumed.epoch(data, 1, null);
        assertEquals(2, FAILURES.get());
        assertEquals(c1.frames(), f1.frames());
        assertNull(SparkTestSupport.firstDifference(clean.trainer().model(), resumed.trainer().model()));
        assertEquals(clean.trainer().optimizer().steps(), resumed.trainer().optimizer().steps());

        // the driver's checkpoint holds those weights; nothing else was written into the run directory
        resumed.checkpoint(run, 2);
        SequenceModel saved = ModelFiles.load(Checkpoint.latest(run), DType.F32);
        assertNull(SparkTestSupport.firstDifference(clean.trainer().model(), saved));
        Set<String> names;
        try (var s = Files.list(run)) { names = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()); }
        assertTrue(names.contains("latest") && names.stream().allMatch(n -> n.equals("latest") || n.startsWith("checkpoint-")), "run directory holds " + names);
    }

    @Test
    void modelAveragingRetryNeitherLosesNorDoubleCounts() {
        SparkTrainer.Options o = SparkTrainer.Options.averaging(STREAMS, CHUNK, 3, SEED);
        SparkTrainer clean = trainer(o, 2);
        SparkTrainer faulty = trainer(o, 2).probe(new FailFirstAttempt(0, 1, 0));
        for (int e = 0; e < 2; e++) {
            SparkTrainer.EpochResult c = clean.epoch(data, e, null), f = faulty.epoch(data, e, null);
            assertEquals(c.frames(), f.frames());
        }
        assertEquals(1, FAILURES.get());
        assertNull(SparkTestSupport.firstDifference(clean.trainer().model(), faulty.trainer().model()));
        List<Long> steps = List.of(clean.trainer().optimizer().steps(), faulty.trainer().optimizer().steps());
        assertEquals(steps.get(0), steps.get(1));
    }
}
