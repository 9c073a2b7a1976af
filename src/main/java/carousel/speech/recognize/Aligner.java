package carousel.speech.recognize;

import carousel.speech.am.AcousticModel;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.decode.ForcedAligner;
import carousel.speech.decode.HmmTopology;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.lexicon.Lexicon;

import java.util.ArrayList;
import java.util.List;

/**
 * Forced alignment of a known transcript to audio with an acoustic model and a pronouncing dictionary:
 * each word's first pronunciation, bridged to the model's phones, aligned by {@link ForcedAligner}
 * with optional silence between words. Gives word and phone times. Thread-safe, as {@link WordRecognizer}.
 */
public final class Aligner {
    /** A word or phone and its time span in seconds. */
    public record Span(String label, double startSeconds, double endSeconds) {}

    /** The words and phones (silences included as {@code sil}) of an alignment. */
    public record Result(List<Span> words, List<Span> phones) {}

    private final AcousticModel model;
    private final Lexicon lexicon;
    private final int[] toModel;
    private final ForcedAligner aligner;
    private final double acousticScale, frameSeconds;
    private final PhoneSet phones;

    public Aligner(AcousticModel model, Lexicon lexicon, HmmTopology topology, double acousticScale) {
        this.model = model;
        this.lexicon = lexicon;
        this.phones = model.config().targets().phones;
        this.toModel = WordRecognizer.modelPhones(lexicon, phones);
        this.aligner = new ForcedAligner(topology, WordRecognizer.silencePhone(phones));
        this.acousticScale = acousticScale;
        this.frameSeconds = model.config().features().frameShiftSeconds();
    }

    /**
     * Aligns {@code words} (in the lexicon's spelling) to one utterance's features.
     *
     * @throws IllegalArgumentException naming the words the lexicon lacks, or when the audio is too short for them
     */
    public Result align(FeatureMatrix raw, List<String> words) {
        List<String> missing = new ArrayList<>();
        List<int[]> prons = new ArrayList<>();
        for (String w : words) {
            if (!lexicon.contains(w)) { missing.add(w); continue; }
            int[] p = lexicon.phoneIds(lexicon.firstPronunciation(lexicon.words().id(w)));
            for (int i = 0; i < p.length; i++) p[i] = toModel[p[i]];
            prons.add(p);
        }
        if (!missing.isEmpty()) throw new IllegalArgumentException("not in the lexicon: " + String.join(" ", missing) + " (give a --g2p model to guess them)");
        float[][] lp = model.logPosteriors(raw);
        ForcedAligner.Alignment a = aligner.align(Recognizer.scaledLikelihoods(lp, Recognizer.priors(model), acousticScale), prons);
        List<Span> phoneSpans = new ArrayList<>(), wordSpans = new ArrayList<>();
        for (ForcedAligner.Segment s : a.phones()) phoneSpans.add(new Span(phones.symbol(s.phone()), s.startFrame() * frameSeconds, s.endFrame() * frameSeconds));
        int[][] spans = a.wordFrames(words.size());
        for (int i = 0; i < words.size(); i++) wordSpans.add(new Span(words.get(i), spans[i][0] * frameSeconds, spans[i][1] * frameSeconds));
        return new Result(wordSpans, phoneSpans);
    }
}
