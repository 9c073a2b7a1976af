package carousel.speech.recognize;

import carousel.model.StreamingModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.decode.DecodeResult;
import carousel.speech.decode.DecoderOptions;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.PhoneBigram;
import carousel.speech.decode.ScaledLikelihoods;
import carousel.speech.decode.StatePriors;
import carousel.speech.decode.ViterbiDecoder;
import carousel.speech.kaldi.FloatMatrix;
import carousel.speech.score.FrameAccuracy;
import carousel.speech.score.PhoneFolding;
import carousel.speech.score.ScoreReport;
import carousel.speech.score.Transcript;
import carousel.speech.score.TranscriptFormatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    public Recognizer(AcousticModel model, PhoneBigram lm, HmmTopology topology, DecoderOptions options, double acousticScale) {
        this.model = model;
        this.targets = model.config().targets();
        if (topology.numStates() != targets.numClasses())
            throw new IllegalArgumentException("the HMM topology has " + topology.numStates() + " states but the model has " + targets.numClasses() + " outputs");
        this.decoder = new ViterbiDecoder(topology, lm, options);
        double[] p = new double[targets.numClasses()];
        for (int i = 0; i < p.length; i++) p[i] = Math.exp(model.config().logPriors()[i]);
        double sum = 0;
        for (double v : p) sum += v;
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        this.priors = StatePriors.of(p);
        this.acousticScale = acousticScale;
    }

    /** The phone bigram and HMM topology from training utterances (their frame targets give both alignments and transcripts). */
    public static PhoneBigram bigram(TargetSet targets, List<AcousticCorpus.Utt> train) {
        List<int[]> transcripts = new ArrayList<>();
        for (AcousticCorpus.Utt u : train) transcripts.add(phoneSequence(u.targets(), targets.statesPerPhone));
        return PhoneBigram.estimate(targets.phones, transcripts);
    }

    public static HmmTopology topology(TargetSet targets, List<AcousticCorpus.Utt> train) {
        List<int[]> alignments = new ArrayList<>();
        for (AcousticCorpus.Utt u : train) alignments.add(u.targets());
        return HmmTopology.estimate(targets.phones.size(), targets.statesPerPhone, alignments);
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
        int T = logPosteriors.length, C = targets.numClasses();
        float[] flat = new float[T * C];
        for (int t = 0; t < T; t++) System.arraycopy(logPosteriors[t], 0, flat, t * C, C);
        return decoder.decode(new ScaledLikelihoods(new FloatMatrix(T, C, flat), priors, acousticScale));
    }

    /** Decodes and scores utterances (references from their 61-phone alignments). */
    public Result recognize(List<AcousticCorpus.Utt> utts, double frameShiftSeconds) throws TranscriptFormatException {
        return recognize(utts, frameShiftSeconds, false);
    }

    /**
     * Streaming recognition of one utterance: frames go into the network one at a time with its state
     * carried, each output row (delayed by the model's output delay) goes straight into the Viterbi
     * search; memory per frame is constant except the search's traceback. Recurrent models only
     * (a stacked-frame DNN would need future frames). Fills {@code logPosteriorsOut} (T rows) for scoring.
     * An LSTM steps through a float32 {@link StreamingModel} built for this call (see {@link #streamingModel}).
     */
    public DecodeResult decodeStreaming(carousel.speech.feature.FeatureMatrix raw, float[][] logPosteriorsOut) {
        return decodeStreaming(raw, logPosteriorsOut, streamingModel(StreamingModel.Weights.F32));
    }

    /**
     * Refuses a model that cannot be decoded frame by frame (stacked frames, a bidirectional network, or
     * reduced-precision {@code weights} for anything but a unidirectional float32 LSTM), saying why; cheap,
     * so a command runs it before computing any features.
     */
    public static void checkStreamable(AcousticModel model, StreamingModel.Weights weights) {
        AmConfig am = model.config();
        if (am.contextLeft() + am.contextRight() > 0) throw new IllegalArgumentException("streaming decoding needs a recurrent model without stacked frames");
        carousel.model.SequenceModel net = model.network();
        carousel.model.ModelConfig cfg = net.config();
        if (cfg.bidirectional())
            throw new IllegalArgumentException("streaming decoding needs a unidirectional model: a bidirectional one reads each utterance backward from its end (decode it whole, without --streaming)");
        if (weights != StreamingModel.Weights.F32 && !(cfg.cell().equals("lstm") && net.ops().dtype() == carousel.tensor.DType.F32))
            throw new IllegalArgumentException(weights + " streaming weights need a unidirectional float32 LSTM model; this one is " + cfg.cell()
                    + " in " + net.ops().dtype());
    }

    /**
     * The network's batch-1 step for streaming: a {@link StreamingModel} (a snapshot of the weights,
     * stored as {@code weights}) for a unidirectional float32 LSTM, else null (the model's own
     * forward then runs one frame per call, float32 only).
     */
    public StreamingModel streamingModel(StreamingModel.Weights weights) {
        carousel.model.SequenceModel net = model.network();
        carousel.model.ModelConfig cfg = net.config();
        checkStreamable(model, weights);
        if (cfg.cell().equals("lstm") && net.ops().dtype() == carousel.tensor.DType.F32) return new StreamingModel(net, weights);
        return null;
    }

    /**
     * As {@link #decodeStreaming(carousel.speech.feature.FeatureMatrix, float[][])}, each frame through
     * {@code streaming} (from {@link #streamingModel}; null: the network's forward, one frame per call).
     */
    public DecodeResult decodeStreaming(carousel.speech.feature.FeatureMatrix raw, float[][] logPosteriorsOut, StreamingModel streaming) {
        checkStreamable(model, StreamingModel.Weights.F32);
        AmConfig am = model.config();
        carousel.model.SequenceModel net = model.network();
        int T = raw.numFrames(), D = raw.dim(), k = am.delay(), C = targets.numClasses();
        carousel.tensor.Tensor[][] state = net.zeroStates(1);
        carousel.tensor.Tensor frame = carousel.tensor.Tensor.f32(1, 1, D);
        ViterbiDecoder.Search search = decoder.newSearch();
        float[] row = new float[C];
        int[] current = {-1};
        carousel.speech.decode.Decodable one = new carousel.speech.decode.Decodable() {
            @Override public int numFrames() { return current[0] + 1; }
            @Override public int numIndices() { return C; }
            @Override public double logLikelihood(int f, int i) { return acousticScale * (row[i] - priors.logPrior(i)); }
        };
        for (int t = 0; t < T + k; t++) {
            int src = Math.min(t, T - 1);
            for (int d = 0; d < D; d++) frame.f[d] = (raw.data()[src * D + d] - am.mean()[d]) / am.std()[d];
            float[] y;
            if (streaming != null) {
                y = streaming.step(frame.f, 0, state);
            } else {
                y = net.forward(frame, 1, 1, null, state).f;
                carousel.tensor.Tensor[][] fin = net.finalStates();
                for (int l = 0; l < state.length; l++) for (int q = 0; q < state[l].length; q++) state[l][q].copyFrom(fin[l][q]);
            }
            if (t < k) continue;
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < C; c++) max = Math.max(max, y[c]);
            for (int c = 0; c < C; c++) sum += Math.exp(y[c] - max);
            double logZ = max + Math.log(sum);
            for (int c = 0; c < C; c++) row[c] = (float) (y[c] - logZ);
            if (logPosteriorsOut != null) logPosteriorsOut[t - k] = row.clone();
            current[0] = t - k;
            search.acceptFrame(one, t - k);
        }
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
        if (!streaming && weights != StreamingModel.Weights.F32) throw new IllegalArgumentException(weights + " weights are for streaming only; whole-utterance decoding runs the float32 model");
        StreamingModel streamer = streaming ? streamingModel(weights) : null;
        Map<String, Transcript> refs = new LinkedHashMap<>(), hyps = new LinkedHashMap<>();
        Map<String, DecodeResult> decoded = new LinkedHashMap<>();
        Map<String, String> speakers = new LinkedHashMap<>();
        FrameAccuracy frames = new FrameAccuracy(0, 0);
        double audio = 0, secs = 0;
        PhoneSet phones = targets.phones;
        PhoneFolding folding = phones.equals(PhoneSet.TIMIT_48) ? PhoneFolding.TIMIT_48_TO_39 : PhoneFolding.TIMIT_61_TO_39;
        for (AcousticCorpus.Utt u : utts) {
            long t0 = System.nanoTime();
            float[][] lp;
            DecodeResult r;
            if (streaming) { lp = new float[u.feats().numFrames()][]; r = decodeStreaming(u.feats(), lp, streamer); }
            else { lp = model.logPosteriors(u.feats()); r = decode(lp); }
            secs += (System.nanoTime() - t0) / 1e9;
            audio += u.feats().numFrames() * frameShiftSeconds;
            decoded.put(u.id(), r);
            hyps.put(u.id(), Transcript.of(u.id(), r.symbols(phones)));
            refs.put(u.id(), Transcript.of(u.id(), u.referencePhones61()));
            speakers.put(u.id(), u.speaker());
            int[] pred = new int[lp.length];
            for (int t = 0; t < lp.length; t++) {
                int best = 0;
                for (int c = 1; c < lp[t].length; c++) if (lp[t][c] > lp[t][best]) best = c;
                pred[t] = best;
            }
            frames = frames.plus(FrameAccuracy.count(u.targets(), pred, phones, targets.statesPerPhone, folding));
        }
        ScoreReport report = ScoreReport.score(refs, hyps, PhoneFolding.TIMIT_61_TO_39, speakers::get);
        return new Result(report, frames, decoded, audio, secs);
    }
}
