package carousel.speech.recognize;

import carousel.model.StreamingModel;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmConfig;
import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.decode.ContextStates;
import carousel.speech.decode.Decodable;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.LatticeRescorer;
import carousel.speech.decode.LexiconTree;
import carousel.speech.decode.StatePriors;
import carousel.speech.decode.WordDecodeResult;
import carousel.speech.decode.WordDecoder;
import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lexicon.PhoneBridge;
import carousel.speech.lm.NgramLm;
import carousel.speech.lm.Vocabulary;
import carousel.speech.tree.ContextTree;
import carousel.speech.tree.Triphone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hybrid NN/HMM word recognition: the acoustic model's log posteriors minus the state log priors,
 * times an acoustic scale, as scaled likelihoods; the {@link WordDecoder} over the lexicon's
 * pronunciations (dictionary phones bridged to the model's by {@link PhoneBridge}) and the n-gram LM.
 * The HMM transition ln probabilities are scaled by the acoustic scale too ({@link HmmTopology#weighted}),
 * as Kaldi's recipes pair {@code --self-loop-scale} with {@code --acoustic-scale}.
 *
 * <p>The vocabulary is the lexicon's words that the LM knows (a word outside the LM's vocabulary takes
 * its {@code <unk>} probability when the LM has one, else it cannot be recognised and is counted in
 * {@link #wordsWithoutLm()}). Thread-safe: threads recognise different utterances at once, side by side (each
 * network forward has its own {@link carousel.model.SequenceModel.Cache}, each search its own state), and
 * streams share one weight snapshot ({@link #streamingModel()}).
 */
public final class WordRecognizer {
    /** The acoustic scale that goes with {@link WordDecoderOptions#DEFAULT}'s LM weight and word penalty. */
    public static final double DEFAULT_ACOUSTIC_SCALE = 0.1;

    /** One recognised word, its time span and its confidence (its posterior in the word lattice, 0..1; NaN without one). */
    public record Word(String word, double startSeconds, double endSeconds, double confidence) {}

    /** One of the n best word sequences and its score (ln, the search's scaled units). */
    public record Alternative(String text, double score) {}

    /** A recognition result; {@code alternatives} holds the n best when they were asked for (the first is the result's text). */
    public record Result(List<Word> words, double score, boolean reachedEnd, double audioSeconds, double seconds, List<Alternative> alternatives) {
        public Result {
            words = List.copyOf(words);
            alternatives = List.copyOf(alternatives);
        }

        public String text() {
            StringBuilder b = new StringBuilder();
            for (Word w : words) b.append(b.isEmpty() ? "" : " ").append(w.word());
            return b.toString();
        }

        /**
         * As JSON in the shape Vosk users know: {@code text}, {@code result} (word, start, end, conf) and,
         * when asked for, {@code alternatives} (text, confidence: the ln score).
         */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Object> result = new ArrayList<>();
            for (Word w : words) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("word", w.word());
                x.put("start", Math.round(w.startSeconds() * 1000) / 1000.0);
                x.put("end", Math.round(w.endSeconds() * 1000) / 1000.0);
                if (!Double.isNaN(w.confidence())) x.put("conf", Math.round(w.confidence() * 1e4) / 1e4);
                result.add(x);
            }
            m.put("text", text());
            m.put("result", result);
            if (!alternatives.isEmpty()) {
                List<Object> alts = new ArrayList<>();
                for (Alternative a : alternatives) {
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("text", a.text());
                    x.put("confidence", Math.round(a.score() * 1000) / 1000.0);
                    alts.add(x);
                }
                m.put("alternatives", alts);
            }
            return m;
        }
    }

    private final AcousticModel model;
    private final Lexicon lexicon;
    private final WordDecoder decoder;
    private final StatePriors priors;
    private final ContextStates context;   // acoustic ids of the triphone word search, or null (CI model, or marginal)
    private final double acousticScale;
    private final double frameShiftSeconds;
    private final int wordsWithoutLm;
    private StreamingModel streaming;   // the float32 batch-1 snapshot, built for the first stream (guarded by this)
    private boolean streamingBuilt;

    public WordRecognizer(AcousticModel model, Lexicon lexicon, NgramLm lm, HmmTopology topology, double acousticScale,
                          WordDecoderOptions options) {
        this(model, lexicon, lm, topology, acousticScale, options, null);
    }

    /**
     * As the other constructor, with a second pass: final results come from the word lattice rescored with
     * {@code rescoreLm} ({@link LatticeRescorer}; {@code null}: one pass). The search's words take their id in
     * {@code rescoreLm}'s vocabulary, or its {@code <unk>}.
     *
     * @throws IllegalArgumentException when {@code rescoreLm} has no {@code <unk>} and lacks words of the search
     */
    public WordRecognizer(AcousticModel model, Lexicon lexicon, NgramLm lm, HmmTopology topology, double acousticScale,
                          WordDecoderOptions options, NgramLm rescoreLm) {
        this(model, lexicon, lm, topology, acousticScale, options, rescoreLm, ContextSearch.TRIPHONE);
    }

    /**
     * As the other constructors, choosing how a model on tied states is searched ({@code cdSearch}, ignored for a
     * context-independent model): {@link ContextSearch#TRIPHONE} scores the word search's states by their
     * triphone's tied states ({@link ContextStates}), {@link ContextSearch#MARGINAL} by the context-independent sums.
     */
    public WordRecognizer(AcousticModel model, Lexicon lexicon, NgramLm lm, HmmTopology topology, double acousticScale,
                          WordDecoderOptions options, NgramLm rescoreLm, ContextSearch cdSearch) {
        AmConfig am = model.config();
        PhoneSet phones = am.targets().phones;
        if (topology.numStates() != am.targets().numClasses())
            throw new IllegalArgumentException("the HMM topology has " + topology.numStates() + " states but the model has " + am.targets().numClasses() + " outputs");
        if (!(acousticScale > 0)) throw new IllegalArgumentException("acoustic scale must be positive, got " + acousticScale);
        this.model = model;
        this.lexicon = lexicon;
        this.acousticScale = acousticScale;
        this.frameShiftSeconds = am.features().frameShiftSeconds();
        int[] toModel = modelPhones(lexicon, phones);
        int unk = lm.vocabulary().unk();
        int[] lmWord = new int[lexicon.size()], rescoreWord = new int[lexicon.size()];
        List<String> notRescorable = new ArrayList<>();
        float[] unigram = new float[lexicon.size()];
        List<int[]> prons = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        int missing = 0;
        for (int w = 0; w < lexicon.size(); w++) {
            int id = lm.vocabulary().id(lexicon.words().word(w));
            if (id < 0) id = unk;
            if (id < 0 || id == lm.vocabulary().bos() || id == lm.vocabulary().eos()) {
                missing++;
                continue;
            }
            lmWord[w] = id;
            if (rescoreLm != null) {
                int id2 = rescoreLm.vocabulary().id(lexicon.words().word(w));
                if (id2 < 0) id2 = rescoreLm.vocabulary().unk();
                if (id2 < 0) notRescorable.add(lexicon.words().word(w));
                else rescoreWord[w] = id2;
            }
            unigram[w] = lm.logProb(lm.emptyState(), id);
            for (int p = lexicon.firstPronunciation(w); p < lexicon.endPronunciation(w); p++) {
                int[] ids = lexicon.phoneIds(p);
                for (int i = 0; i < ids.length; i++) ids[i] = toModel[ids[i]];
                prons.add(ids);
                owners.add(w);
            }
        }
        if (prons.isEmpty()) throw new IllegalArgumentException("no word of the lexicon is in the language model's vocabulary");
        this.wordsWithoutLm = missing;
        ContextTree tying = am.tying();
        boolean triphones = tying != null && cdSearch == ContextSearch.TRIPHONE;
        LexiconTree tree = LexiconTree.build(prons, owners.stream().mapToInt(Integer::intValue).toArray(), unigram, phones.size(), triphones);
        if (triphones) {
            int[] ci = new int[tying.numStates()];
            for (int j = 0; j < ci.length; j++) ci[j] = tying.ciState(j);
            this.context = ContextStates.build(tree, phones.size(), tying.statesPerPhone(), silencePhone(phones),
                    (l, ph, r, k) -> tying.map(new Triphone(l, ph, r, k)), ci);
            this.priors = context.priors(tiedPriors(am.logPriors()));
        } else {
            this.context = null;
            this.priors = Recognizer.priors(model);
        }
        if (!notRescorable.isEmpty())
            throw new IllegalArgumentException("the rescoring LM has no " + Vocabulary.UNK + " and lacks " + notRescorable.size()
                    + " words of the first pass (e.g. '" + notRescorable.get(0) + "')");
        LatticeRescorer rescorer = rescoreLm == null ? null : new LatticeRescorer(rescoreLm, rescoreWord, LatticeRescorer.DEFAULT_MAX_STATES);
        // the HMM transitions weighed as the acoustic scores are (Kaldi's self-loop scale = acoustic scale)
        this.decoder = new WordDecoder(topology.weighted(topology.weight() * acousticScale), tree, lm, lmWord, silencePhone(phones), options, rescorer, context);
    }

    /** The network's saved log priors (N) renormalised, as {@link Recognizer#priors} does for the context-independent sums. */
    private static StatePriors tiedPriors(float[] logPriors) {
        double[] p = new double[logPriors.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logPriors[i]);
        for (int i = 0; i < p.length; i++) p[i] /= sum;
        return StatePriors.of(p);
    }

    /**
     * Log posteriors (T, M) of one utterance's raw features over what the search scores: the model's
     * ({@link AcousticModel#logPosteriors}), or with the triphone word search each frame's tied-state posteriors
     * collapsed to the acoustic ids ({@link ContextStates#collapse}).
     */
    public float[][] logPosteriors(FeatureMatrix raw) {
        if (context == null) return model.logPosteriors(raw);
        float[][] tied = model.networkLogPosteriors(raw);
        for (int t = 0; t < tied.length; t++) tied[t] = context.collapse(tied[t]);
        return tied;
    }

    /** One frame's network log posteriors (N) as the search's row (see {@link #logPosteriors}); a tied model's marginal: the CI sums. */
    public float[] acousticRow(float[] networkLogPosteriors) {
        if (context != null) return context.collapse(networkLogPosteriors);
        ContextTree tying = model.config().tying();
        return tying == null ? networkLogPosteriors : tying.collapse(networkLogPosteriors);
    }

    /** Values per row of {@link #logPosteriors}: the decoder's acoustic indices. */
    public int numAcousticIndices() { return decoder.numAcousticIndices(); }

    /** For each phone of the lexicon's set, the acoustic model's phone index ({@link PhoneBridge}). */
    static int[] modelPhones(Lexicon lexicon, PhoneSet phones) {
        PhoneMap bridge = PhoneBridge.dictionaryToAcoustic(phones);
        int[] toModel = new int[lexicon.phones().size()];
        for (int p = 0; p < toModel.length; p++) {
            String sym = lexicon.phones().symbol(p);
            String target = bridge.knows(sym) ? bridge.map(sym).orElse(null) : null;
            if (target == null) throw new IllegalArgumentException("the lexicon's phone '" + sym + "' has no phone in the acoustic model's " + phones);
            toModel[p] = phones.index(target);
        }
        return toModel;
    }

    /** The model's silence phone: {@code sil} (48 and 39 sets) or {@code h#} (61), or -1. */
    static int silencePhone(PhoneSet phones) {
        if (phones.contains("sil")) return phones.index("sil");
        if (phones.contains("h#")) return phones.index("h#");
        return -1;
    }

    public AcousticModel model() { return model; }

    /**
     * The float32 batch-1 weight snapshot that every {@link StreamingRecognizer} on this recognizer
     * shares (each stream steps it with its own scratch); built at the first call; null when the
     * model streams through its own forward ({@link Recognizer#streamingModel}).
     */
    public synchronized StreamingModel streamingModel() {
        if (!streamingBuilt) {
            streaming = Recognizer.streamingModel(model, StreamingModel.Weights.F32);
            streamingBuilt = true;
        }
        return streaming;
    }

    public WordDecoder decoder() { return decoder; }

    /** Lexicon words the LM cannot score (no entry and no {@code <unk>}): they are left out of the search. */
    public int wordsWithoutLm() { return wordsWithoutLm; }

    Lexicon lexicon() { return lexicon; }

    /** Seconds per feature frame. */
    public double frameShiftSeconds() { return frameShiftSeconds; }

    /** Words of one utterance's raw features (as the model's feature pipeline computes them). */
    public Result recognize(FeatureMatrix raw) {
        return recognize(raw, 0);
    }

    /** As {@link #recognize(FeatureMatrix)}, with the {@code alternatives} best word sequences (0: none). */
    public Result recognize(FeatureMatrix raw, int alternatives) {
        long t0 = System.nanoTime();
        float[][] logPosteriors = logPosteriors(raw);   // its own cache: forwards run in parallel
        WordDecodeResult r = decode(logPosteriors, alternatives);
        return result(r, raw.numFrames() * frameShiftSeconds, (System.nanoTime() - t0) * 1e-9);
    }

    /**
     * Words of a whole recording at any sample rate (resampled to the model's), the {@code alternatives} best word
     * sequences with them (0: none).
     *
     * @throws IllegalArgumentException when it is too short for one feature frame
     */
    public Result recognize(carousel.speech.audio.Waveform w, int alternatives) throws carousel.speech.audio.SampleRateMismatchException {
        return recognize(features(w), alternatives);
    }

    /**
     * The raw features (as the model's feature pipeline computes them) of a whole recording at any sample rate,
     * resampled to the model's.
     *
     * @throws IllegalArgumentException when it is too short for one feature frame
     */
    public FeatureMatrix features(carousel.speech.audio.Waveform w) throws carousel.speech.audio.SampleRateMismatchException {
        carousel.speech.feature.FeaturePipeline features = model.config().features();
        carousel.speech.audio.Waveform at = w.checkSampleRate(features.sampleRateHz(), true);
        FeatureMatrix raw = features.features(features.computer(), at);
        if (raw.numFrames() == 0) throw new IllegalArgumentException(w.source() + ": too short for one feature frame (" + at.numSamples() + " samples)");
        return raw;
    }

    /** The scaled log-likelihood of state {@code index} given its log posterior: what the search adds. */
    double scaled(int index, float logPosterior) {
        return acousticScale * (logPosterior - priors.logPrior(index));
    }

    /** The search over log posteriors (T, C) of one utterance. */
    public WordDecodeResult decode(float[][] logPosteriors) {
        return decode(logPosteriors, 0);
    }

    /** As {@link #decode(float[][])}, with the {@code alternatives} best word sequences. */
    public WordDecodeResult decode(float[][] logPosteriors, int alternatives) {
        return search(logPosteriors).finish(alternatives);
    }

    /** The (first-pass) search over every frame of log posteriors (T, C), not yet finished. */
    public WordDecoder.Search search(float[][] logPosteriors) {
        WordDecoder.Search search = decoder.newSearch();
        search.advance(likelihoods(logPosteriors));
        return search;
    }

    /** What the search reads of log posteriors (T, C): the scaled likelihoods (posterior over prior, times the acoustic scale). */
    public Decodable likelihoods(float[][] logPosteriors) {
        return Recognizer.scaledLikelihoods(logPosteriors, priors, acousticScale);
    }

    /** Words with times in seconds from a search result. */
    public Result result(WordDecodeResult r, double audioSeconds, double seconds) {
        return result(r, 0, audioSeconds, seconds);
    }

    /** As {@link #result(WordDecodeResult, double, double)}, the times shifted by {@code offsetSeconds} (a stream's utterance start). */
    public Result result(WordDecodeResult r, double offsetSeconds, double audioSeconds, double seconds) {
        List<Word> words = new ArrayList<>();
        for (WordDecodeResult.DecodedWord w : r.words())
            words.add(new Word(lexicon.words().word(w.word()), offsetSeconds + w.startFrame() * frameShiftSeconds,
                    offsetSeconds + w.endFrame() * frameShiftSeconds, w.confidence()));
        List<Alternative> alternatives = new ArrayList<>();
        for (WordDecodeResult.Alternative a : r.alternatives()) {
            StringBuilder b = new StringBuilder();
            for (int w : a.words()) b.append(b.isEmpty() ? "" : " ").append(lexicon.words().word(w));
            alternatives.add(new Alternative(b.toString(), a.score()));
        }
        return new Result(words, r.score(), r.reachedEnd(), audioSeconds, seconds, alternatives);
    }
}
