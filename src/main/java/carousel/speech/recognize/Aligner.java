package carousel.speech.recognize;

import carousel.speech.am.AcousticModel;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.decode.ForcedAligner;
import carousel.speech.decode.HmmTopology;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.lexicon.Lexicon;

import carousel.speech.dataset.AcousticCorpus;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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

    /**
     * A new context-independent state alignment of one utterance by {@code model}: Viterbi through the chain
     * of the reference phones (the phone instances of {@code stateLabels}, their order kept, no optional
     * silence) over the model's scaled likelihoods, every frame covered. What re-estimates a tree
     * ({@code tree build --alignments-from}) on a trained model's alignments instead of the .PHN times.
     *
     * @param stateLabels (T) the reference alignment, states {@code phone * K + k} of the model's targets
     * @return (T) the model's states {@code phone * K + k}
     * @throws IllegalArgumentException when the frames are too few for the phones' states
     */
    public static int[] realign(AcousticModel model, HmmTopology topology, FeatureMatrix raw, int[] stateLabels, double acousticScale) {
        int k = topology.statesPerPhone();
        List<int[]> instances = carousel.speech.tree.PhoneContexts.instances(stateLabels, k);
        int[] phoneSeq = new int[instances.size()];
        for (int i = 0; i < phoneSeq.length; i++) phoneSeq[i] = instances.get(i)[0];
        float[][] lp;
        synchronized (model.network()) {
            lp = model.logPosteriors(raw);
        }
        if (lp.length != stateLabels.length) throw new IllegalArgumentException(lp.length + " frames of features but " + stateLabels.length + " of alignment");
        return new ForcedAligner(topology, -1).align(Recognizer.scaledLikelihoods(lp, Recognizer.priors(model), acousticScale), List.of(phoneSeq)).frameStates();
    }

    /**
     * {@link #realign} over utterances (each with the model's features and its reference alignment): the
     * new alignments by utterance id; an utterance too short for its phones keeps no entry (a warning line
     * each), and one line sums up how many frames changed state.
     */
    public static Map<String, int[]> realign(AcousticModel model, List<AcousticCorpus.Utt> utts, double acousticScale, PrintStream log) {
        HmmTopology topology = Recognizer.topology(model.config(), 0.5);
        Map<String, int[]> out = new LinkedHashMap<>();
        long changed = 0, frames = 0;
        for (AcousticCorpus.Utt u : utts) {
            try {
                int[] after = realign(model, topology, u.feats(), u.targets(), acousticScale);
                for (int t = 0; t < after.length; t++) if (after[t] != u.targets()[t]) changed++;
                frames += after.length;
                out.put(u.id(), after);
            } catch (IllegalArgumentException e) {
                if (log != null) log.println("warning: " + u.id() + ": not realigned (" + e.getMessage() + "); its .PHN alignment is kept");
            }
        }
        if (log != null) log.printf(Locale.ROOT, "forced alignment: %.1f%% of %,d frames changed state; done %d of %d utterances%n",
                100.0 * changed / Math.max(1, frames), frames, out.size(), utts.size());
        return out;
    }
}
