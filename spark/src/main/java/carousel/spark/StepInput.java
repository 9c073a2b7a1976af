package carousel.spark;

import java.io.Serial;
import java.io.Serializable;
import java.util.Map;

/**
 * What the driver broadcasts before a step (synchronous mode) or a round (model averaging): the
 * current weights (W) in {@link ModelSpec} order, every partition's {@link StreamCursor} (absent:
 * the partition has not started its epoch), and for model averaging the optimizer's state (e.g.
 * Adam's exp_avg/NAME and exp_avg_sq/NAME) and step count. Tasks only read it: in local mode the
 * executor's copy is the driver's object itself.
 */
record StepInput(float[] weights, Map<Integer, StreamCursor> cursors, Map<String, float[]> optimizerState,
                 Map<String, int[]> optimizerShapes, long optimizerSteps) implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    /** A copy of the partition's cursor to advance, or a fresh one. */
    StreamCursor cursor(int partition, int streams) {
        StreamCursor c = cursors.get(partition);
        return c == null ? new StreamCursor(streams) : c.copy();
    }

    /** Bytes of the arrays one copy of this broadcast carries. */
    long payloadBytes() {
        long n = 4L * weights.length;
        for (StreamCursor c : cursors.values()) n += c.payloadBytes();
        if (optimizerState != null) for (float[] a : optimizerState.values()) n += 4L * a.length;
        return n;
    }
}
