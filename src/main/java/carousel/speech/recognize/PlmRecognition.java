package carousel.speech.recognize;

import carousel.progress.ProgressBar;
import carousel.speech.am.AcousticModel;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.decode.Decodable;
import carousel.speech.decode.DecodeResult;
import carousel.speech.decode.ScaledLikelihoods;
import carousel.speech.decode.StatePriors;
import carousel.speech.score.PhoneFolding;
import carousel.speech.score.ScoreReport;
import carousel.speech.score.Transcript;
import carousel.speech.score.TranscriptFormatException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Phone recognition of a set of utterances by any search, scored as {@link Recognizer}
 * scores (61 → 39 folding, per speaker). The acoustic model runs once per utterance
 * ({@link #prepare}); its scaled likelihoods are then decoded by as many searches as wanted (a baseline,
 * a grid of LM weights), and each search is timed on its own, so real-time factors separate the search
 * from the network.
 */
public final class PlmRecognition {

    /** An utterance's scaled likelihoods, its audio length and the time the acoustic model took. */
    public record Prepared(AcousticCorpus.Utt utt, Decodable likelihoods, double audioSeconds, double amSeconds) {}

    /** Scores and timings of one search over prepared utterances. */
    public record Outcome(ScoreReport report, Map<String, DecodeResult> decoded, double audioSeconds, double searchSeconds,
                          double amSeconds) {
        public double per() {
            return report.overall().errorRate();
        }

        /** Search time over audio time. */
        public double searchRealTimeFactor() {
            return searchSeconds / audioSeconds;
        }

        /** Acoustic model plus search, over audio time. */
        public double realTimeFactor() {
            return (searchSeconds + amSeconds) / audioSeconds;
        }
    }

    private PlmRecognition() {}

    /** Runs the acoustic model on every utterance once. */
    public static List<Prepared> prepare(AcousticModel am, List<AcousticCorpus.Utt> utts, double acousticScale, double frameShiftSeconds) {
        StatePriors priors = Recognizer.priors(am);
        List<Prepared> out = new ArrayList<>();
        for (AcousticCorpus.Utt u : utts) {
            long t0 = System.nanoTime();
            ScaledLikelihoods s = Recognizer.scaledLikelihoods(am.logPosteriors(u.feats()), priors, acousticScale);
            double secs = (System.nanoTime() - t0) / 1e9;
            out.add(new Prepared(u, s, u.feats().numFrames() * frameShiftSeconds, secs));
        }
        return out;
    }

    /** Decodes every prepared utterance with {@code search} and scores the phones (symbols of {@code phones}). */
    public static Outcome run(List<Prepared> utts, Function<Decodable, DecodeResult> search, PhoneSet phones) {
        return run(utts, search, phones, ProgressBar.start(null, "search", utts.size(), "utterances"));
    }

    /** As {@link #run(List, Function, PhoneSet)}, one {@code progress} step per utterance searched. */
    public static Outcome run(List<Prepared> utts, Function<Decodable, DecodeResult> search, PhoneSet phones, ProgressBar progress) {
        Map<String, Transcript> refs = new LinkedHashMap<>(), hyps = new LinkedHashMap<>();
        Map<String, DecodeResult> decoded = new LinkedHashMap<>();
        Map<String, String> speakers = new LinkedHashMap<>();
        double audio = 0, search0 = 0, am = 0;
        for (Prepared p : utts) {
            long t0 = System.nanoTime();
            DecodeResult r = search.apply(p.likelihoods());
            search0 += (System.nanoTime() - t0) / 1e9;
            audio += p.audioSeconds();
            am += p.amSeconds();
            String id = p.utt().id();
            decoded.put(id, r);
            hyps.put(id, Transcript.of(id, r.symbols(phones)));
            refs.put(id, Transcript.of(id, p.utt().referencePhones61()));
            speakers.put(id, p.utt().speaker());
            progress.step();
        }
        try {
            return new Outcome(ScoreReport.score(refs, hyps, PhoneFolding.TIMIT_61_TO_39, speakers::get), decoded, audio, search0, am);
        } catch (TranscriptFormatException e) {
            throw new IllegalStateException("scoring in-memory transcripts: " + e.getMessage(), e);
        }
    }
}
