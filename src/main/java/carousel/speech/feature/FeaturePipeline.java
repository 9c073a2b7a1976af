package carousel.speech.feature;

import carousel.speech.audio.SampleRateMismatchException;
import carousel.speech.audio.Waveform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The whole front end, from audio to a network's input frames, in one record, in Kaldi's order:
 * <ol>
 *   <li>Kaldi features: {@code kind} (fbank or MFCC) with Kaldi's command-line options ({@code kaldiArgs},
 *       as given, e.g. {@code --num-mel-bins=40}), as {@code compute-fbank-feats} / {@code compute-mfcc-feats};</li>
 *   <li>per-utterance CMVN ({@code apply-cmvn} with the utterance's own statistics, {@link CmvnStats});</li>
 *   <li>deltas and delta-deltas ({@code add-deltas}, order 2, window 2, {@link Deltas});</li>
 *   <li>global normalisation (x − mean) / std with statistics of a training set ({@code normalization},
 *       null: none), as an acoustic model keeps them;</li>
 *   <li>splicing of {@code contextLeft} + 1 + {@code contextRight} frames ({@code splice-feats},
 *       {@link FrameStacking#stack}), for a model on stacked frames.</li>
 * </ol>
 * {@link #features} runs steps 1-3 (what the feature commands write and what training statistics are counted
 * on), {@link #inputs} steps 4-5, {@link #compute} all. {@link #stream} runs steps 2-5 frame by frame with a
 * fixed look-ahead ({@link #latencyFrames}) and gives the same frames as the whole-utterance methods
 * (per-utterance CMVN, which needs the utterance's end, cannot stream).
 *
 * <p>The default of Sak, Senior &amp; Beaufays (2014) is 40 log-mel filterbanks ({@link #fbank40()}).
 */
public record FeaturePipeline(FeatureKind kind, List<String> kaldiArgs, Cmvn cmvn, boolean deltas,
                              Normalization normalization, int contextLeft, int contextRight) {

    /** Per-utterance cepstral mean (and variance) normalisation. */
    public enum Cmvn {
        NONE, MEAN, MEANVAR;

        /** {@code none}, {@code mean}, {@code meanvar}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Cmvn parse(String name) {
            for (Cmvn c : values()) if (c.configName().equals(name)) return c;
            throw new IllegalArgumentException("CMVN must be one of " + Arrays.stream(values()).map(Cmvn::configName).toList() + ", got '" + name + "'");
        }
    }

    /** Global mean and standard deviation per dimension (D), from a training set; x' = (x − mean) / std. */
    public record Normalization(float[] mean, float[] std) {
        public Normalization {
            if (mean.length != std.length) throw new IllegalArgumentException("mean and std differ in length: " + mean.length + " and " + std.length);
            for (int d = 0; d < std.length; d++) {
                if (!Float.isFinite(mean[d]) || !(std[d] > 0) || !Float.isFinite(std[d]))
                    throw new IllegalArgumentException("normalisation [" + d + "] needs a finite mean and a positive finite std, got " + mean[d] + " and " + std[d]);
            }
        }

        /** The statistics of every frame of {@code utterances} (variance floored at 1e-8). */
        public static Normalization of(List<FeatureMatrix> utterances) {
            if (utterances.isEmpty()) throw new IllegalArgumentException("no utterances to count the normalisation statistics on");
            CmvnStats stats = new CmvnStats(utterances.get(0).dim());
            for (FeatureMatrix f : utterances) stats.accumulate(f);
            double[] m = stats.mean(), v = stats.variance();
            float[] mean = new float[m.length], std = new float[m.length];
            for (int d = 0; d < m.length; d++) {
                mean[d] = (float) m[d];
                std[d] = (float) Math.sqrt(Math.max(v[d], 1e-8));
            }
            return new Normalization(mean, std);
        }

        int dim() {
            return mean.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
        }

        @Override
        public String toString() {
            return "Normalization[" + mean.length + " dims]";
        }

        void apply(float[] x, int offset, float[] y, int yOffset) {
            for (int d = 0; d < mean.length; d++) y[yOffset + d] = (x[offset + d] - mean[d]) / std[d];
        }
    }

    /** Most frames of context accepted on either side (stacked-frame models use 10 and 5). */
    public static final int MAX_CONTEXT = 1000;

    public FeaturePipeline {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cmvn, "cmvn");
        kaldiArgs = List.copyOf(kaldiArgs);
        if (contextLeft < 0 || contextRight < 0 || contextLeft > MAX_CONTEXT || contextRight > MAX_CONTEXT)
            throw new IllegalArgumentException("frame context must be in [0, " + MAX_CONTEXT + "] frames, got " + contextLeft + " and " + contextRight);
        int dim = kind.options(kaldiArgs).dim() * (deltas ? DELTA_OPTIONS.order() + 1 : 1);   // validates the options
        if (normalization != null && normalization.dim() != dim)
            throw new IllegalArgumentException("the normalisation has " + normalization.dim() + " dimensions but the features have " + dim);
    }

    /** Kaldi's add-deltas defaults: order 2, window 2. */
    private static final DeltaOptions DELTA_OPTIONS = DeltaOptions.defaults();

    /** Kaldi features only: no CMVN, deltas, normalisation or splicing. */
    public static FeaturePipeline of(FeatureKind kind, List<String> kaldiArgs) {
        return new FeaturePipeline(kind, kaldiArgs, Cmvn.NONE, false, null, 0, 0);
    }

    /** 40 log-mel filterbanks, Sak et al.'s features. */
    public static FeaturePipeline fbank40() {
        return of(FeatureKind.FBANK, List.of("--num-mel-bins=40"));
    }

    /** 13 MFCCs with deltas and delta-deltas. */
    public static FeaturePipeline mfccDeltas() {
        return of(FeatureKind.MFCC, List.of()).withDeltas(true);
    }

    public FeaturePipeline withCmvn(Cmvn c) {
        return new FeaturePipeline(kind, kaldiArgs, c, deltas, normalization, contextLeft, contextRight);
    }

    public FeaturePipeline withDeltas(boolean d) {
        return new FeaturePipeline(kind, kaldiArgs, cmvn, d, normalization, contextLeft, contextRight);
    }

    public FeaturePipeline withNormalization(Normalization n) {
        return new FeaturePipeline(kind, kaldiArgs, cmvn, deltas, n, contextLeft, contextRight);
    }

    public FeaturePipeline withContext(int left, int right) {
        return new FeaturePipeline(kind, kaldiArgs, cmvn, deltas, normalization, left, right);
    }

    /** Steps 1-3 only: the per-utterance features, without normalisation or splicing. */
    public FeaturePipeline featuresOnly() {
        return new FeaturePipeline(kind, kaldiArgs, cmvn, deltas, null, 0, 0);
    }

    /** Step 1 only: the Kaldi features, whose frames {@link #stream} takes. */
    public FeaturePipeline kaldiOnly() {
        return of(kind, kaldiArgs);
    }

    /** The Kaldi options parsed. */
    public FeatureOptions options() {
        return kind.options(kaldiArgs);
    }

    /** A computer for step 1 (built anew: hold on to it for many utterances). */
    public FeatureComputer computer() {
        return options().computer();
    }

    /** D after step 3: the dimension of {@link #features}, which the normalisation has. */
    public int featureDim() {
        return options().dim() * (deltas ? DELTA_OPTIONS.order() + 1 : 1);
    }

    /** The dimension of {@link #inputs}: {@link #featureDim} × (contextLeft + 1 + contextRight). */
    public int inputDim() {
        return featureDim() * (contextLeft + 1 + contextRight);
    }

    /** Seconds between frames ({@code --frame-shift}, 10 ms by default). */
    public double frameShiftSeconds() {
        return options().frame().frameShiftMs() / 1000.0;
    }

    /** The sample rate the audio must have ({@code --sample-frequency}, 16 kHz by default). */
    public int sampleRateHz() {
        return (int) Math.round(options().frame().sampleFrequencyHz());
    }

    /** The add-deltas options used when {@code deltas} is on. */
    public static DeltaOptions deltaOptions() {
        return DELTA_OPTIONS;
    }

    /**
     * Step 1 with {@code computer} (from {@link #computer()}): the Kaldi features of a waveform, its sample rate
     * checked (and resampled where the options allow) as {@link FeatureComputer#compute(Waveform)} does.
     */
    public FeatureMatrix kaldiFeatures(FeatureComputer computer, Waveform w) throws SampleRateMismatchException {
        return computer.compute(w);
    }

    /** Steps 1-3 of a waveform, with {@code computer} from {@link #computer()}. */
    public FeatureMatrix features(FeatureComputer computer, Waveform w) throws SampleRateMismatchException {
        return postProcess(kaldiFeatures(computer, w));
    }

    /** Steps 2-3 on Kaldi features: per-utterance CMVN, then deltas, as asked; the same matrix when nothing is asked. */
    public FeatureMatrix postProcess(FeatureMatrix kaldi) {
        FeatureMatrix out = kaldi;
        if (cmvn != Cmvn.NONE && out.numFrames() > 0) out = CmvnStats.normalizeUtterance(out, cmvn == Cmvn.MEANVAR);
        if (deltas) out = new Deltas(DELTA_OPTIONS).apply(out);
        return out;
    }

    /** Steps 4-5 on features from {@link #features}: (T, featureDim) to (T, inputDim). */
    public FeatureMatrix inputs(FeatureMatrix features) {
        FeatureMatrix out = normalized(features);
        return contextLeft + contextRight == 0 ? out : FrameStacking.stack(out, contextLeft, contextRight);
    }

    /** Step 4 alone on features from {@link #features}: (T, featureDim), normalized (the same matrix without a normalization). */
    public FeatureMatrix normalized(FeatureMatrix features) {
        if (features.dim() != featureDim())
            throw new IllegalArgumentException("features have " + features.dim() + " dims, the pipeline expects " + featureDim());
        if (normalization == null) return features;
        FeatureMatrix out = FeatureMatrix.zeros(features.numFrames(), features.dim());
        for (int t = 0, D = features.dim(); t < features.numFrames(); t++) normalization.apply(features.data(), t * D, out.data(), t * D);
        return out;
    }

    /** All five steps on a waveform. */
    public FeatureMatrix compute(FeatureComputer computer, Waveform w) throws SampleRateMismatchException {
        return inputs(features(computer, w));
    }

    /** All steps after step 1 on Kaldi features, as a whole utterance: what {@link #stream} gives frame by frame. */
    public FeatureMatrix fromKaldiFeatures(FeatureMatrix kaldi) {
        return inputs(postProcess(kaldi));
    }

    /** Input frames {@link #stream} holds back: the deltas' reach (4) when on, plus {@code contextRight}. */
    public int latencyFrames() {
        return (deltas ? DELTA_OPTIONS.order() * DELTA_OPTIONS.window() : 0) + contextRight;
    }

    /** A frame-by-frame run of steps 2-5 for one utterance. */
    public Stream stream() {
        return new Stream();
    }

    /**
     * Steps 2-5 frame by frame: Kaldi feature frames in, network input frames out, identical to
     * {@link #fromKaldiFeatures} of the whole utterance. Output frame t comes out once input frame
     * t + {@link #latencyFrames} is in, the last ones at {@link #finish}. Refused with per-utterance CMVN
     * (it needs the whole utterance's statistics). One utterance per stream.
     */
    public final class Stream {
        private final int kaldiDim;
        private final FrameWindow deltaWindow;
        private final FrameWindow spliceWindow;
        private final List<float[]> ready = new ArrayList<>();
        private boolean finished;

        private Stream() {
            if (cmvn != Cmvn.NONE)
                throw new IllegalArgumentException("per-utterance CMVN (" + cmvn.configName() + ") needs the whole utterance and cannot stream");
            kaldiDim = options().dim();
            int dim = featureDim();
            if (deltas) {
                Deltas d = new Deltas(DELTA_OPTIONS);
                double[] acc = new double[kaldiDim];
                deltaWindow = new FrameWindow(kaldiDim, dim, d.reach(), d.reach(), (ring, rowOf, out) -> d.frame(ring, rowOf, kaldiDim, out, 0, acc));
            } else {
                deltaWindow = null;
            }
            spliceWindow = contextLeft + contextRight == 0 ? null
                    : new FrameWindow(dim, inputDim(), contextLeft, contextRight, (ring, rowOf, out) -> FrameStacking.stackFrame(ring, rowOf, dim, contextLeft, contextRight, out, 0));
        }

        /** Takes the next Kaldi feature frame; returns the input frames it completes (none during the look-ahead). */
        public List<float[]> accept(float[] kaldiFrame) {
            if (finished) throw new IllegalStateException("the stream has finished");
            if (kaldiFrame.length != kaldiDim) throw new IllegalArgumentException("a frame of " + kaldiFrame.length + " values where " + kaldiDim + " were expected");
            ready.clear();
            if (deltaWindow != null) deltaWindow.push(kaldiFrame, this::normalized);
            else normalized(kaldiFrame.clone());
            return List.copyOf(ready);
        }

        /** The utterance ended: returns the input frames still held back. */
        public List<float[]> finish() {
            if (finished) throw new IllegalStateException("the stream has finished");
            finished = true;
            ready.clear();
            if (deltaWindow != null) deltaWindow.finish(this::normalized);
            if (spliceWindow != null) spliceWindow.finish(ready::add);
            return List.copyOf(ready);
        }

        private void normalized(float[] frame) {
            if (normalization != null) normalization.apply(frame, 0, frame, 0);
            if (spliceWindow != null) spliceWindow.push(frame, ready::add);
            else ready.add(frame);
        }
    }
}
