package carousel.speech.am;

import carousel.speech.corpus.PhoneSet;
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
        Map<String, Transcript> refs = new LinkedHashMap<>(), hyps = new LinkedHashMap<>();
        Map<String, DecodeResult> decoded = new LinkedHashMap<>();
        Map<String, String> speakers = new LinkedHashMap<>();
        FrameAccuracy frames = new FrameAccuracy(0, 0);
        double audio = 0, secs = 0;
        PhoneSet phones = targets.phones;
        PhoneFolding folding = phones.equals(PhoneSet.TIMIT_48) ? PhoneFolding.TIMIT_48_TO_39 : PhoneFolding.TIMIT_61_TO_39;
        for (AcousticCorpus.Utt u : utts) {
            long t0 = System.nanoTime();
            float[][] lp = model.logPosteriors(u.feats());
            DecodeResult r = decode(lp);
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
