package carousel.speech.am;

import carousel.model.SequenceModel;
import carousel.model.StreamingModel;
import carousel.speech.feature.FeaturePipeline;
import carousel.tensor.Tensor;

/**
 * An acoustic model run frame by frame for one stream: Kaldi feature frames in (before deltas and
 * normalisation), one row of log posteriors per frame out, in frame order, the model's output delay
 * undone. Input frames go through the model's {@link FeaturePipeline#stream} and into the network with
 * its state carried; network output t + delay is frame t's, so rows come out {@code delay} (plus the
 * pipeline's look-ahead) frames after their input; {@link #finish} pads with copies of the last input
 * frame, as the whole-utterance forward does, so the rows equal {@link AcousticModel#logPosteriors}'s.
 *
 * <p>An LSTM steps through a {@link StreamingModel} (a weight snapshot given by the caller, so that its
 * storage can be chosen and streams can share it; this stream has its own scratch); other recurrent
 * models run the network's forward one frame per call, with this stream's own cache.
 * Not thread-safe: one per stream. Check the model with {@link carousel.speech.recognize.Recognizer#checkStreaming}
 * first.
 */
public final class PosteriorStream {
    /** Receives each frame's log posteriors (the array is reused: copy what must be kept). */
    public interface Sink {
        void row(int frame, float[] logPosteriors);
    }

    private final SequenceModel net;
    private final StreamingModel streaming;
    private final FeaturePipeline.Stream inputs;
    private final SequenceModel.Cache cache;              // the network's forward: this stream's activations
    private final StreamingModel.Scratch scratch;         // the snapshot's step: this stream's buffers
    private final Tensor[][] state;
    private final Tensor frame;
    private final float[] row;
    private final int inputSize, delay, classes;
    private final java.util.function.UnaryOperator<float[]> rows;   // a row of the network's log posteriors (C) to what goes out
    private float[] last;
    private int steps;

    /** @param streaming the LSTM's batch-1 step (null: the network's own forward, one frame per call) */
    public PosteriorStream(AcousticModel model, StreamingModel streaming) {
        this(model, streaming, model.config().tying() == null ? r -> r : model.config().tying()::collapse);
    }

    /**
     * As the other constructor, each row of log posteriors (C) passed through {@code rows} before it goes out
     * (e.g. the word search's acoustic ids, {@code speech.decode.ContextStates.collapse}); the row given
     * to it is reused for the next frame.
     */
    public PosteriorStream(AcousticModel model, StreamingModel streaming, java.util.function.UnaryOperator<float[]> rows) {
        AmConfig am = model.config();
        this.net = model.network();
        this.streaming = streaming;
        this.inputs = am.features().stream();
        this.cache = streaming == null ? net.newCache() : null;
        this.scratch = streaming == null ? null : streaming.newScratch();
        this.state = net.zeroStates(1);
        this.inputSize = am.inputSize();
        this.delay = am.delay();
        this.classes = am.numClasses();
        this.rows = rows;
        this.frame = Tensor.f32(1, 1, inputSize);
        this.row = new float[classes];
    }

    /** Frames whose rows have been given out so far. */
    public int framesOut() { return Math.max(0, steps - delay); }

    /** One Kaldi feature frame (D values) in; the rows that became available go to {@code out}. */
    public void accept(float[] kaldiFrame, Sink out) {
        for (float[] x : inputs(kaldiFrame)) output(step(x), out);
    }

    /** The end of the stream: the pipeline's held-back frames and the output delay flushed into {@code out}. */
    public void finish(Sink out) {
        for (float[] x : finishInputs()) output(step(x), out);
    }

    /**
     * The first half of {@link #accept} for a caller that steps the network itself (a server stepping many
     * streams in one batch, {@link StreamingModel#stepRows}): the network input frames (I) one Kaldi frame
     * completes. Each must go through the network with {@link #state} in order, its output to {@link #output}.
     */
    public java.util.List<float[]> inputs(float[] kaldiFrame) {
        java.util.List<float[]> xs = inputs.accept(kaldiFrame);
        if (!xs.isEmpty()) last = xs.getLast();
        return xs;
    }

    /** As {@link #inputs} for {@link #finish}: the held-back frames, then {@code delay} copies of the last input frame. */
    public java.util.List<float[]> finishInputs() {
        java.util.List<float[]> xs = new java.util.ArrayList<>(inputs.finish());
        if (!xs.isEmpty()) last = xs.getLast();
        for (int i = 0; i < delay && last != null; i++) xs.add(last);
        return xs;
    }

    /** The network state of this stream (per layer, as {@link SequenceModel#zeroStates}(1)), carried between steps. */
    public Tensor[][] state() { return state; }

    /** One network step on input frame x (I) with this stream's network; returns the logits (C), valid until the next step. */
    public float[] step(float[] x) {
        System.arraycopy(x, 0, frame.f, 0, inputSize);
        if (streaming != null) return streaming.step(scratch, frame.f, 0, state);
        float[] y = net.forward(cache, frame, 1, 1, null, state).f;   // owned by this stream's cache
        Tensor[][] fin = net.finalStates(cache);
        for (int l = 0; l < state.length; l++) for (int q = 0; q < state[l].length; q++) state[l][q].copyFrom(fin[l][q]);
        return y;
    }

    /** The network's logits (C) of the next step; as frame (step - delay)'s log posteriors into {@code out} once past the delay. */
    public void output(float[] logits, Sink out) {
        int t = steps++;
        if (t < delay) return;
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (int c = 0; c < classes; c++) max = Math.max(max, logits[c]);
        for (int c = 0; c < classes; c++) sum += Math.exp(logits[c] - max);
        double logZ = max + Math.log(sum);
        for (int c = 0; c < classes; c++) row[c] = (float) (logits[c] - logZ);
        out.row(t - delay, rows.apply(row));
    }
}
