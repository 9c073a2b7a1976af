package carousel.speech.recognize;

import carousel.model.StreamingModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.PosteriorStream;
import carousel.speech.decode.Decodable;
import carousel.speech.decode.WordDecodeResult;
import carousel.speech.decode.WordDecoder;
import carousel.speech.feature.FeatureComputer;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FrameOptions;

import java.util.Arrays;

/**
 * Live word recognition of one audio stream, in the shape Vosk users know: feed samples as they come
 * ({@link #acceptWaveform}), which says when an utterance has ended (an endpoint); read the words so
 * far ({@link #partialResult}), the finished utterance's ({@link #result}), and at the end of the
 * stream whatever is left ({@link #finalResult}).
 *
 * <p>Samples become Kaldi feature frames as soon as a whole frame is in (with {@code --snip-edges},
 * each frame depends only on its own samples, so the frames equal the whole file's), go through the
 * acoustic model frame by frame ({@link PosteriorStream}) and straight into the {@link WordDecoder}'s
 * search. Endpoints follow Kaldi's online rules ({@link Endpointing}); at an endpoint the utterance's
 * search is finished and the network state, feature pipeline and search start afresh for the next
 * utterance (the search reset and reused, not allocated again), while word times keep counting from the start of the stream. The last {@code delay} frames
 * before an endpoint (trailing silence) are not decoded.
 *
 * <p>A caller that steps the network itself ({@link #addWaveform}, {@link #nextInputs}) may step up to L frames
 * ahead of the search (speculative look-ahead, so that a server steps a stream's whole chunk in one turn); an
 * endpoint among them discards the outputs after it and steps their frames again from the fresh state, so the
 * results are those of stepping one frame at a time.
 *
 * <p>Built on a shared, thread-safe {@link WordRecognizer}; each stream holds its own search, network
 * state and step buffers, and (for an LSTM) steps the recognizer's one {@link StreamingModel} weight
 * snapshot. Not thread-safe: one per stream.
 */
public final class StreamingRecognizer {
    /**
     * When an utterance ends, after Kaldi's {@code OnlineEndpointConfig} rules 1, 3 and 5: silence of
     * {@code silenceWithoutSpeechSeconds} with no word yet; silence of {@code silenceAfterSpeechSeconds}
     * after a word; or an utterance of {@code maxUtteranceSeconds}.
     */
    public record Endpointing(double silenceAfterSpeechSeconds, double silenceWithoutSpeechSeconds, double maxUtteranceSeconds) {
        /** Kaldi's defaults: 1 s after speech, 5 s without, 20 s at most. */
        public static final Endpointing DEFAULT = new Endpointing(1.0, 5.0, 20.0);

        public Endpointing {
            if (!(silenceAfterSpeechSeconds > 0) || !(silenceWithoutSpeechSeconds > 0) || !(maxUtteranceSeconds > 0))
                throw new IllegalArgumentException("endpointing times must be positive seconds");
        }
    }

    private final WordRecognizer shared;
    private final AcousticModel model;
    private final Endpointing endpointing;
    private final FeatureComputer computer;
    private final int shift, window, sampleRateHz, classes;
    private final double frameSeconds;
    private final StreamingModel network;
    private float[] pending = new float[4096];   // samples not yet behind a frame start
    private int pendingLength;
    private long framesIn;                       // Kaldi frames of the stream so far
    private long utteranceStart;                 // the current utterance's first frame
    private PosteriorStream posteriors;
    private WordDecoder.Search search;
    private final float[] row;
    private int current = -1;
    private final Decodable one;
    private final PosteriorStream.Sink sink;
    private WordRecognizer.Result finished = new WordRecognizer.Result(java.util.List.of(), 0, true, 0, 0, java.util.List.of());
    private int maxAlternatives;
    // stepping: Kaldi frames (D) not yet taken into the pipeline (END: the utterance's end), oldest first
    private static final float[] END = new float[0];
    private final java.util.ArrayDeque<float[]> queued = new java.util.ArrayDeque<>();
    // the Kaldi frames taken whose outputs are not all searched yet, oldest first
    private final java.util.ArrayDeque<Taken> taken = new java.util.ArrayDeque<>();
    // (C) copies of the logits given back for the inputs given out, not yet searched, oldest first; and spare arrays
    private final java.util.ArrayDeque<float[]> outputs = new java.util.ArrayDeque<>(), spare = new java.util.ArrayDeque<>();
    private final int networkClasses;
    private int given;                           // inputs given out whose outputs are not yet searched
    private long discarded;                      // outputs stepped ahead of an endpoint and discarded
    private final java.util.List<WordRecognizer.Result> endpoints = new java.util.ArrayList<>();
    private long decodeNanos;

    public StreamingRecognizer(WordRecognizer shared, Endpointing endpointing) {
        this.shared = shared;
        this.model = shared.model();
        this.endpointing = endpointing;
        Recognizer.checkStreaming(model, StreamingModel.Weights.F32);
        this.computer = model.config().features().computer();
        FrameOptions fo = computer.frameOptions();
        if (!fo.snipEdges())
            throw new IllegalArgumentException("streaming recognition needs features with --snip-edges=true (frames that depend only on their own samples)");
        this.shift = fo.windowShiftSamples();
        this.window = fo.windowSizeSamples();
        this.sampleRateHz = (int) Math.round(fo.sampleFrequencyHz());
        this.frameSeconds = shared.frameShiftSeconds();
        this.classes = shared.numAcousticIndices();
        this.network = shared.streamingModel();
        this.row = new float[classes];
        this.networkClasses = model.config().numClasses();
        this.one = new Decodable() {
            @Override public int numFrames() { return current + 1; }
            @Override public int numIndices() { return classes; }
            @Override public double logLikelihood(int frame, int index) { return shared.scaled(index, row[index]); }
        };
        this.sink = (t, lp) -> {
            System.arraycopy(lp, 0, row, 0, classes);
            current = t;
            search.acceptFrame(one, t);
        };
        startUtterance();
    }

    /** Final results carry the {@code n} best word sequences as alternatives (0, the default: none), as Vosk's SetMaxAlternatives. */
    public void setMaxAlternatives(int n) {
        if (n < 0) throw new IllegalArgumentException("alternatives must be >= 0, got " + n);
        maxAlternatives = n;
    }

    /** The sample rate the samples must have (the model's). */
    public int sampleRateHz() { return sampleRateHz; }

    /** 16-bit PCM samples {@code pcm[0 .. n)}; true when an utterance ended (read it with {@link #result()}). */
    public boolean acceptWaveform(short[] pcm, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = pcm[i];
        return acceptWaveform(f, n);
    }

    /** Samples {@code samples[0 .. n)} on the 16-bit scale (±32768); true when an utterance ended. */
    public boolean acceptWaveform(float[] samples, int n) {
        endpoints.clear();
        addWaveform(samples, n);
        run();
        return !endpoints.isEmpty();
    }

    /** Steps this stream's own network through every queued input frame, one frame ahead of the search. */
    private void run() {
        for (java.util.List<float[]> xs = nextInputs(1); !xs.isEmpty(); xs = nextInputs(1)) {
            long t0 = System.nanoTime();
            for (float[] x : xs) acceptOutput(posteriors.step(x), 0);
            decodeNanos += System.nanoTime() - t0;
        }
    }

    /**
     * The first part of {@link #acceptWaveform} for a caller that steps the network itself (a server stepping
     * many streams as one batch): the samples become Kaldi feature frames, queued. Then, until it returns none,
     * {@link #nextInputs} gives the next network input frames, to be stepped in order with {@link #networkState}
     * and their logits handed to {@link #acceptOutput}; the utterances that ended meanwhile are in
     * {@link #takeEndpoints}. This is what {@link #acceptWaveform} does with the stream's own network, one frame
     * ahead.
     */
    public void addWaveform(float[] samples, int n) {
        if (n < 0 || n > samples.length) throw new IllegalArgumentException("n = " + n + " outside 0.." + samples.length);
        long t0 = System.nanoTime();
        if (pendingLength + n > pending.length) pending = Arrays.copyOf(pending, Math.max(2 * pending.length, pendingLength + n));
        System.arraycopy(samples, 0, pending, pendingLength, n);
        pendingLength += n;
        if (pendingLength >= window) {
            int m = 1 + (pendingLength - window) / shift;
            FeatureMatrix f = computer.compute(Arrays.copyOf(pending, (m - 1) * shift + window));
            int consumed = m * shift;
            System.arraycopy(pending, consumed, pending, 0, pendingLength - consumed);
            pendingLength -= consumed;
            int d = f.dim();
            for (int t = 0; t < f.numFrames(); t++) queued.add(Arrays.copyOfRange(f.data(), t * d, (t + 1) * d));
        }
        decodeNanos += System.nanoTime() - t0;
    }

    /**
     * The end of the stream's current utterance, queued behind the frames before it (the stepping form of
     * {@link #finalResult}): once {@link #nextInputs} returns none its result is the last of {@link #takeEndpoints}.
     */
    public void addEnd() {
        queued.add(END);
    }

    /**
     * Speculative look-ahead: the outputs given back so far go through the search, then up to {@code max} next
     * network input frames (I) are given out to step, in order, ahead of the search; none when every queued
     * frame is through. Each must be stepped with {@link #networkState} and its logits handed to
     * {@link #acceptOutput} before the next call. The search checks for an endpoint after each Kaldi frame, as
     * {@link #acceptWaveform} does; when one ends the utterance, the outputs stepped ahead of it are discarded and
     * their Kaldi frames queued again, at the front, for the next utterance's fresh network state and feature
     * pipeline, so that the results equal those of stepping one frame at a time. Nothing past the end of an
     * utterance ({@link #addEnd}) is given out before that end has been searched.
     */
    public java.util.List<float[]> nextInputs(int max) {
        if (max < 1) throw new IllegalArgumentException("look-ahead must be >= 1 frame, got " + max);
        long t0 = System.nanoTime();
        try {
            java.util.List<float[]> xs = new java.util.ArrayList<>();
            do {
                search();
                take(max, xs);
            } while (xs.isEmpty() && !taken.isEmpty());   // frames with no input of their own (the pipeline's look-ahead) still to be searched
            return xs;
        } finally {
            decodeNanos += System.nanoTime() - t0;
        }
    }

    /** The logits (C) {@code y[off .. off + C)} of the oldest input given out by {@link #nextInputs} whose logits are not yet back (copied). */
    public void acceptOutput(float[] y, int off) {
        if (outputs.size() >= given) throw new IllegalStateException("logits given back for no input given out");
        float[] c = spare.poll();
        if (c == null) c = new float[networkClasses];
        System.arraycopy(y, off, c, 0, networkClasses);
        outputs.add(c);
    }

    /** Outputs stepped ahead of an endpoint and discarded so far (their frames were stepped again in the next utterance). */
    public long discardedOutputs() { return discarded; }

    /** A Kaldi frame (D, or END) taken into the pipeline: its network inputs, how many were given out and how many of their outputs searched. */
    private static final class Taken {
        final float[] kaldi;
        final java.util.List<float[]> inputs;
        int given, searched;

        Taken(float[] kaldi, java.util.List<float[]> inputs) {
            this.kaldi = kaldi;
            this.inputs = inputs;
        }
    }

    /** Gives out inputs into {@code xs} until it holds {@code max}, the queue is empty or an utterance's end is taken. */
    private void take(int max, java.util.List<float[]> xs) {
        while (xs.size() < max) {
            Taken last = taken.peekLast();
            if (last != null && last.given < last.inputs.size()) {
                xs.add(last.inputs.get(last.given++));
                given++;
                continue;
            }
            if (last != null && last.kaldi == END) return;   // the next utterance's pipeline starts only once this end is searched
            float[] k = queued.poll();
            if (k == null) return;
            taken.add(new Taken(k, k == END ? posteriors.finishInputs() : posteriors.inputs(k)));
        }
    }

    /** The outputs given back through the search in order; after each whole Kaldi frame, the endpoint check. */
    private void search() {
        if (outputs.size() != given)
            throw new IllegalStateException(given + " network inputs given out and " + outputs.size() + " outputs back: each must be stepped first");
        while (!taken.isEmpty()) {
            Taken t = taken.peekFirst();
            for (; t.searched < t.given; t.searched++, given--) {
                float[] y = outputs.poll();
                posteriors.output(y, sink);
                spare.add(y);
            }
            if (t.searched < t.inputs.size()) return;   // the rest of its inputs are still to be given out
            taken.poll();
            boolean end = t.kaldi == END;
            if (!end) {
                framesIn++;
                end = endpointReached();
            }
            if (end) {
                endpoints.add(finished = finishUtterance());
                restart();
            }
        }
    }

    /** After an endpoint: the outputs stepped ahead are discarded, and their Kaldi frames queued again, at the front, in order. */
    private void restart() {
        for (java.util.Iterator<Taken> it = taken.descendingIterator(); it.hasNext(); ) queued.addFirst(it.next().kaldi);
        taken.clear();
        discarded += outputs.size();
        spare.addAll(outputs);
        outputs.clear();
        given = 0;
    }

    /** The network state the next input frame must be stepped with (per layer, as {@link StreamingModel#newState}). */
    public carousel.tensor.Tensor[][] networkState() { return posteriors.state(); }

    /** The utterances that ended since the last call (stepping form), oldest first. */
    public java.util.List<WordRecognizer.Result> takeEndpoints() {
        java.util.List<WordRecognizer.Result> l = java.util.List.copyOf(endpoints);
        endpoints.clear();
        return l;
    }

    /** Seconds of audio taken so far (whole feature frames). */
    public double audioSeconds() { return framesIn * frameSeconds; }

    private boolean endpointReached() {
        double utterance = (framesIn - utteranceStart) * frameSeconds;
        if (utterance >= endpointing.maxUtteranceSeconds()) return true;
        double silence = search.trailingSilenceFrames() * frameSeconds;
        return search.bestHasWords() ? silence >= endpointing.silenceAfterSpeechSeconds() : silence >= endpointing.silenceWithoutSpeechSeconds();
    }

    /**
     * What {@link #partialResult()}'s words and times depend on: the utterance (its first frame) and the search's best
     * path ({@link WordDecoder.Search#bestPathId}). Equal keys, equal partial words and times; cheaper than the partial.
     */
    public record PartialKey(long utteranceStart, long bestPath) {}

    /** The current {@link PartialKey}. */
    public PartialKey partialKey() {
        return new PartialKey(utteranceStart, search.bestPathId());
    }

    /** The words of the current utterance so far (the best path's completed words). */
    public WordRecognizer.Result partialResult() {
        return shared.result(search.partial(), utteranceStart * frameSeconds, (framesIn - utteranceStart) * frameSeconds, 0);
    }

    /** The last finished utterance (after {@link #acceptWaveform} returned true). */
    public WordRecognizer.Result result() {
        return finished;
    }

    /** Ends the stream's current utterance: the frames held back are flushed and its words returned; the recognizer can go on. */
    public WordRecognizer.Result finalResult() {
        endpoints.clear();
        addEnd();
        run();
        endpoints.clear();
        return finished;
    }

    /**
     * The stream is over: its search goes back to the decoder for another stream ({@link WordDecoder#recycle}).
     * Nothing but {@link #audioSeconds} and {@link #processingSeconds} may be called afterwards; closing twice is harmless.
     */
    public void close() {
        if (search == null) return;
        shared.decoder().recycle(search);
        search = null;
    }

    /** Seconds spent in this stream's feature, network and search work so far. */
    public double processingSeconds() { return decodeNanos * 1e-9; }

    private WordRecognizer.Result finishUtterance() {
        WordDecodeResult r = search.finish(maxAlternatives);
        WordRecognizer.Result res = shared.result(r, utteranceStart * frameSeconds, (framesIn - utteranceStart) * frameSeconds, decodeNanos * 1e-9);
        utteranceStart = framesIn;
        startUtterance();
        return res;
    }

    /** A fresh network state and feature pipeline; the search is reset, keeping the arrays it has grown ({@link WordDecoder.Search#reset}). */
    private void startUtterance() {
        posteriors = new PosteriorStream(model, network, shared::acousticRow);
        if (search == null) search = shared.decoder().newSearch();
        else search.reset();
        current = -1;
    }
}
