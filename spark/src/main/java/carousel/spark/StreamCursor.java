package carousel.spark;

import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.StreamSchedule;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * One partition's B truncated-BPTT streams between two steps: the {@link StreamSchedule} of
 * {@link carousel.train.TruncatedBptt} (which sequence of the partition's epoch order each stream
 * holds and at which frame it stands) and the recurrent state the streams carry. With one partition
 * holding every sequence, the chunks are exactly those of {@code TruncatedBptt.epoch} with the same
 * order.
 *
 * <p>A cursor is a value: a task copies it, advances the copy and returns it with its result, and the
 * driver hands the returned cursor to the next step. A retried task thus starts from the same cursor
 * as the failed attempt did.
 */
final class StreamCursor implements Serializable {
    @Serial private static final long serialVersionUID = 2L;

    final int streams;
    final StreamSchedule schedule;   // which sequence each stream holds and where: the single-machine scheduler's
    float[] state;                   // every layer's state parts concatenated, each (B, width); null: all zero
    private transient int[] sequence, start;

    StreamCursor(int streams) { this(new StreamSchedule(streams)); }

    private StreamCursor(StreamSchedule schedule) {
        this.schedule = schedule;
        this.streams = schedule.streams();
    }

    StreamCursor copy() {
        StreamCursor c = new StreamCursor(schedule.copy());
        c.state = state == null ? null : state.clone();
        return c;
    }

    /** Bytes this cursor adds to a broadcast or a task result (arrays only). */
    long payloadBytes() { return schedule.payloadBytes() + (state == null ? 0 : 4L * state.length); }

    /** The seed of partition {@code partition}'s shuffle in epoch {@code epoch}. */
    static long shuffleSeed(long seed, int epoch, int partition) {
        return new Rng(seed ^ (0x9E3779B97F4A7C15L * (1 + ((long) epoch << 20) + partition))).nextLong();
    }

    /** The partition's sequences in their epoch order: shuffled as {@code TruncatedBptt.epoch} shuffles. */
    static List<LabelledSequence> order(List<LabelledSequence> partition, Rng rng) {
        return StreamSchedule.order(partition, rng);
    }

    /**
     * Fills the next chunk of k steps: x (k, B, I) when non-null, labels (k·B, −1 = none), lengths (B)
     * and reset (B: the stream started a new sequence, so its state must start from zero). Returns the
     * number of labelled frames within the streams' lengths, or −1 when no stream had any frame left
     * (the epoch is over for this partition; nothing is filled).
     */
    int advance(List<LabelledSequence> order, int inputSize, int k, Tensor x, int[] labels, int[] lengths, boolean[] reset) {
        int B = streams, I = inputSize;
        if (sequence == null) { sequence = new int[B]; start = new int[B]; }
        if (!schedule.advance(order.size(), i -> order.get(i).steps(), k, sequence, start, lengths, reset)) return -1;
        int counted = 0;
        for (int b = 0; b < B; b++) {
            LabelledSequence s = sequence[b] < 0 ? null : order.get(sequence[b]);
            if (s != null && s.features().length != s.steps() * I)
                throw new IllegalArgumentException("sequence " + s.id() + " has " + s.features().length / s.steps() + " features per frame, the model expects " + I);
            counted += s == null ? StreamSchedule.fill(x, labels, b, B, I, k, null, null, 0, 0)
                    : StreamSchedule.fill(x, labels, b, B, I, k, s.features(), s.labels(), start[b], lengths[b]);
        }
        return counted;
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
