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
 * utterance, while word times keep counting from the start of the stream. The last {@code delay} frames
 * before an endpoint (trailing silence) are not decoded.
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
    // stepping: Kaldi frames (D) not yet in the pipeline (END: the utterance's end), the open one's network inputs
    private static final float[] END = new float[0];
    private enum Open { NONE, FRAME, END }
    private final java.util.ArrayDeque<float[]> queued = new java.util.ArrayDeque<>();
    private java.util.List<float[]> frameInputs = java.util.List.of();
    private int nextIn;
    private Open open = Open.NONE;
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
        this.classes = model.config().targets().numClasses();
        this.network = shared.streamingModel();
        this.row = new float[classes];
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

    /** Steps this stream's own network through every queued input frame. */
    private void run() {
        for (float[] x = nextInput(); x != null; x = nextInput()) {
            long t0 = System.nanoTime();
            float[] logits = posteriors.step(x);
            decodeNanos += System.nanoTime() - t0;
            acceptOutput(logits);
        }
    }

    /**
     * The first part of {@link #acceptWaveform} for a caller that steps the network itself (a server stepping
     * many streams as one batch): the samples become Kaldi feature frames, queued. Then, until it returns null,
     * {@link #nextInput} gives the next network input frame, to be stepped with {@link #networkState} and its
     * logits handed to {@link #acceptOutput}; the utterances that ended meanwhile are in {@link #takeEndpoints}.
     * This is exactly what {@link #acceptWaveform} does with the stream's own network.
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
     * {@link #finalResult}): once {@link #nextInput} returns null its result is the last of {@link #takeEndpoints}.
     */
    public void addEnd() {
        queued.add(END);
    }

    /**
     * The next network input frame (I) to step, or null when every queued frame is through. Between frames it
     * checks for an endpoint, as {@link #acceptWaveform} does after each Kaldi frame.
     */
    public float[] nextInput() {
        long t0 = System.nanoTime();
        try {
            while (true) {
                if (nextIn < frameInputs.size()) return frameInputs.get(nextIn++);
                if (open == Open.FRAME) {
                    framesIn++;
                    if (endpointReached()) endpoints.add(finished = finishUtterance());
                } else if (open == Open.END) {
                    endpoints.add(finished = finishUtterance());
                }
                open = Open.NONE;
                float[] k = queued.poll();
                if (k == null) return null;
                frameInputs = k == END ? posteriors.finishInputs() : posteriors.inputs(k);
                nextIn = 0;
                open = k == END ? Open.END : Open.FRAME;
            }
        } finally {
            decodeNanos += System.nanoTime() - t0;
        }
    }

    /** The network's logits (C) for the frame {@link #nextInput} gave last: into the search. */
    public void acceptOutput(float[] logits) {
        long t0 = System.nanoTime();
        posteriors.output(logits, sink);
        decodeNanos += System.nanoTime() - t0;
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

    /** Seconds spent in this stream's feature, network and search work so far. */
    public double processingSeconds() { return decodeNanos * 1e-9; }

    private WordRecognizer.Result finishUtterance() {
        WordDecodeResult r = search.finish(maxAlternatives);
        WordRecognizer.Result res = shared.result(r, utteranceStart * frameSeconds, (framesIn - utteranceStart) * frameSeconds, decodeNanos * 1e-9);
        utteranceStart = framesIn;
        startUtterance();
        return res;
    }

    private void startUtterance() {
        posteriors = new PosteriorStream(model, network);
        search = shared.decoder().newSearch();
        current = -1;
    }
}
