package carousel.cli;

import carousel.model.StreamingModel;
import carousel.progress.ProgressBar;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmTrainer;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.decode.DecodeResult;
import carousel.speech.decode.DecoderOptions;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.decode.PhoneBigram;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.recognize.ContextSearch;
import carousel.speech.recognize.Recognizer;
import carousel.speech.score.Ctm;
import carousel.speech.score.Transcripts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lm.NgramLm;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code carousel decode}: hybrid decoding of a corpus split with a trained acoustic model, scored as TIMIT is. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Recognises the phones of a TIMIT-layout corpus split with an acoustic model from train-am: log posteriors minus",
                "log state priors (times --acoustic-scale) as scaled likelihoods, Viterbi over left-to-right phone HMMs (the self-loops",
                "the model's am.json records; for an older model, estimated from TRAIN's alignments) and a phone bigram (from TRAIN's",
                "alignments unless --lm is given), with beam pruning. Scores after",
                "61 -> 39 folding (substitutions, deletions, insertions per speaker), and writes OUT/hyp.txt, OUT/hyp.ctm, OUT/score.txt.",
                "--split dev decodes the training speakers the model held out; --tune chooses the acoustic scales there first (OUT/tuning.txt).",
                "Example: carousel decode --model runs/lstmp/model --corpus data/demo-corpus --out runs/lstmp/decode"})
public final class DecodeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Acoustic model directory (config.json, model.safetensors, am.json).") Path modelDir;
    @Option(names = "--corpus", required = true, description = "TIMIT-layout corpus root.") Path corpus;
    @Option(names = "--split", defaultValue = "test", description = "test, train, or dev: the training speakers the model held out (provenance.json;"
            + " default ${DEFAULT-VALUE}).") String split;
    @Option(names = "--out", description = "Directory for hyp.txt, hyp.ctm and score.txt.") Path out;
    @Option(names = "--lm", description = "Phone bigram in ARPA format (default: estimated from the TRAIN alignments).") Path lmFile;
    @Option(names = "--acoustic-scale", defaultValue = "0.5", description = "Scale of the acoustic log-likelihoods for the phones (default ${DEFAULT-VALUE},"
            + " with the insertion penalty chosen on held-out TRAIN speakers).") double acousticScale;
    @Option(names = "--lm-weight", defaultValue = "1.0", description = "Weight of the phone bigram (default ${DEFAULT-VALUE}).") double lmWeight;
    @Option(names = "--insertion-penalty", defaultValue = "2.0", description = "Log score added per phone (negative discourages insertions; default ${DEFAULT-VALUE}).") double penalty;
    @Option(names = "--beam", defaultValue = "16", description = "Beam in log units (default ${DEFAULT-VALUE}).") double beam;
    @Option(names = "--jobs", defaultValue = "0", description = "Threads for features (default all cores).") int jobs;
    @Option(names = "--words", description = "Also recognise words (one-pass search over --lexicon with --word-lm) and score them against the corpus's"
            + " .WRD files as sclite does (WER, per speaker, trn files and a word CTM in OUT/words).") boolean words;
    @Option(names = "--word-lm", description = "With --words: the word n-gram LM (ARPA).") Path wordLm;
    @Mixin LexiconOptions dictionary;
    @Mixin WordSearchOptions wordSearch;
    @Option(names = "--cd-search", description = "For a model on tied states (train-am --targets cd): triphone (triphone units in the search, each frame scored by the tied state of its left and right context; "
            + "the default; in the word search of --words: exact inside words, the unknown cross-word side summed out) or marginal (each context-independent state's tied states summed, "
            + "the CI search; what --streaming uses for phones).") String cdSearch;
    @Option(names = "--word-acoustic-scale", defaultValue = WordSearchOptions.ACOUSTIC_SCALE, description = "With --words: the acoustic scale of the word"
            + " search (transcribe's --acoustic-scale; default ${DEFAULT-VALUE}).") double wordAcousticScale;
    @Option(names = "--word-lm-weight", defaultValue = WordSearchOptions.LM_WEIGHT, description = "With --words: the weight of the word LM"
            + " (transcribe's --lm-weight; default ${DEFAULT-VALUE}).") double wordLmWeight;
    @Option(names = "--tune", description = "First choose the acoustic scale (from --acoustic-scales, by PER) and, with --words, the word search's"
            + " (from --word-acoustic-scales, by WER) on the training speakers the model held out (--split dev), never on TEST; then decode --split"
            + " with them. The grid goes to OUT/tuning.txt.") boolean tune;
    @Option(names = "--acoustic-scales", split = ",", defaultValue = "0.1,0.2,0.3,0.5,1.0", description = "Acoustic scales --tune tries for the phones"
            + " (default ${DEFAULT-VALUE}).") List<Double> acousticScales;
    @Option(names = "--word-acoustic-scales", split = ",", defaultValue = "0.05,0.1,0.2,0.3,0.5", description = "Acoustic scales --tune tries for the"
            + " words (default ${DEFAULT-VALUE}).") List<Double> wordAcousticScales;
    @Option(names = "--streaming", description = "Feed frames one at a time (state carried, each output straight into the search) and report that real-time factor.") boolean streaming;
    @Option(names = "--weights", defaultValue = "f32", description = "With --streaming: store the LSTM's weight matrices as f32, bf16 (bfloat16: half the bytes per frame) or int8 "
            + "(per-row scales: a quarter); posteriors within the weights' rounding of the float32 model's; biases, state and outputs stay float32; default ${DEFAULT-VALUE}).") String weights;

    @Override
    public Integer call() throws Exception {
        boolean onDev = split.equalsIgnoreCase("dev");
        Split which = switch (split.toLowerCase(Locale.ROOT)) {
            case "test" -> Split.TEST;
            case "train", "dev" -> Split.TRAIN;
            default -> throw new IllegalArgumentException("--split must be test, train or dev, got '" + split + "'");
        };
        if (tune && onDev) throw new IllegalArgumentException("--tune chooses on the held-out speakers (--split dev) and then decodes --split test or train");
        if (tune && streaming) throw new IllegalArgumentException("--tune decodes whole utterances; choose the scale first, then decode with --streaming --acoustic-scale");
        for (double a : tune ? acousticScales : List.<Double>of()) if (!(a > 0)) throw new IllegalArgumentException("--acoustic-scales must be positive, got " + a);
        for (double a : tune && words ? wordAcousticScales : List.<Double>of()) if (!(a > 0)) throw new IllegalArgumentException("--word-acoustic-scales must be positive, got " + a);
        if (!(acousticScale > 0)) throw new IllegalArgumentException("--acoustic-scale must be positive");
        if (!(wordAcousticScale > 0)) throw new IllegalArgumentException("--word-acoustic-scale must be positive");
        StreamingModel.Weights w = StreamingModel.Weights.parse(weights);
        if (w != StreamingModel.Weights.F32 && !streaming)
            throw new IllegalArgumentException("--weights " + weights + " needs --streaming: reduced-precision weights are for frame-by-frame inference; whole-utterance decoding runs the float32 model");
        if (words && wordLm == null) throw new IllegalArgumentException("--words needs --word-lm FILE.arpa");
        if (!words && wordLm != null) throw new IllegalArgumentException("--word-lm goes with --words");
        if (words && streaming) throw new IllegalArgumentException("--words decodes whole utterances; for frame-by-frame word recognition use transcribe --streaming");
        AcousticModel am = AcousticModel.load(modelDir);
        // the word resources are read before any features are computed
        NgramLm lm = words ? NgramLm.read(wordLm) : null;
        Lexicon lexicon = words ? dictionary.read(modelDir, lm.vocabulary().words()) : null;
        if (!words && wordSearch.rescoreLm != null) throw new IllegalArgumentException("--rescore-lm goes with --words");
        NgramLm rescoreLm = words ? wordSearch.readRescoreLm() : null;
        TargetSet targets = am.config().targets();
        if (targets == TargetSet.PHONES39) throw new IllegalArgumentException(modelDir + ": decoding needs targets phones48, phones61 or states; this model predicts phones39");
        if (streaming) Recognizer.checkStreaming(am, w);   // before any features are computed
        ContextSearch search = cdSearch != null ? ContextSearch.parse(cdSearch) : streaming ? ContextSearch.MARGINAL : ContextSearch.TRIPHONE;
        if (streaming && search == ContextSearch.TRIPHONE) throw new IllegalArgumentException("--streaming searches a tied-state model with --cd-search marginal; triphone search decodes whole utterances");
        PhoneBigram bigram = lmFile == null ? null : PhoneBigram.load(lmFile, targets.phones); // parsed before any features too
        // features only for the decoded split; the phone bigram and the HMM topology need only TRAIN's frame targets;
        // streaming takes the Kaldi features and runs the rest of the model's pipeline frame by frame
        FeaturePipeline p = am.config().features();
        // TRAIN's alignments only for what the model does not hold: the phone bigram without --lm, the HMM self-loops of an older model
        // (the held-out speakers' audio only, for --split dev and --tune)
        Function<List<AcousticCorpus.Utt>, ? extends Set<String>> heldOut = onDev || tune ? AmTrainer.heldOutSpeakers(modelDir) : null;
        boolean needTrain = bigram == null || am.config().selfLoops() == null || onDev || tune;
        AcousticCorpus.Part trainPart = which == Split.TRAIN && !onDev ? AcousticCorpus.Part.FEATURES
                : needTrain ? AcousticCorpus.Part.TARGETS : AcousticCorpus.Part.NONE;
        AcousticCorpus.Part testPart = which == Split.TEST ? AcousticCorpus.Part.FEATURES : AcousticCorpus.Part.NONE;
        int threads = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
        AcousticCorpus data = AcousticCorpus.load(corpus, streaming ? p.kaldiOnly() : p.featuresOnly(), targets, trainPart, testPart, threads, System.err);
        List<AcousticCorpus.Utt> devUtts = List.of();
        if (onDev || tune) {
            Set<String> dev = heldOut.apply(data.split(Split.TRAIN));
            data = data.withFeatures(u -> u.split() == Split.TRAIN && dev.contains(u.speaker()), threads, System.err);
            devUtts = data.split(Split.TRAIN).stream().filter(u -> dev.contains(u.speaker())).toList();
            if (devUtts.isEmpty()) throw new IllegalArgumentException(corpus + ": no usable TRAIN utterances of the model's held-out speakers " + dev);
        }
        List<AcousticCorpus.Utt> train = data.split(Split.TRAIN), utts = onDev ? devUtts : data.split(which);
        if (utts.isEmpty()) throw new IllegalArgumentException(corpus + ": no usable " + split + " utterances");
        if (train.isEmpty() && lmFile == null) throw new IllegalArgumentException(corpus + ": no TRAIN utterances to estimate the phone bigram from; give --lm");
        DecoderOptions options = new DecoderOptions(lmWeight, penalty, beam);
        ContextSearch wordCd = cdSearch != null ? search : ContextSearch.TRIPHONE;
        HmmTopology topology = words ? Recognizer.topology(am.config(), () -> train) : null;
        WordDecoderOptions wordOptions = words ? wordSearch.decoderOptions(wordLmWeight, beam, false) : null;
        if (tune) {
            StringBuilder grid = new StringBuilder(String.format(Locale.ROOT, "tuning on the %d held-out TRAIN speakers of the model (%d utterances; TEST unseen):%n",
                    devUtts.stream().map(AcousticCorpus.Utt::speaker).distinct().count(), devUtts.size()));
            grid.append(String.format(Locale.ROOT, "%-16s %10s %10s%n", "acoustic scale", "dev PER %", "dev frames %"));
            double best = Double.POSITIVE_INFINITY;
            for (double a : acousticScales) {
                Result d = run(am, train, devUtts, bigram, options, a, null, false, StreamingModel.Weights.F32, search);
                grid.append(String.format(Locale.ROOT, "%-16s %10.2f %10.2f%n", fmt(a), 100 * d.per(), 100 * d.frameAccuracy()));
                if (d.per() < best) { best = d.per(); acousticScale = a; }   // the first of equals
            }
            grid.append(String.format(Locale.ROOT, "chosen for the phones: acoustic scale %s (dev PER %.2f%%)%n", fmt(acousticScale), 100 * best));
            if (words) {
                grid.append(String.format(Locale.ROOT, "%-16s %10s%n", "word ac. scale", "dev WER %"));
                double bestWer = Double.POSITIVE_INFINITY;
                for (double a : wordAcousticScales) {
                    WordDecoding.Result d = WordDecoding.run(am, topology, devUtts, corpus, lexicon, lm, a, wordOptions, rescoreLm, wordCd, null);
                    grid.append(String.format(Locale.ROOT, "%-16s %10.2f%n", fmt(a), 100 * d.wer()));
                    if (d.wer() < bestWer) { bestWer = d.wer(); wordAcousticScale = a; }
                }
                grid.append(String.format(Locale.ROOT, "chosen for the words: acoustic scale %s (dev WER %.2f%%)%n", fmt(wordAcousticScale), 100 * bestWer));
            }
            System.out.print(grid);
            if (out != null) {
                Files.createDirectories(out);
                Files.writeString(out.resolve("tuning.txt"), grid.toString());
            }
        }
        Result r = run(am, train, utts, bigram, options, acousticScale, out, streaming, w, search);
        System.out.print(r.text);
        if (words) {
            WordDecoding.Result wr = WordDecoding.run(am, topology, utts, corpus, lexicon, lm, wordAcousticScale, wordOptions, rescoreLm, wordCd, out);
            System.out.print(wr.text());
        }
        return 0;
    }

    private static String fmt(double v) { return v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v); }

    /** What a decoding run printed and wrote. */
    record Result(String text, double per, double frameAccuracy, double rtf) {}

    static Result run(AcousticModel am, List<AcousticCorpus.Utt> train, List<AcousticCorpus.Utt> utts, PhoneBigram lm,
                      DecoderOptions options, double acousticScale, Path out) throws IOException {
        return run(am, train, utts, lm, options, acousticScale, out, false, StreamingModel.Weights.F32, ContextSearch.TRIPHONE);
    }

    /** {@code weights}: storage of the streaming weights (BF16 or INT8 only with {@code streaming}). */
    static Result run(AcousticModel am, List<AcousticCorpus.Utt> train, List<AcousticCorpus.Utt> utts, PhoneBigram lm,
                      DecoderOptions options, double acousticScale, Path out, boolean streaming, StreamingModel.Weights weights, ContextSearch search) throws IOException {
        TargetSet targets = am.config().targets();
        PhoneBigram bigram = lm != null ? lm : Recognizer.bigram(targets, train);
        Recognizer rec = new Recognizer(am, bigram, Recognizer.topology(am.config(), () -> train), options, acousticScale, search);
        double shift = am.config().features().options().frame().frameShiftMs() / 1000.0;
        Recognizer.Result res;
        try (ProgressBar bar = ProgressBar.start(System.err, "decode", utts.size(), "utterances")) {
            res = rec.recognize(utts, shift, streaming, weights, bar);
        }
        StringBuilder sb = new StringBuilder();
        sb.append(res.report().table()).append('\n');
        double per = res.report().overall().errorRate();
        sb.append(String.format(Locale.ROOT, "PER %.2f%% on %d utterances (39 phones)%s; frame accuracy %.2f%% (39 phones); decoding real-time factor %.3f%s%n",
                100 * per, utts.size(),
                am.config().tying() == null ? "" : " (" + am.config().targetsName() + ", " + search.configName() + " search)", 100 * res.frames().accuracy(), res.realTimeFactor(),
                !streaming ? "" : weights == StreamingModel.Weights.F32 ? " (streaming, frame by frame)" : " (streaming, frame by frame, " + weights.name().toLowerCase(Locale.ROOT) + " weights)"));
        if (out != null) {
            Files.createDirectories(out);
            Map<String, List<String>> hyp = new LinkedHashMap<>();
            for (Map.Entry<String, DecodeResult> e : res.decoded().entrySet()) hyp.put(e.getKey(), e.getValue().symbols(targets.phones));
            Transcripts.write(out.resolve("hyp.txt"), hyp);
            try (Writer w = Files.newBufferedWriter(out.resolve("hyp.ctm"), StandardCharsets.UTF_8)) {
                for (Map.Entry<String, DecodeResult> e : res.decoded().entrySet()) Ctm.write(w, e.getKey(), e.getValue().phones(), targets.phones, shift);
            }
            bigram.save(out.resolve("phone-bigram.arpa"));
            Files.writeString(out.resolve("score.txt"), sb.toString());
            sb.append("wrote ").append(out.resolve("hyp.txt")).append(", hyp.ctm, score.txt, phone-bigram.arpa\n");
        }
        return new Result(sb.toString(), per, res.frames().accuracy(), res.realTimeFactor());
    }
}
