package carousel.speech.recognize;

import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.model.StreamingModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.PosteriorStream;
import carousel.speech.am.AmConfig;
import carousel.speech.am.AmTrainer;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.decode.Decodable;
import carousel.speech.decode.DecodeResult;
import carousel.speech.decode.DecoderOptions;
import carousel.progress.ProgressBar;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.PhoneBigram;
import carousel.speech.decode.ScaledLikelihoods;
import carousel.speech.decode.StatePriors;
import carousel.speech.decode.TriphoneDecoder;
import carousel.speech.decode.ViterbiDecoder;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.kaldi.FloatMatrix;
import carousel.speech.score.FrameAccuracy;
import carousel.speech.tree.ContextTree;
import carousel.speech.tree.Triphone;
import carousel.speech.score.PhoneFolding;
import carousel.speech.score.ScoreReport;
import carousel.speech.score.Transcript;
import carousel.speech.score.TranscriptFormatException;
import carousel.tensor.DType;
import carousel.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hybrid NN/HMM phone recognition: the acoustic model's log posteriors minus the state log priors,
 * times an acoustic scale, as scaled likelihoods; Viterbi over left-to-right phone HMMs joined by a
 * phone bigram; scoring after 61 → 39 folding. The bigram and the HMM self-loops are estimated from
 * the training utterances' alignments.
 */
public final class Recognizer {
    /** Decoding results of a set of utterances. */
    public record Result(ScoreReport report, FrameAccuracy frames, Map<String, DecodeResult> decoded,
                         double audioSeconds, double decodeSeconds) {
        public double realTimeFactor() { return decodeSeconds / audioSeconds; }
    }

    private final AcousticModel model;
    private final ViterbiDecoder decoder;
    private final StatePriors priors;
    private final double acousticScale;
    private final TargetSet targets;
    private final TriphoneDecoder triphones;   // null: the context-independent search (CI model, or MARGINAL)
    private final StatePriors tiedPriors;      // priors of the tied states, with triphones

    /** A context-dependent model is searched with {@link ContextSearch#MARGINAL}. */
    public Recognizer(AcousticModel model, PhoneBigram lm, HmmTopology topology, DecoderOptions options, double acousticScale) {
        this(model, lm, topology, options, acousticScale, ContextSearch.MARGINAL);
    }

    /**
     * @param search for a model on tied states, how the phone search uses them (ignored for a
     *               context-independent model); streaming always uses {@link ContextSearch#MARGINAL}
     */
    public Recognizer(AcousticModel model, PhoneBigram lm, HmmTopology topology, DecoderOptions options, double acousticScale, ContextSearch search) {
        this.model = model;
        this.targets = model.config().targets();
        if (topology.numStates() != targets.numClasses())
            throw new IllegalArgumentException("the HMM topology has " + topology.numStates() + " states but the model has " + targets.numClasses() + " outputs");
        this.decoder = new ViterbiDecoder(topology, lm, options);
        this.priors = priors(model);
        this.acousticScale = acousticScale;
        ContextTree tree = model.config().tying();
        if (tree != null && search == ContextSearch.TRIPHONE) {
            float[] lp = model.config().logPriors(), loops = model.config().selfLoops();
            double[] p = new double[lp.length], selfLoops = new double[lp.length];
            double sum = 0;
            for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(lp[i]);
            for (int i = 0; i < p.length; i++) {
                p[i] /= sum;
                selfLoops[i] = loops != null ? loops[i] : topology.selfLoop(tree.ciState(i));
            }
            this.tiedPriors = StatePriors.of(p);
            this.triphones = new TriphoneDecoder(targets.statesPerPhone, (l, ph, r, k) -> tree.map(new Triphone(l, ph, r, k)), selfLoops, lm, options);
        } else {
            this.tiedPriors = null;
            this.triphones = null;
        }
    }

    /**
     * State priors of an acoustic model over the classes the decoders search: its saved log priors
     * (for tied states, summed per context-independent state), renormalised.
     */
    public static StatePriors priors(AcousticModel am) {
        float[] lp = am.config().decodingLogPriors();
        double[] p = new double[lp.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(lp[i]);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return StatePriors.of(p);
    }

    /** Scaled likelihoods of (T, C) log posteriors: acousticScale × (log posterior − log prior). */
    public static ScaledLikelihoods scaledLikelihoods(float[][] logPosteriors, StatePriors priors, double acousticScale) {
        int T = logPosteriors.length, C = priors.numClasses();
        float[] flat = new float[T * C];
        for (int t = 0; t < T; t++) System.arraycopy(logPosteriors[t], 0, flat, t * C, C);
        return new ScaledLikelihoods(new FloatMatrix(T, C, flat), priors, acousticScale);
    }

    /** The phone bigram and HMM topology from training utterances (their frame targets give both alignments and transcripts). */
    public static PhoneBigram bigram(TargetSet targets, List<AcousticCorpus.Utt> train) {
        List<int[]> transcripts = new ArrayList<>();
        for (AcousticCorpus.Utt u : train) transcripts.add(phoneSequence(u.targets(), targets.statesPerPhone));
        return PhoneBigram.estimate(targets.phones, transcripts);
    }

    /**
     * The HMMs a model directory records ({@code hmm_self_loops} in am.json, estimated from its training
     * alignments; for tied states their prior-weighted mean per context-independent state), or every state
     * with {@code fallbackSelfLoop} for a model made before they were recorded.
     */
    public static HmmTopology topology(AmConfig am, double fallbackSelfLoop) {
        int phones = am.targets().phones.size(), k = am.targets().statesPerPhone;
        float[] loops = am.decodingSelfLoops();
        if (loops == null) return HmmTopology.fixed(phones, k, fallbackSelfLoop);
        double[] p = new double[loops.length];
        for (int i = 0; i < p.length; i++) p[i] = loops[i];
        return HmmTopology.of(phones, k, p);
    }

    /**
     * The HMMs of a model directory that records them ({@code hmm_self_loops}), else estimated from the
     * training alignments {@code train} (read only in that case: a model made before train-am recorded them).
     *
     * @throws IllegalArgumentException when the model records none and {@code train} is empty
     */
    public static HmmTopology topology(AmConfig am, Supplier<List<AcousticCorpus.Utt>> train) {
        if (am.selfLoops() != null) return topology(am, Double.NaN);
        List<AcousticCorpus.Utt> t = train.get();
        if (t.isEmpty())
            throw new IllegalArgumentException("the model records no HMM self-loops (made before train-am recorded hmm_self_loops in am.json) "
                    + "and there are no TRAIN alignments to estimate them from");
        return topology(am.targets(), t);
    }

    public static HmmTopology topology(TargetSet targets, List<AcousticCorpus.Utt> train) {
        List<int[]> alignments = new ArrayList<>();
        for (AcousticCorpus.Utt u : train) alignments.add(u.targets());
        return HmmTopology.estimate(targets.phones.size(), targets.statesPerPhone, alignments);
    }

    /**
     * Frame accuracy on 39 phones, the one frame-accuracy figure the commands report (train-am on the
     * development speakers, decode on the decoded split): the most probable class of each frame against its
     * target, both folded to the 39 phones of Lee &amp; Hon (a state counts as its phone).
     *
     * @param logPosteriors (T, C) the model's log posteriors, frame-aligned
     */
    public static FrameAccuracy frameAccuracy(TargetSet targets, int[] reference, float[][] logPosteriors) {
        int[] pred = new int[logPosteriors.length];
        for (int t = 0; t < pred.length; t++) {
            int best = 0;
            for (int c = 1; c < logPosteriors[t].length; c++) if (logPosteriors[t][c] > logPosteriors[t][best]) best = c;
            pred[t] = best;
        }
        return FrameAccuracy.count(reference, pred, targets.phones, targets.statesPerPhone, folding(targets));
    }

    /** Training's development frame accuracy: {@link #frameAccuracy(AcousticModel, List)}, 39 phones, named as train-am's last line and decode name it. */
    public static final AmTrainer.DevAccuracy DEV_FRAME_ACCURACY = new AmTrainer.DevAccuracy() {
        @Override
        public String label() {
            return "dev frame accuracy (39 phones)";
        }

        @Override
        public double of(AcousticModel model, List<AcousticCorpus.Utt> devUtts) {
            return frameAccuracy(model, devUtts).accuracy();
        }
    };

    /** {@link #frameAccuracy(TargetSet, int[], float[][])} of utterances decoded whole by {@code am}. */
    public static FrameAccuracy frameAccuracy(AcousticModel am, List<AcousticCorpus.Utt> utts) {
        FrameAccuracy sum = new FrameAccuracy(0, 0);
        for (AcousticCorpus.Utt u : utts) sum = sum.plus(frameAccuracy(am.config().targets(), u.targets(), am.logPosteriors(u.feats())));
        return sum;
    }

    /** The folding of a target set's phones to the 39 scored ones. */
    static PhoneFolding folding(TargetSet targets) {
        return switch (targets) {
            case PHONES39 -> PhoneFolding.NONE;
            case PHONES48, STATES -> PhoneFolding.TIMIT_48_TO_39;
            case PHONES61 -> PhoneFolding.TIMIT_61_TO_39;
        };
    }

    /** Phone indices of a frame-label sequence: runs of one phone merged (a state sequence 0,1,2 of a phone is one phone). */
    static int[] phoneSequence(int[] frameLabels, int statesPerPhone) {
        List<Integer> l = new ArrayList<>();
        int prevPhone = -1, prevLabel = -1;
        for (int y : frameLabels) {
            if (y < 0) continue;
            int phone = y / statesPerPhone, k = y % statesPerPhone;
            // a new phone starts when the phone changes, or the same phone restarts at its first state
            boolean restart = statesPerPhone > 1 && phone == prevPhone && k < prevLabel % statesPerPhone;
            if (phone != prevPhone || restart) l.add(phone);
            prevPhone = phone;
            prevLabel = y;
        }
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    public DecodeResult decode(float[][] logPosteriors) {
        return decoder.decode(scaledLikelihoods(logPosteriors, priors, acousticScale));
    }

    /** Decodes and scores utterances (references from their 61-phone alignments). */
    public Result recognize(List<AcousticCorpus.Utt> utts, double frameShiftSeconds) throws TranscriptFormatException {
        return recognize(utts, frameShiftSeconds, false);
    }

    /**
     * Streaming recognition of one utterance: its Kaldi feature frames go one at a time through the model's
     * feature pipeline ({@link FeaturePipeline#stream}: deltas, normalisation) and into the network with its
     * state carried; each output row (delayed by the model's output delay) goes straight into the Viterbi
     * search; memory per frame is constant except the search's traceback. Recurrent models only (a
     * stacked-frame DNN would need future frames; see {@link #checkStreaming}). Fills
     * {@code logPosteriorsOut} (T rows) for scoring. An LSTM steps through a float32 {@link StreamingModel}
     * built for this call (see {@link #streamingModel}).
     *
     * @param kaldiFrames (T, D) the Kaldi features of the model's pipeline ({@link FeaturePipeline#kaldiOnly}),
     *                    before deltas and normalisation
     */
    public DecodeResult decodeStreaming(FeatureMatrix kaldiFrames, float[][] logPosteriorsOut) {
        return decodeStreaming(kaldiFrames, logPosteriorsOut, streamingModel(StreamingModel.Weights.F32));
    }

    /**
     * The network's batch-1 step for streaming: a {@link StreamingModel} (a snapshot of the weights,
     * stored as {@code weights}) for a unidirectional float32 LSTM, else null (the model's own
     * forward then runs one frame per call, float32 only).
     */
    public StreamingModel streamingModel(StreamingModel.Weights weights) {
        return streamingModel(model, weights);
    }

    /** As {@link #streamingModel(StreamingModel.Weights)} for any acoustic model. */
    public static StreamingModel streamingModel(AcousticModel model, StreamingModel.Weights weights) {
        checkStreaming(model, weights);
        SequenceModel net = model.network();
        return lstmStreams(net) ? new StreamingModel(net, weights) : null;
    }

    private static boolean lstmStreams(SequenceModel net) {
        ModelConfig cfg = net.config();
        return cfg.cell() == carousel.model.Cell.LSTM && !cfg.bidirectional() && net.ops().dtype() == DType.F32;
    }

    /**
     * Whether {@code am} can be decoded frame by frame with weights stored as {@code weights}: a recurrent,
     * unidirectional model without stacked frames or per-utterance CMVN (reduced-precision weights: a
     * float32 LSTM). Needs only the model, so a command can refuse before computing any features.
     *
     * @throws IllegalArgumentException saying why not
     */
    public static void checkStreaming(AcousticModel am, StreamingModel.Weights weights) {
        AmConfig c = am.config();
        if (c.contextLeft() + c.contextRight() > 0)
            throw new IllegalArgumentException("streaming decoding needs a recurrent model without stacked frames; this model reads "
                    + (c.contextLeft() + 1 + c.contextRight()) + " stacked frames (decode it whole, without --streaming)");
        if (c.features().cmvn() != FeaturePipeline.Cmvn.NONE)
            throw new IllegalArgumentException("streaming decoding cannot use per-utterance CMVN (" + c.features().cmvn().configName() + "): it needs the whole utterance");
        SequenceModel net = am.network();
        ModelConfig cfg = net.config();
        if (cfg.bidirectional())
            throw new IllegalArgumentException("streaming decoding needs a unidirectional model: a bidirectional one reads each utterance backward from its end (decode it whole, without --streaming)");
        if (weights != StreamingModel.Weights.F32 && !lstmStreams(net))
            throw new IllegalArgumentException(weights + " streaming weights need a unidirectional float32 LSTM model; this one is " + cfg.cell()
                    + (cfg.bidirectional() ? " (bidirectional)" : "") + " in " + net.ops().dtype());
    }

    /**
     * As {@link #decodeStreaming(FeatureMatrix, float[][])}, each frame through {@code streaming} (from
     * {@link #streamingModel}; null: the network's forward, one frame per call).
     */
    public DecodeResult decodeStreaming(FeatureMatrix kaldiFrames, float[][] logPosteriorsOut, StreamingModel streaming) {
        checkStreaming(model, StreamingModel.Weights.F32);
        int T = kaldiFrames.numFrames(), D = kaldiFrames.dim(), C = targets.numClasses();
        PosteriorStream posteriors = new PosteriorStream(model, streaming);
        ViterbiDecoder.Search search = decoder.newSearch();
        float[] row = new float[C];
        int[] current = {-1};
        Decodable one = new Decodable() {
            @Override public int numFrames() { return current[0] + 1; }
            @Override public int numIndices() { return C; }
            @Override public double logLikelihood(int f, int i) { return acousticScale * (row[i] - priors.logPrior(i)); }
        };
        PosteriorStream.Sink sink = (t, lp) -> {
            System.arraycopy(lp, 0, row, 0, C);
            if (logPosteriorsOut != null) logPosteriorsOut[t] = lp.clone();
            current[0] = t;
            search.acceptFrame(one, t);
        };
        for (int t = 0; t < T; t++) posteriors.accept(java.util.Arrays.copyOfRange(kaldiFrames.data(), t * D, (t + 1) * D), sink);
        posteriors.finish(sink);
        return search.finish();
    }

    /** As {@link #recognize(List, double)}, decoding each utterance whole or streaming frame by frame. */
    public Result recognize(List<AcousticCorpus.Utt> utts, double frameShiftSeconds, boolean streaming) throws TranscriptFormatException {
        return recognize(utts, frameShiftSeconds, streaming, StreamingModel.Weights.F32);
    }

    /**
     * As {@link #recognize(List, double, boolean)}; streaming runs on a weight snapshot stored as
     * {@code weights} (bf16: half the bytes per frame, posteriors within the weights' rounding of the
     * float32 model's). Whole-utterance decoding runs the float32 model and takes only F32.
     */
    public Result recognize(List<AcousticCorpus.Utt> utts, double frameShiftSeconds, boolean streaming, StreamingModel.Weights weights) throws TranscriptFormatException {
        return recognize(utts, frameShiftSeconds, streaming, weights, ProgressBar.start(null, "decode", utts.size(), "utterances"));
    }

    /** As {@link #recognize(List, double, boolean, StreamingModel.Weights)}, one {@code progress} step per utterance decoded. */
    public Result recognize(List<AcousticCorpus.Utt> utts, double frameShiftSeconds, boolean streaming, StreamingModel.Weights weights,
                            ProgressBar progress) throws TranscriptFormatException {
        if (!streaming && weights != StreamingModel.Weights.F32) throw new IllegalArgumentException(weights + " weights are for streaming only; whole-utterance decoding runs the float32 model");
        StreamingModel streamer = streaming ? streamingModel(weights) : null;
        Map<String, Transcript> refs = new LinkedHashMap<>(), hyps = new LinkedHashMap<>();
        Map<String, DecodeResult> decoded = new LinkedHashMap<>();
        Map<String, String> speakers = new LinkedHashMap<>();
        FrameAccuracy frames = new FrameAccuracy(0, 0);
        double audio = 0, secs = 0;
        PhoneSet phones = targets.phones;
        for (AcousticCorpus.Utt u : utts) {
            long t0 = System.nanoTime();
            float[][] lp;
            DecodeResult r;
            if (streaming) { lp = new float[u.feats().numFrames()][]; r = decodeStreaming(u.feats(), lp, streamer); }   // feats: Kaldi frames
            else if (triphones != null) {
                float[][] tied = model.networkLogPosteriors(u.feats());
                r = triphones.decode(scaledLikelihoods(tied, tiedPriors, acousticScale));
                lp = new float[tied.length][];
                for (int t = 0; t < tied.length; t++) lp[t] = model.config().tying().collapse(tied[t]);
            } else { lp = model.logPosteriors(u.feats()); r = decode(lp); }
            secs += (System.nanoTime() - t0) / 1e9;
            audio += u.feats().numFrames() * frameShiftSeconds;
            decoded.put(u.id(), r);
            hyps.put(u.id(), Transcript.of(u.id(), r.symbols(phones)));
            refs.put(u.id(), Transcript.of(u.id(), u.referencePhones61()));
            speakers.put(u.id(), u.speaker());
            frames = frames.plus(frameAccuracy(targets, u.targets(), lp));
            progress.step();
        }
        ScoreReport report = ScoreReport.score(refs, hyps, PhoneFolding.TIMIT_61_TO_39, speakers::get);
        return new Result(report, frames, decoded, audio, secs);
    }
}
