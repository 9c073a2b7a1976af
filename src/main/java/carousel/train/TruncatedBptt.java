package carousel.train;

import carousel.loss.Frames;
import carousel.loss.LossResult;
import carousel.model.SequenceModel;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.util.List;

/**
 * Truncated backpropagation through time in the style of Sak, Senior &amp; Beaufays (Interspeech 2014):
 * B parallel streams each hold one sequence at a time; every update sees the next chunk of k steps
 * of every stream, starting from the state the stream ended the previous chunk with (the state is
 * carried, the gradient is not: it stops at the chunk boundary). When a stream's sequence ends,
 * the rest of its chunk is padding (masked), and the next sequence starts at the stream's next chunk
 * with its state reset to zero. Memory is O(k·B) whatever the sequence lengths; with k ≥ every
 * sequence length this is full BPTT. Which stream holds what when is {@link StreamSchedule}'s.
 */
public final class TruncatedBptt {
    /**
     * One labelled sequence: features (T, D) row-major and one class label per frame (−1 = none). With a splice
     * window (left, right) the input at step t is frames t − left .. t + right side by side (edge frames repeated,
     * Kaldi's {@code splice-feats}), so I = D · (left + 1 + right): built as each chunk is filled, while memory
     * holds D values per frame (a DNN's 16 stacked frames of 10 h of speech would be 9 GB, stacked once).
     */
    public record Sequence(String id, float[] features, int steps, int[] labels, int left, int right) {
        public Sequence {
            if (steps < 1) throw new IllegalArgumentException("sequence " + id + " is empty");
            if (labels.length != steps) throw new IllegalArgumentException("sequence " + id + " has " + steps + " frames but " + labels.length + " labels");
            if (features.length % steps != 0) throw new IllegalArgumentException("sequence " + id + ": " + features.length + " feature values are not " + steps + " frames");
            if (left < 0 || right < 0) throw new IllegalArgumentException("sequence " + id + ": splice window " + left + ", " + right + " is negative");
        }

        /** A sequence whose frames are its inputs (no splice window). */
        public Sequence(String id, float[] features, int steps, int[] labels) { this(id, features, steps, labels, 0, 0); }

        /** Values per input step: D · (left + 1 + right). */
        public int inputSize() { return features.length / steps * (left + 1 + right); }

        /** The inputs (T, I) row-major: the features themselves without a splice window, else a spliced copy. */
        public float[] inputs() {
            if (left + right == 0) return features;
            int I = inputSize();
            float[] out = new float[steps * I];
            for (int t = 0; t < steps; t++) input(t, out, t * I);
            return out;
        }

        /** Input step t (I values) into y from yOff: frames t − left .. t + right, clamped to the sequence. */
        void input(int t, float[] y, int yOff) {
            int D = features.length / steps;
            for (int j = -left; j <= right; j++)
                System.arraycopy(features, Math.min(Math.max(t + j, 0), steps - 1) * D, y, yOff + (j + left) * D, D);
        }
    }

    /**
     * Called after each chunk with the chunk's batch, the model's logits for it (null when training),
     * its loss (null when not training), and for each stream the id of its sequence (null when the
     * stream has run dry) and the sequence frame at which the chunk starts.
     */
    public interface ChunkListener {
        void chunk(Batch batch, Tensor logits, LossResult trainLoss, String[] sequenceIds, int[] startFrames);
    }

    /**
     * Where a training pass stands after {@code chunks} chunks: the frame-weighted loss sum and labelled frames so
     * far, and the state each stream carries into the next chunk ({@code states[layer][part]}, (B, width) each; the
     * live tensors during the pass: copy them to keep them). Enough, with the weights, the optimizer and the
     * random-number state at the pass's start, to go on from there as if the pass had not stopped.
     */
    public record Position(long chunks, double lossSum, long frames, Tensor[][] states) {}

    /**
     * A training pass that can stop and go on mid-way (EpochLoop's partial checkpoints): {@link #start} is where
     * the pass begins (null: at its first chunk), and {@link #reached} is told the position after every chunk.
     */
    public interface Resumption {
        Position start();

        void reached(Position position);
    }

    private final List<Sequence> sequences;
    private final int inputSize, streams, chunk;

    public TruncatedBptt(List<Sequence> sequences, int inputSize, int streams, int chunk) {
        if (streams < 1) throw new IllegalArgumentException("number of streams must be at least 1, got " + streams);
        if (chunk < 1) throw new IllegalArgumentException("chunk length must be at least 1, got " + chunk);
        for (Sequence s : sequences)
            if (s.inputSize() != inputSize)
                throw new IllegalArgumentException("sequence " + s.id() + " has " + s.inputSize() + " inputs per step, the model expects " + inputSize);
        this.sequences = sequences;
        this.inputSize = inputSize;
        this.streams = streams;
        this.chunk = chunk;
    }

    /**
     * One pass over all sequences in the given order (shuffled with rng when non-null). With a
     * trainer, each chunk is a training step; without, the model only runs forward (evaluation,
     * streaming inference). Returns the frame-weighted mean loss over the pass (training only).
     */
    public double epoch(SequenceModel model, Trainer trainer, Rng rng, ChunkListener listener) {
        return epoch(model, trainer, rng, listener, null);
    }

    /**
     * {@link #epoch(SequenceModel, Trainer, Rng, ChunkListener)} that can go on from a position reached before
     * (given the same order, i.e. rng in the state it had when that pass began): the chunks before it are only
     * scheduled, not computed, the streams' states and the loss sums are those of the position, and the listener
     * hears the chunks from there on. A training pass tells {@code resumption} its position after every chunk.
     */
    public double epoch(SequenceModel model, Trainer trainer, Rng rng, ChunkListener listener, Resumption resumption) {
        int longest = 0;
        for (Sequence s : sequences) longest = Math.max(longest, s.steps());
        if (model.config().bidirectional() && chunk < longest)
            throw new IllegalArgumentException("truncated BPTT carries state forward in time only; a bidirectional model needs whole sequences: "
                    + "make the chunk length (" + chunk + ") at least the longest sequence (" + longest + ")");
        List<Sequence> order = StreamSchedule.order(sequences, rng);
        int B = streams, k = chunk, I = inputSize;
        StreamSchedule schedule = new StreamSchedule(B);
        if (trainer != null && trainer.model() != model) throw new IllegalArgumentException("the trainer trains another model");
        SequenceModel.Cache cache = trainer != null ? trainer.cache() : model.newCache();
        Tensor[][] state = model.zeroStates(B);
        Tensor x = Tensor.f32(k, B, I);
        int[] labels = new int[k * B], lengths = new int[B], starts = new int[B], current = new int[B];
        boolean[] reset = new boolean[B];
        String[] ids = new String[B];
        double lossSum = 0;
        long frames = 0, chunks = 0;
        Position from = resumption == null ? null : resumption.start();
        if (from != null) {
            if (trainer == null) throw new IllegalArgumentException("only a training pass goes on from a position");
            checkStates(from.states(), state);
            for (; chunks < from.chunks(); chunks++)
                if (!schedule.advance(order.size(), i -> order.get(i).steps(), k, current, starts, lengths, reset))
                    throw new IllegalArgumentException("the position is " + from.chunks() + " chunks into a pass of " + chunks);
            for (int l = 0; l < state.length; l++)
                for (int p = 0; p < state[l].length; p++) state[l][p].copyFrom(from.states()[l][p]);
            lossSum = from.lossSum();
            frames = from.frames();
        }
        while (schedule.advance(order.size(), i -> order.get(i).steps(), k, current, starts, lengths, reset)) {
            for (int b = 0; b < B; b++) {
                if (reset[b]) resetStream(state, b);       // a new sequence starts from a zero state
                Sequence s = current[b] < 0 ? null : order.get(current[b]);
                ids[b] = s == null ? null : s.id();
                if (s == null) StreamSchedule.fill(x, labels, b, B, I, k, null, null, 0, 0);
                else if (s.left() + s.right() == 0) StreamSchedule.fill(x, labels, b, B, I, k, s.features(), s.labels(), starts[b], lengths[b]);
                else fillSpliced(x, labels, b, B, I, k, s, starts[b], lengths[b]);
            }
            Batch batch = new Batch(x, k, B, lengths.clone(), labels.clone(), null, Frames.ALL);
            LossResult r = null;
            Tensor logits;
            if (trainer != null) {
                r = trainer.step(batch, state);
                logits = null;
                lossSum += r.loss() * r.frames();
                frames += r.frames();
            } else {
                logits = model.forward(cache, x, k, B, lengths, state);
            }
            if (listener != null) listener.chunk(batch, logits, r, ids.clone(), starts.clone());
            Tensor[][] fin = model.finalStates(cache);
            for (int l = 0; l < state.length; l++)
                for (int p = 0; p < state[l].length; p++) state[l][p].copyFrom(fin[l][p]);
            chunks++;
            if (trainer != null && resumption != null) resumption.reached(new Position(chunks, lossSum, frames, state));
        }
        return frames == 0 ? Double.NaN : lossSum / frames;
    }

    /** The saved states have the shapes of the model's states for these streams. */
    private static void checkStates(Tensor[][] saved, Tensor[][] state) {
        boolean same = saved.length == state.length;
        for (int l = 0; same && l < state.length; l++) {
            same = saved[l].length == state[l].length;
            for (int p = 0; same && p < state[l].length; p++) same = java.util.Arrays.equals(saved[l][p].shape, state[l][p].shape);
        }
        if (!same) throw new IllegalArgumentException("the saved stream states do not fit this model and number of streams");
    }

    /** {@link StreamSchedule#fill} for a sequence with a splice window: each step's input built from its frames. */
    private static void fillSpliced(Tensor x, int[] labels, int b, int B, int I, int k, Sequence s, int start, int n) {
        StreamSchedule.fill(null, labels, b, B, I, k, null, s.labels(), start, n);
        for (int t = 0; t < k; t++) {
            int dst = (t * B + b) * I;
            if (t < n) s.input(start + t, x.f, dst);
            else java.util.Arrays.fill(x.f, dst, dst + I, 0f);
        }
    }

    private static void resetStream(Tensor[][] state, int b) {
        for (Tensor[] layer : state)
            for (Tensor part : layer) {
                int width = part.dim(1);
                for (int j = 0; j < width; j++) part.set(b * width + j, 0);
            }
    }
}
