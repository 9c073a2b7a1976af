package carousel.spark;

import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One partition's B truncated-BPTT streams between two steps: which sequence of the partition's epoch
 * order each stream holds and at which frame it stands, and the recurrent state it carries. The
 * schedule is {@link carousel.train.TruncatedBptt}'s, step for step: a stream whose sequence has
 * ended takes the next one of the order and starts it from a zero state; a stream with nothing left
 * is padding; a chunk is k steps of every stream. With one partition holding every sequence, the
 * chunks are exactly those of {@code TruncatedBptt.epoch} with the same order.
 *
 * <p>A cursor is a value: a task copies it, advances the copy and returns it with its result, and the
 * driver hands the returned cursor to the next step. A retried task thus starts from the same cursor
 * as the failed attempt did.
 */
final class StreamCursor implements Serializable {
    @Serial private static final long serialVersionUID = 1L;

    final int streams;
    final int[] current;   // (B) index into the epoch order of each stream's sequence; −1: none
    final int[] pos;       // (B) next frame of that sequence
    int next;              // next sequence of the order to hand out
    float[] state;         // every layer's state parts concatenated, each (B, width); null: all zero

    StreamCursor(int streams) {
        if (streams < 1) throw new IllegalArgumentException("streams per partition must be at least 1, got " + streams);
        this.streams = streams;
        this.current = new int[streams];
        this.pos = new int[streams];
        Arrays.fill(current, -1);
    }

    StreamCursor copy() {
        StreamCursor c = new StreamCursor(streams);
        System.arraycopy(current, 0, c.current, 0, streams);
        System.arraycopy(pos, 0, c.pos, 0, streams);
        c.next = next;
        c.state = state == null ? null : state.clone();
        return c;
    }

    /** Bytes this cursor adds to a broadcast or a task result (arrays only). */
    long payloadBytes() { return 8L * streams + 4 + (state == null ? 0 : 4L * state.length); }

    /** The seed of partition {@code partition}'s shuffle in epoch {@code epoch}. */
    static long shuffleSeed(long seed, int epoch, int partition) {
        return new Rng(seed ^ (0x9E3779B97F4A7C15L * (1 + ((long) epoch << 20) + partition))).nextLong();
    }

    /** The partition's sequences in their epoch order: shuffled as {@code TruncatedBptt.epoch} shuffles. */
    static List<LabelledSequence> order(List<LabelledSequence> partition, Rng rng) {
        List<LabelledSequence> order = new ArrayList<>(partition);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            LabelledSequence s = order.get(i); order.set(i, order.get(j)); order.set(j, s);
        }
        return order;
    }

    /**
     * Fills the next chunk of k steps: x (k, B, I) when non-null, labels (k·B, −1 = none), lengths (B)
     * and reset (B: the stream started a new sequence, so its state must start from zero). Returns the
     * number of labelled frames within the streams' lengths, or −1 when no stream had any frame left
     * (the epoch is over for this partition; nothing is filled).
     */
    int advance(List<LabelledSequence> order, int inputSize, int k, Tensor x, int[] labels, int[] lengths, boolean[] reset) {
        int B = streams, I = inputSize;
        boolean any = false;
        int counted = 0;
        for (int b = 0; b < B; b++) {
            reset[b] = false;
            if (current[b] < 0 || pos[b] >= order.get(current[b]).steps()) {
                current[b] = next < order.size() ? next++ : -1;
                pos[b] = 0;
                reset[b] = true;
            }
            LabelledSequence s = current[b] < 0 ? null : order.get(current[b]);
            if (s != null && s.features().length != s.steps() * I)
                throw new IllegalArgumentException("sequence " + s.id() + " has " + s.features().length / s.steps() + " features per frame, the model expects " + I);
            int n = s == null ? 0 : Math.min(k, s.steps() - pos[b]);
            lengths[b] = n;
            any |= n > 0;
            for (int t = 0; t < k; t++) {
                int dst = (t * B + b) * I;
                if (t < n) {
                    if (x != null) System.arraycopy(s.features(), (pos[b] + t) * I, x.f, dst, I);
                    int y = s.labels()[pos[b] + t];
                    labels[t * B + b] = y;
                    if (y >= 0) counted++;
                } else {
                    if (x != null) Arrays.fill(x.f, dst, dst + I, 0f);
                    labels[t * B + b] = -1;
                }
            }
            pos[b] += n;
        }
        return any ? counted : -1;
    }

    /** Loads the carried state into {@code state} (zeros when none yet) and zeroes the rows of reset streams. */
    void loadState(Tensor[][] state, boolean[] reset) {
        int off = 0;
        for (Tensor[] layer : state)
            for (Tensor part : layer) {
                if (this.state == null) part.zero();
                else System.arraycopy(this.state, off, part.f, 0, part.size());
                int width = part.dim(1);
                for (int b = 0; b < streams; b++) if (reset[b]) Arrays.fill(part.f, b * width, (b + 1) * width, 0f);
                off += part.size();
            }
    }

    /** Keeps the model's final states of the chunk just run as the state to carry. */
    void saveState(Tensor[][] finalStates) {
        int n = 0;
        for (Tensor[] layer : finalStates) for (Tensor part : layer) n += part.size();
        if (state == null || state.length != n) state = new float[n];
        int off = 0;
        for (Tensor[] layer : finalStates)
            for (Tensor part : layer) { System.arraycopy(part.f, 0, state, off, part.size()); off += part.size(); }
    }
}
