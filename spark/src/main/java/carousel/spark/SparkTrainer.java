package carousel.spark;

import carousel.model.SequenceModel;
import carousel.tensor.Tensor;
import carousel.train.Checkpoint;
import carousel.train.LearningRate;
import carousel.train.Optimizer;
import carousel.train.Trainer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Data-parallel truncated-BPTT training of a {@link SequenceModel} over an RDD of
 * {@link LabelledSequence}s, the driver holding the model, the optimizer and the checkpoints.
 *
 * <p><b>Batch order.</b> Each partition p shuffles its own sequences at the start of epoch e with the
 * seed {@link #shuffleSeed}(seed, e, p) and feeds them through B = {@code streamsPerPartition} streams
 * in chunks of k steps, exactly as {@link carousel.train.TruncatedBptt#epoch} feeds one machine's
 * streams. Step s of the epoch is chunk s of every partition that still has data: a global batch of
 * up to P·B streams. So one partition with B streams is single-machine training with B streams on
 * the same order, step for step.
 *
 * <p><b>{@link Mode#SYNCHRONOUS}</b> (mini-batch gradient averaging): a plan job first counts each
 * step's labelled frames N_s over all partitions. Per step the driver broadcasts the weights; each
 * partition runs forward and backward on its chunk with the loss scaled by 1/N_s and returns its
 * gradient; tree aggregation sums them into the gradient of the step's mean loss, and the driver's
 * {@link Trainer#update()} clips and applies it. With one partition this is bitwise the computation
 * of {@link Trainer#step}; with two, float addition being commutative, the sum does not depend on
 * which task finishes first; with more, the last bits may.
 *
 * <p><b>{@link Mode#MODEL_AVERAGING}</b> (periodic model averaging, as in Zinkevich, Weimer, Smola &amp;
 * Li, "Parallelized Stochastic Gradient Descent", NIPS 2010, and Povey, Zhang &amp; Khudanpur, "Parallel
 * training of DNNs with natural gradient and parameter averaging", ICLR 2015 workshop): per round the driver broadcasts
 * the weights and the optimizer state; each partition takes up to K ordinary training steps on its
 * own chunks with its own copy of the optimizer and returns weights and optimizer state; the driver
 * averages both, weighting each partition by the steps it took. Per step this moves 1/K of the
 * weights, times three with Adam's two moment arrays; with one partition it is again exactly
 * single-machine training.
 *
 * <p><b>Faults.</b> A task reads only its partition's data and the broadcast, and returns its
 * result: Spark's retry of a failed task recomputes the same result, and each partition's result is
 * combined once (a partition reporting twice in a step is an error, and the step's frames must equal
 * the plan's). The recurrent state each stream carries travels with the cursors through the driver,
 * never left behind in an executor. Checkpoints are written by the driver only ({@link #checkpoint}),
 * at epoch ends.
 *
 * <p>Not here: asynchronous SGD with parameter servers (Dean et al., "Large Scale Distributed Deep
 * Networks", NIPS 2012), which Sak, Senior &amp; Beaufays (Interspeech 2014) used; Spark's stages are
 * synchronous. Losses: softmax cross-entropy on per-frame class labels (the acoustic-model loss).
 */
public final class SparkTrainer {
    /** How the partitions' work is combined; {@link #configName()} is the {@code --mode} name of {@code carousel-spark train-am}. */
    public enum Mode {
        SYNCHRONOUS("sync"), MODEL_AVERAGING("average");

        private final String configName;

        Mode(String configName) { this.configName = configName; }

        public String configName() { return configName; }

        public static Mode parse(String name) {
            for (Mode m : values()) if (m.configName.equals(name)) return m;
            throw new IllegalArgumentException("--mode must be sync or average, got '" + name + "'");
        }
    }

    /**
     * @param streamsPerPartition B, the streams of each partition (a synchronous step's global batch is up to P·B streams)
     * @param chunk               k, truncated-BPTT steps per chunk
     * @param averagingPeriod     K, local steps per round of model averaging (must be 1 for synchronous training)
     * @param seed                of the per-epoch, per-partition shuffles
     * @param treeDepth           depth of the tree aggregation (Spark's default is 2)
     */
    public record Options(Mode mode, int streamsPerPartition, int chunk, int averagingPeriod, long seed, int treeDepth) {
        public Options {
            if (streamsPerPartition < 1) throw new IllegalArgumentException("streams per partition must be at least 1, got " + streamsPerPartition);
            if (chunk < 1) throw new IllegalArgumentException("chunk length must be at least 1, got " + chunk);
            if (averagingPeriod < 1) throw new IllegalArgumentException("averaging period must be at least 1 step, got " + averagingPeriod);
            if (mode == Mode.SYNCHRONOUS && averagingPeriod != 1)
                throw new IllegalArgumentException("an averaging period (" + averagingPeriod + ") needs mode MODEL_AVERAGING; synchronous training averages every step");
            if (treeDepth < 1) throw new IllegalArgumentException("tree depth must be at least 1, got " + treeDepth);
        }

        public static Options synchronous(int streamsPerPartition, int chunk, long seed) {
            return new Options(Mode.SYNCHRONOUS, streamsPerPartition, chunk, 1, seed, 2);
        }

        public static Options averaging(int streamsPerPartition, int chunk, int period, long seed) {
            return new Options(Mode.MODEL_AVERAGING, streamsPerPartition, chunk, period, seed, 2);
        }
    }

    /** Makes the optimizer, on the driver and (for model averaging) on every executor: e.g. {@code Adam::new}. */
    public interface OptimizerFactory extends Supplier<Optimizer>, Serializable {}

    /** Runs inside every task after its work, before its result is returned (tests make an attempt fail here). */
    public interface TaskProbe extends Serializable {
        void afterWork(int epoch, int step, int partition);
    }

    /** Called on the driver after each update: step (or round) s of steps, the loss and frames of that update. */
    public interface StepListener {
        void step(int epoch, int step, int steps, double loss, long frames);
    }

    /**
     * One epoch's figures: updates (synchronous steps or averaging rounds), chunks (the longest
     * partition's), frames and mean training cross-entropy and frame accuracy (over the steps, with
     * the weights of the moment), seconds, and the bytes of arrays moved: one copy of each broadcast,
     * and all the partitions' results.
     */
    public record EpochResult(int epoch, int updates, int chunks, long frames, double loss, double accuracy, double seconds,
                              long broadcastBytes, long resultBytes) {
        public double framesPerSecond() { return frames / seconds; }
    }

    private final JavaSparkContext sc;
    private final Trainer trainer;
    private final OptimizerFactory optimizer;
    private final Trainer.Clipping clipping;
    private final Options opt;
    private final ModelSpec spec;
    private TaskProbe probe;

    /** Trains model (its weights as initialised, or restored by {@link #resume}) with a fresh optimizer of the factory. */
    public SparkTrainer(JavaSparkContext sc, SequenceModel model, OptimizerFactory optimizer, LearningRate learningRate,
                        Trainer.Clipping clipping, Options options) {
        this.sc = sc;
        this.optimizer = optimizer;
        this.trainer = new Trainer(model, optimizer.get(), learningRate, clipping);
        this.clipping = clipping;
        this.opt = options;
        this.spec = ModelSpec.of(model);
        FlatParams.values(model);   // fails now, not in a task, on a float64 model
    }

    /** The driver's trainer: its model holds the current weights, its optimizer and learning rate the state checkpoints keep. */
    public Trainer trainer() { return trainer; }

    public Options options() { return opt; }

    /** Sets a probe run in every task (null: none). */
    public SparkTrainer probe(TaskProbe p) { this.probe = p; return this; }

    /** Seed of partition p's shuffle in epoch e: a single-machine run with this seed sees the same order as partition 0. */
    public static long shuffleSeed(long seed, int epoch, int partition) { return StreamCursor.shuffleSeed(seed, epoch, partition); }

    /** Labelled frames of each step of the epoch, summed over partitions; its length is the epoch's number of chunks. */
    long[] plan(JavaRDD<LabelledSequence> data, int epoch) {
        long[] total = data.mapPartitionsWithIndex(
                new PartitionTasks.Plan(opt.seed(), epoch, opt.streamsPerPartition(), opt.chunk(), spec.config().inputSize()), false)
                .treeReduce(SparkTrainer::addPlans, opt.treeDepth());
        return total;
    }

    private static long[] addPlans(long[] a, long[] b) {
        long[] out = new long[Math.max(a.length, b.length)];
        for (int i = 0; i < a.length; i++) out[i] += a[i];
        for (int i = 0; i < b.length; i++) out[i] += b[i];
        return out;
    }

    /** One pass over every partition's sequences (epochs count from 0); the listener may be null. */
    public EpochResult epoch(JavaRDD<LabelledSequence> data, int epoch, StepListener listener) {
        long t0 = System.nanoTime();
        long[] plan = plan(data, epoch);
        boolean sync = opt.mode() == Mode.SYNCHRONOUS;
        int K = opt.averagingPeriod(), updates = sync ? plan.length : (plan.length + K - 1) / K;
        int partitions = data.getNumPartitions();
        Map<Integer, StreamCursor> cursors = new TreeMap<>();
        long frames = 0, correct = 0, down = 0, up = 0;
        double lossSum = 0;
        SequenceModel model = trainer.model();
        for (int s = 0; s < updates; s++) {
            StepInput in = sync ? new StepInput(FlatParams.values(model), cursors, null, null, 0) : averagingInput(cursors);
            Broadcast<StepInput> bc = sc.broadcast(in);
            PartitionResult r;
            try {
                Function2<Integer, Iterator<LabelledSequence>, Iterator<PartitionResult>> task = sync
                        ? new PartitionTasks.SyncStep(bc, spec, opt.seed(), epoch, s, opt.streamsPerPartition(), opt.chunk(),
                                plan[s] == 0 ? 0 : 1.0 / plan[s], probe)
                        : new PartitionTasks.AveragingRound(bc, spec, opt.seed(), epoch, s, opt.streamsPerPartition(), opt.chunk(), K,
                                trainer.learningRate().rate(), clipping.globalNorm(), clipping.value(), optimizer, probe);
                r = data.mapPartitionsWithIndex(task, false).treeReduce(PartitionResult::merge, opt.treeDepth());
            } finally {
                bc.destroy();
            }
            if (r.cursors.size() != partitions)
                throw new IllegalStateException("step " + s + " heard from " + r.cursors.size() + " of " + partitions + " partitions");
            cursors = r.cursors;
            down += in.payloadBytes();
            up += r.payloadBytes;
            if (sync) applyGradient(r, s, plan[s]);
            else applyAverage(r, s);
            frames += r.frames;
            correct += r.correct;
            lossSum += r.lossSum;
            if (listener != null) listener.step(epoch, s, updates, r.frames == 0 ? 0 : r.lossSum / r.frames, r.frames);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new EpochResult(epoch, updates, plan.length, frames, frames == 0 ? Double.NaN : lossSum / frames,
                frames == 0 ? Double.NaN : (double) correct / frames, secs, down, up);
    }

    private void applyGradient(PartitionResult r, int step, long planned) {
        if (r.frames != planned)
            throw new IllegalStateException("step " + step + " counted " + r.frames + " frames, the plan " + planned + ": a partition's chunk was lost or counted twice");
        if (r.gradient == null) throw new IllegalStateException("step " + step + ": no partition had a chunk to run, yet the plan has one");
        long done = trainer.optimizer().steps();
        if (!Double.isFinite(r.lossSum))
            throw new Trainer.NonFiniteException("loss is " + r.lossSum + " at update " + (done + 1) + "; weights left as they were after update " + done);
        FlatParams.setGradients(trainer.model(), r.gradient);
        trainer.update();
    }

    private StepInput averagingInput(Map<Integer, StreamCursor> cursors) {
        Map<String, float[]> state = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        trainer.optimizer().state().forEach((name, t) -> {
            if (!name.equals("step")) { state.put(name, t.f.clone()); shapes.put(name, t.shape.clone()); }
        });
        return new StepInput(FlatParams.values(trainer.model()), cursors, state, shapes, trainer.optimizer().steps());
    }

    private void applyAverage(PartitionResult r, int round) {
        if (r.localSteps == 0 || r.weights == null) throw new IllegalStateException("round " + round + ": no partition had a chunk to run, yet the plan has one");
        for (float v : r.weights)
            if (!Float.isFinite(v)) throw new Trainer.NonFiniteException("averaged weights hold NaN or Inf after round " + round + "; weights left as they were before it");
        FlatParams.setValues(trainer.model(), r.weights);
        Map<String, Tensor> state = new LinkedHashMap<>();
        r.optimizerState.forEach((name, v) -> state.put(name, Tensor.wrap(v, r.optimizerShapes.get(name))));
        state.put("step", Tensor.wrap(new float[]{trainer.optimizer().steps() + r.maxLocalSteps}, 1));
        trainer.optimizer().loadState(state);
    }

    /** Writes a checkpoint of the driver's trainer after {@code epochsDone} epochs (driver only; the run directory is the driver's). */
    public Path checkpoint(Path runDir, int epochsDone) throws IOException {
        return Checkpoint.save(runDir, trainer, new Checkpoint.Progress(trainer.optimizer().steps(), 0, epochsDone, opt.seed()));
    }

    /** Restores the run directory's newest intact checkpoint, if any; returns the epochs it had finished (0: none). */
    public int resume(Path runDir) throws IOException {
        Checkpoint.Restored last = Checkpoint.restoreNewestIntact(runDir, trainer, null);
        return last == null ? 0 : last.progress().epochs();
    }
}
