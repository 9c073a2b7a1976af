package carousel.bench;

import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.model.StreamingModel;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.util.Arrays;

/**
 * B4: many streams of one model at once, as a recognition server runs them. Up to {@code slots}
 * streams are live; each is fed one frame per step, and all live streams step together
 * ({@link StreamingModel#stepRows}: the weights read once per step for all of them). Streams join
 * and leave on a seeded schedule: the first joins are staggered over the first 40 steps, a stream
 * lasts 100 to 500 frames, and its slot stays empty for 0 to 20 steps before the next one joins
 * with a fresh state, so the batch changes size from step to step (its mean is printed).
 *
 * <p>Reported: total frames per second (median of the timed runs), the 50th and 95th percentile
 * of the time per step over all timed steps, and real-time streams (frames/s ÷ 100, the frames
 * per second of audio at a 10 ms shift).
 */
public final class ManyStreams {
    private ManyStreams() {}

    /** One B4 measurement. */
    public record Result(String name, double framesPerSecond, double p50Ms, double p95Ms, double meanStreams, int slots, long steps,
                         StreamingModel.Weights weights, double[] samples) {
        /** Streams of audio at 100 frames per second that this throughput keeps up with. */
        public double realTimeStreams() { return framesPerSecond / 100; }

        @Override public String toString() {
            return String.format("%-3s %10.0f frames/s  step p50 %.3f ms p95 %.3f ms  %.0f real-time streams  (%d slots, %.1f streams per step on average, %d steps, %s weights; median of %d runs: %s)",
                    name, framesPerSecond, p50Ms, p95Ms, realTimeStreams(), slots, meanStreams, steps, weights.label(), samples.length, Benchmarks.spread(samples));
        }
    }

    /** Runs {@code repeats} timed runs of {@code steps} steps each after a warm-up, on a random model of shape cfg. */
    public static Result run(String name, ModelConfig cfg, int slots, int steps, int repeats, StreamingModel.Weights weights) {
        if (slots < 1 || steps < 1 || repeats < 1) throw new IllegalArgumentException("slots, steps and repeats must be positive");
        SequenceModel model = new SequenceModel(cfg, DType.F32);
        model.initialize(new Rng(2));
        StreamingModel streaming = new StreamingModel(model, weights);
        StreamingModel.Scratch scratch = streaming.newScratch();
        int I = cfg.inputSize(), poolFrames = 997;
        float[] pool = new float[poolFrames * I];            // (poolFrames, I): stream frames are read from here at a per-stream offset
        Rng rng = new Rng(3);
        for (int i = 0; i < pool.length; i++) pool[i] = (float) rng.uniform(-1, 1);
        Schedule schedule = new Schedule(slots, new Rng(5));
        float[] x = new float[slots * I];                    // (m, I): this step's frames
        Tensor[][][] live = new Tensor[slots][][];
        float sink = 0;
        for (int t = 0; t < 300; t++) sink += step(streaming, scratch, schedule, pool, poolFrames, x, live);   // warm-up: JIT, buffers
        double[] fps = new double[repeats];
        double[] stepNs = new double[repeats * steps];
        long streamSteps = 0;
        for (int r = 0; r < repeats; r++) {
            long frames = 0, t0 = System.nanoTime();
            for (int t = 0; t < steps; t++) {
                long s0 = System.nanoTime();
                int m = schedule.live();
                sink += step(streaming, scratch, schedule, pool, poolFrames, x, live);
                stepNs[r * steps + t] = System.nanoTime() - s0;
                frames += m;
            }
            fps[r] = frames / ((System.nanoTime() - t0) / 1e9);
            streamSteps += frames;
        }
        if (Float.isNaN(sink)) throw new IllegalStateException("B4 produced NaN");
        Arrays.sort(stepNs);
        double[] sorted = fps.clone();
        Arrays.sort(sorted);
        double med = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new Result(name, med, percentile(stepNs, 0.50) / 1e6, percentile(stepNs, 0.95) / 1e6, (double) streamSteps / ((long) repeats * steps),
                slots, (long) repeats * steps, weights, fps);
    }

    /** One step of every live stream; the schedule then advances (streams end, slots refill). Returns a logit to keep the work alive. */
    private static float step(StreamingModel streaming, StreamingModel.Scratch scratch, Schedule schedule, float[] pool, int poolFrames, float[] x, Tensor[][][] live) {
        int I = streaming.inputSize(), m = 0;
        for (int s = 0; s < schedule.slots; s++) {
            if (schedule.state[s] == null) continue;
            int frame = (schedule.offset[s] + schedule.done[s]) % poolFrames;
            System.arraycopy(pool, frame * I, x, m * I, I);
            live[m++] = schedule.state[s];
        }
        float out = 0;
        if (m > 0) out = streaming.stepRows(scratch, m, x, 0, I, live)[0];
        schedule.advance(streaming);
        return out;
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * (sorted.length - 1) + 0.5))];
    }

    /** The seeded join/leave schedule: per slot a live stream (its state, length, frames done) or an empty slot waiting to refill. */
    private static final class Schedule {
        final int slots;
        final Tensor[][][] state;     // per slot: the live stream's state, or null
        final int[] length, done, offset, wait;
        final Rng rng;

        Schedule(int slots, Rng rng) {
            this.slots = slots;
            this.rng = rng;
            state = new Tensor[slots][][];
            length = new int[slots];
            done = new int[slots];
            offset = new int[slots];
            wait = new int[slots];
            for (int s = 0; s < slots; s++) wait[s] = rng.nextInt(40);   // staggered first joins
        }

        int live() {
            int n = 0;
            for (Tensor[][] st : state) if (st != null) n++;
            return n;
        }

        /** After a step: live streams count a frame and end at their length; empty slots count down and refill. */
        void advance(StreamingModel streaming) {
            for (int s = 0; s < slots; s++) {
                if (state[s] != null) {
                    if (++done[s] >= length[s]) { state[s] = null; wait[s] = rng.nextInt(21); }
                } else if (wait[s]-- <= 0) {
                    state[s] = streaming.newState();
                    length[s] = 100 + rng.nextInt(401);
                    done[s] = 0;
                    offset[s] = rng.nextInt(997);
                }
            }
        }
    }
}
