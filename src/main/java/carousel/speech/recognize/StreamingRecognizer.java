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
    private boolean endpoint;
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
        if (n < 0 || n > samples.length) throw new IllegalArgumentException("n = " + n + " outside 0.." + samples.length);
        long t0 = System.nanoTime();
        if (pendingLength + n > pending.length) pending = Arrays.copyOf(pending, Math.max(2 * pending.length, pendingLength + n));
        System.arraycopy(samples, 0, pending, pendingLength, n);
        pendingLength += n;
        endpoint = false;
        if (pendingLength >= window) {
            int m = 1 + (pendingLength - window) / shift;
            FeatureMatrix f = computer.compute(Arrays.copyOf(pending, (m - 1) * shift + window));
            int consumed = m * shift;
            System.arraycopy(pending, consumed, pending, 0, pendingLength - consumed);
            pendingLength -= consumed;
            int d = f.dim();
            for (int t = 0; t < f.numFrames(); t++) {
                posteriors.accept(Arrays.copyOfRange(f.data(), t * d, (t + 1) * d), sink);
                framesIn++;
                if (endpointReached()) {
                    finished = finishUtterance();
                    endpoint = true;
                }
            }
        }
        decodeNanos += System.nanoTime() - t0;
        return endpoint;
    }

    private boolean endpointReached() {
        double utterance = (framesIn - utteranceStart) * frameSeconds;
        if (utterance >= endpointing.maxUtteranceSeconds()) return true;
        double silence = search.trailingSilenceFrames() * frameSeconds;
        return search.bestHasWords() ? silence >= endpointing.silenceAfterSpeechSeconds() : silence >= endpointing.silenceWithoutSpeechSeconds();
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
        long t0 = System.nanoTime();
        posteriors.finish(sink);
        decodeNanos += System.nanoTime() - t0;
        finished = finishUtterance();
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
