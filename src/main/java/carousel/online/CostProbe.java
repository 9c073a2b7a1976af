package carousel.online;

import carousel.tensor.Rng;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what the 1997 learning rule costs as sequences grow: time per step and memory, for the
 * online algorithm (traces carried forward: O(W) per step, O(W) memory whatever T) beside the
 * reference truncated BPTT of the same net (O(W) per step too, but memory growing with T because
 * every step's activations are stored for the backward pass).
 */
public final class CostProbe {
    /** One row: sequence length, and per method nanoseconds per step and bytes. */
    public record Row(int steps, double onlineNsPerStep, double onlineBytesAllocatedPerStep, long onlineStateBytes,
                      double bpttNsPerStep, double bpttBytesAllocatedPerStep) {}

    private CostProbe() {}

    private static void warmUp(Lstm1997 net, Lstm1997Config cfg, Rng rng) {
        double[][] xs = new double[500][cfg.inputs()], ts = new double[500][];
        for (double[] x : xs) x[rng.nextInt(cfg.inputs())] = 1;
        ts[499] = new double[cfg.outputs()];
        for (int i = 0; i < 20; i++) { net.trainSequence(xs, ts, 0.01, false); net.truncatedBpttGradient(xs, ts); }
    }

    public static List<Row> measure(Lstm1997Config cfg, int[] lengths, int repeats, long seed) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        List<Row> rows = new ArrayList<>();
        Rng rng = new Rng(seed);
        Lstm1997 net = new Lstm1997(cfg, rng);
        warmUp(net, cfg, rng);
        for (int T : lengths) {
            double[][] xs = new double[T][cfg.inputs()], ts = new double[T][];
            for (double[] x : xs) x[rng.nextInt(cfg.inputs())] = 1;
            ts[T - 1] = new double[cfg.outputs()];
            net.trainSequence(xs, ts, 0.01, false);   // warm-up (JIT)
            net.truncatedBpttGradient(xs, ts);
            long a0 = threads.getThreadAllocatedBytes(tid), t0 = System.nanoTime();
            for (int r = 0; r < repeats; r++) net.trainSequence(xs, ts, 0.01, false);
            long t1 = System.nanoTime(), a1 = threads.getThreadAllocatedBytes(tid);
            for (int r = 0; r < repeats; r++) net.truncatedBpttGradient(xs, ts);
            long t2 = System.nanoTime(), a2 = threads.getThreadAllocatedBytes(tid);
            double steps = (double) T * repeats;
            rows.add(new Row(T, (t1 - t0) / steps, (a1 - a0) / steps, net.stateBytes(), (t2 - t1) / steps, (a2 - a1) / steps));
        }
        return rows;
    }
}
