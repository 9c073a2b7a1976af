package carousel.spark;

import carousel.loss.Frames;
import carousel.loss.LossResult;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Batch;
import carousel.train.LearningRate;
import carousel.train.Optimizer;
import carousel.train.Trainer;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions Spark runs on each partition: the epoch plan (frames per step), one synchronous step
 * (forward and backward of one chunk, returning the gradient), and one model-averaging round (up to K
 * local training steps, returning the weights). Each is a pure function of the partition's data and
 * the broadcast {@link StepInput}: it copies the cursor it advances and never writes anything but its
 * result, so Spark may run it again after a failure and get the same answer.
 */
final class PartitionTasks {
    private PartitionTasks() {}

    /** Called in the task after its work, before its result is returned: tests use it to fail an attempt. */
    static void probe(SparkTrainer.TaskProbe probe, int epoch, int step, int partition) {
        if (probe != null) probe.afterWork(epoch, step, partition);
    }

    static List<LabelledSequence> epochOrder(Iterator<LabelledSequence> data, long seed, int epoch, int partition) {
        List<LabelledSequence> part = new ArrayList<>();
        data.forEachRemaining(part::add);
        return StreamCursor.order(part, new Rng(StreamCursor.shuffleSeed(seed, epoch, partition)));
    }

    /** Per partition: the labelled frames of each of its chunks this epoch (length = its number of chunks). */
    static final class Plan implements Function2<Integer, Iterator<LabelledSequence>, Iterator<long[]>> {
        @Serial private static final long serialVersionUID = 1L;
        private final long seed;
        private final int epoch, streams, chunk, inputSize;

        Plan(long seed, int epoch, int streams, int chunk, int inputSize) {
            this.seed = seed; this.epoch = epoch; this.streams = streams; this.chunk = chunk; this.inputSize = inputSize;
        }

        @Override
        public Iterator<long[]> call(Integer partition, Iterator<LabelledSequence> data) {
            List<LabelledSequence> order = epochOrder(data, seed, epoch, partition);
            StreamCursor c = new StreamCursor(streams);
            int[] labels = new int[chunk * streams], lengths = new int[streams];
            boolean[] reset = new boolean[streams];
            List<Long> frames = new ArrayList<>();
            for (int n; (n = c.advance(order, inputSize, chunk, null, labels, lengths, reset)) >= 0; ) frames.add((long) n);
            return List.of(frames.stream().mapToLong(Long::longValue).toArray()).iterator();
        }
    }

    /**
     * Synchronous step: the partition's next chunk, forward and backward from the broadcast weights,
     * with the loss scaled by 1/N where N is the labelled frames of the whole step over all partitions
     * (known from the plan), so that the partitions' gradients sum to the gradient of the step's mean
     * loss: with one partition, exactly the computation of {@link Trainer#step}.
     */
    static final class SyncStep implements Function2<Integer, Iterator<LabelledSequence>, Iterator<PartitionResult>> {
        @Serial private static final long serialVersionUID = 1L;
        private final Broadcast<StepInput> input;
        private final ModelSpec spec;
        private final long seed;
        private final int epoch, step, streams, chunk;
        private final double scale;
        private final SparkTrainer.TaskProbe probe;

        SyncStep(Broadcast<StepInput> input, ModelSpec spec, long seed, int epoch, int step, int streams, int chunk, double scale, SparkTrainer.TaskProbe probe) {
            this.input = input; this.spec = spec; this.seed = seed; this.epoch = epoch; this.step = step;
            this.streams = streams; this.chunk = chunk; this.scale = scale; this.probe = probe;
        }

        @Override
        public Iterator<PartitionResult> call(Integer partition, Iterator<LabelledSequence> data) {
            StepInput in = input.value();
            List<LabelledSequence> order = epochOrder(data, seed, epoch, partition);
            StreamCursor cursor = in.cursor(partition, streams);
            PartitionResult r = new PartitionResult();
            ModelConfig config = spec.config();
            int B = streams, k = chunk, I = config.inputSize(), C = config.outputSize();
            Tensor x = Tensor.f32(k, B, I);                     // (T, B, I)
            int[] labels = new int[k * B], lengths = new int[B];
            boolean[] reset = new boolean[B];
            if (cursor.advance(order, I, k, x, labels, lengths, reset) >= 0) {
                SequenceModel model = WorkerModels.borrow(spec);
                try {
                    FlatParams.setValues(model, in.weights());
                    SequenceModel.Cache cache = model.newCache();
                    Tensor[][] state = model.zeroStates(B);
                    cursor.loadState(state, reset);
                    model.zeroGrad();
                    Tensor logits = model.forward(cache, x, k, B, lengths, state);       // (T, B, C)
                    Tensor dLogits = model.ops().zeros(logits.shape);
                    long[] stats = new long[2];
                    r.lossSum = model.ops().softmaxCrossEntropy(logits, 0, k * B, C, labels, 0, dLogits, scale, stats);
                    r.frames = stats[0];
                    r.correct = stats[1];
                    model.backward(cache, dLogits, null, null, null);
                    cursor.saveState(model.finalStates(cache));
                    r.gradient = FlatParams.gradients(model);
                    r.localSteps = r.maxLocalSteps = 1;
                } finally {
                    WorkerModels.release(spec, model);
                }
            }
            r.cursors.put(partition, cursor);
            r.payloadBytes = (r.gradient == null ? 0 : 4L * r.gradient.length) + cursor.payloadBytes();
            probe(probe, epoch, step, partition);
            return List.of(r).iterator();
        }
    }

    /**
     * Model-averaging round: up to K chunks of the partition's streams, each an ordinary
     * {@link Trainer#step} (local mean loss, local clipping, a local optimizer started from the
     * broadcast optimizer state); returns the weights and optimizer state and the steps taken.
     */
    static final class AveragingRound implements Function2<Integer, Iterator<LabelledSequence>, Iterator<PartitionResult>> {
        @Serial private static final long serialVersionUID = 1L;
        private final Broadcast<StepInput> input;
        private final ModelSpec spec;
        private final long seed;
        private final int epoch, round, streams, chunk, period;
        private final double learningRate, clipNorm, clipValue;
        private final SparkTrainer.OptimizerFactory optimizer;
        private final SparkTrainer.TaskProbe probe;

        AveragingRound(Broadcast<StepInput> input, ModelSpec spec, long seed, int epoch, int round, int streams, int chunk, int period,
                       double learningRate, double clipNorm, double clipValue, SparkTrainer.OptimizerFactory optimizer, SparkTrainer.TaskProbe probe) {
            this.input = input; this.spec = spec; this.seed = seed; this.epoch = epoch; this.round = round; this.streams = streams;
            this.chunk = chunk; this.period = period; this.learningRate = learningRate; this.clipNorm = clipNorm; this.clipValue = clipValue;
            this.optimizer = optimizer; this.probe = probe;
        }

        @Override
        public Iterator<PartitionResult> call(Integer partition, Iterator<LabelledSequence> data) {
            StepInput in = input.value();
            List<LabelledSequence> order = epochOrder(data, seed, epoch, partition);
            StreamCursor cursor = in.cursor(partition, streams);
            PartitionResult r = new PartitionResult();
            int B = streams, k = chunk, I = spec.config().inputSize();
            SequenceModel model = WorkerModels.borrow(spec);
            try {
                FlatParams.setValues(model, in.weights());
                Optimizer opt = optimizer.get();
                if (in.optimizerSteps() > 0) opt.loadState(optimizerState(in));
                Trainer local = new Trainer(model, opt, LearningRate.constant(learningRate), new Trainer.Clipping(clipNorm, clipValue));
                Tensor[][] state = model.zeroStates(B);
                int steps = 0;
                while (steps < period) {
                    Tensor x = Tensor.f32(k, B, I);             // (T, B, I)
                    int[] labels = new int[k * B], lengths = new int[B];
                    boolean[] reset = new boolean[B];
                    if (cursor.advance(order, I, k, x, labels, lengths, reset) < 0) break;
                    cursor.loadState(state, reset);
                    LossResult lr = local.step(new Batch(x, k, B, lengths, labels, null, Frames.ALL), state);
                    cursor.saveState(model.finalStates(local.cache()));
                    steps++;
                    r.lossSum += lr.loss() * lr.frames();
                    r.frames += lr.frames();
                    r.correct += lr.correct();
                }
                if (steps > 0) {
                    r.localSteps = r.maxLocalSteps = steps;
                    r.weights = FlatParams.values(model);
                    for (Map.Entry<String, Tensor> e : opt.state().entrySet()) {
                        if (e.getKey().equals("step")) continue;
                        r.optimizerState.put(e.getKey(), e.getValue().f.clone());
                        r.optimizerShapes.put(e.getKey(), e.getValue().shape.clone());
                    }
                }
            } finally {
                WorkerModels.release(spec, model);
            }
            r.cursors.put(partition, cursor);
            r.payloadBytes = cursor.payloadBytes() + (r.weights == null ? 0 : 4L * r.weights.length);
            for (float[] a : r.optimizerState.values()) r.payloadBytes += 4L * a.length;
            probe(probe, epoch, round, partition);
            return List.of(r).iterator();
        }

        private static Map<String, Tensor> optimizerState(StepInput in) {
            Map<String, Tensor> s = new LinkedHashMap<>();
            in.optimizerState().forEach((name, v) -> s.put(name, Tensor.wrap(v.clone(), in.optimizerShapes().get(name))));
            s.put("step", Tensor.wrap(new float[]{in.optimizerSteps()}, 1));
            return s;
        }
    }
}
