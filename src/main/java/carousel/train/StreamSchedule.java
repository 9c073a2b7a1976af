package carousel.train;

import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Which sequence each of B truncated-BPTT streams holds and where it stands: the scheduler of
 * {@link TruncatedBptt} (Sak, Senior &amp; Beaufays, Interspeech 2014), as a value. Every chunk is
 * k steps of every stream; a stream whose sequence has ended takes the next sequence of the epoch
 * order and starts it from a zero state; a stream with nothing left is padding. A schedule can be
 * copied and serialised, so a distributed trainer (the Spark module) can carry it from step to step
 * and get exactly the chunks one machine would.
 */
public final class StreamSchedule implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    private final int streams;
    private final int[] current;   // (B) index into the epoch order of each stream's sequence; −1: none
    private final int[] pos;       // (B) next step of that sequence
    private int next;              // next sequence of the order to hand out

    public StreamSchedule(int streams) {
        if (streams < 1) throw new IllegalArgumentException("number of streams must be at least 1, got " + streams);
        this.streams = streams;
        this.current = new int[streams];
        this.pos = new int[streams];
        Arrays.fill(current, -1);
    }

    public StreamSchedule copy() {
        StreamSchedule c = new StreamSchedule(streams);
        System.arraycopy(current, 0, c.current, 0, streams);
        System.arraycopy(pos, 0, c.pos, 0, streams);
        c.next = next;
        return c;
    }

    public int streams() { return streams; }

    /** Bytes of the schedule's arrays (for traffic accounting). */
    public long payloadBytes() { return 8L * streams + 4; }

    /** The epoch order: a copy of the sequences, shuffled with rng (Fisher–Yates, from the end) when rng is non-null. */
    public static <T> List<T> order(List<T> sequences, Rng rng) {
        List<T> order = new ArrayList<>(sequences);
        if (rng != null)
            for (int i = order.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                T s = order.get(i);
                order.set(i, order.get(j));
                order.set(j, s);
            }
        return order;
    }

    /**
     * Moves every stream to its next chunk of at most k steps over {@code count} sequences whose
     * lengths {@code steps} gives: for each stream b, {@code sequence[b]} (index into the order, −1:
     * none), {@code start[b]} (its first step in that sequence), {@code length[b]} (steps in the chunk)
     * and {@code reset[b]} (the stream took a new sequence: its state starts from zero). Returns false
     * when no stream had a step left (the epoch is over).
     */
    public boolean advance(int count, IntUnaryOperator steps, int k, int[] sequence, int[] start, int[] length, boolean[] reset) {
        boolean any = false;
        for (int b = 0; b < streams; b++) {
            reset[b] = false;
            if (current[b] < 0 || pos[b] >= steps.applyAsInt(current[b])) {
                current[b] = next < count ? next++ : -1;
                pos[b] = 0;
                reset[b] = true;
            }
            sequence[b] = current[b];
            start[b] = pos[b];
            int n = current[b] < 0 ? 0 : Math.min(k, steps.applyAsInt(current[b]) - pos[b]);
            length[b] = n;
            any |= n > 0;
            pos[b] += n;
        }
        return any;
    }

    /**
     * Copies stream b's chunk into the batch: x (k, B, I) rows t &lt; n from {@code features} (T, I)
     * at step {@code start}, zeros after (x may be null: labels only); labels (k·B) likewise, −1 as
     * padding. Returns the labelled steps (label ≥ 0) copied.
     */
    public static int fill(Tensor x, int[] labels, int b, int B, int I, int k, float[] features, int[] sequenceLabels, int start, int n) {
        int labelled = 0;
        for (int t = 0; t < k; t++) {
            int dst = (t * B + b) * I;
            if (t < n) {
                if (x != null) System.arraycopy(features, (start + t) * I, x.f, dst, I);
                int y = sequenceLabels[start + t];
                labels[t * B + b] = y;
                if (y >= 0) labelled++;
            } else {
                if (x != null) Arrays.fill(x.f, dst, dst + I, 0f);
                labels[t * B + b] = -1;
            }
        }
        return labelled;
    }
}
