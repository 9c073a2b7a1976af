package carousel.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a partition returns from a step or round, and what tree aggregation combines: in synchronous
 * mode the partition's share of the step's mean-loss gradient (W), summed; in model averaging its
 * weights (W) and optimizer state after its local steps, combined into means weighted by the local
 * steps taken; and in both the loss and frame counts and the partition's advanced
 * {@link StreamCursor}. {@link #merge} combines the right operand into the left and returns it (Spark
 * allows a reduce function to reuse its first argument). Both combinations are commutative, so with
 * two partitions the result does not depend on which finishes first; one partition's arrays pass
 * through unchanged.
 */
final class PartitionResult implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    float[] gradient;                                     // (W) Σ over partitions, or null: no chunk run
    float[] weights;                                      // (W) mean over partitions weighted by localSteps, or null
    Map<String, float[]> optimizerState = new TreeMap<>();   // name → mean over partitions weighted by localSteps
    final Map<String, int[]> optimizerShapes = new TreeMap<>();
    long localSteps;                                      // Σ over partitions of chunks trained on (the weights of the means)
    long maxLocalSteps;
    double lossSum;                                       // Σ per-frame cross-entropy
    long frames, correct;
    long payloadBytes;                                    // bytes of arrays sent back by the partitions
    final Map<Integer, StreamCursor> cursors = new TreeMap<>();

    PartitionResult merge(PartitionResult o) {
        gradient = add(gradient, o.gradient);
        if (o.weights != null) {
            if (weights == null) { weights = o.weights; optimizerState = o.optimizerState; }
            else {
                weights = mean(weights, localSteps, o.weights, o.localSteps);
                for (Map.Entry<String, float[]> e : o.optimizerState.entrySet()) {
                    float[] mine = optimizerState.get(e.getKey());
                    if (mine == null) throw new IllegalStateException("optimizer state " + e.getKey() + " is missing from one partition");
                    optimizerState.put(e.getKey(), mean(mine, localSteps, e.getValue(), o.localSteps));
                }
            }
        }
        optimizerShapes.putAll(o.optimizerShapes);
        localSteps += o.localSteps;
        maxLocalSteps = Math.max(maxLocalSteps, o.maxLocalSteps);
        lossSum += o.lossSum;
        frames += o.frames;
        correct += o.correct;
        payloadBytes += o.payloadBytes;
        for (Map.Entry<Integer, StreamCursor> e : o.cursors.entrySet())
            if (cursors.put(e.getKey(), e.getValue()) != null)
                throw new IllegalStateException("partition " + e.getKey() + " reported twice in one step");
        return this;
    }

    /** Sums in place into a (or returns b when a is null); float addition is commutative, so two partitions sum the same either way. */
    private static float[] add(float[] a, float[] b) {
        if (a == null) return b;
        if (b == null) return a;
        if (a.length != b.length) throw new IllegalStateException("partitions returned arrays of " + a.length + " and " + b.length + " values");
        for (int i = 0; i < a.length; i++) a[i] += b[i];
        return a;
    }

    /** (wa·a + wb·b)/(wa + wb) element-wise, in float64 and rounded once, into a. */
    private static float[] mean(float[] a, long wa, float[] b, long wb) {
        if (a.length != b.length) throw new IllegalStateException("partitions returned arrays of " + a.length + " and " + b.length + " values");
        double w = wa + wb;
        for (int i = 0; i < a.length; i++) a[i] = (float) (((double) wa * a[i] + (double) wb * b[i]) / w);
        return a;
    }
}
