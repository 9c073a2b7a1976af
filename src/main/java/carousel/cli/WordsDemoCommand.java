package carousel.cli;

import carousel.speech.am.AcousticModel;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.decode.HmmTopology;
import carousel.speech.decode.WordDecoderOptions;
import carousel.speech.lexicon.Lexicon;
import carousel.speech.lexicon.LexiconFormat;
import carousel.speech.lexicon.PhoneBridge;
import carousel.speech.lm.NgramLm;
import carousel.speech.recognize.WordRecognizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code carousel demo words} (and plain {@code carousel demo}): sentences recognised from the shipped
 * corpus's test speakers with the shipped acoustic model, lexicon and LM, scored as sclite scores them.
 */
@Command(name = "words", mixinStandardHelpOptions = true,
        description = {"Word recognition end to end: the TEST speakers of data/demo-corpus (synthetic Harvard sentences) through",
                "the acoustic model, pronouncing dictionary and trigram LM shipped in models/harvard-lstmp (made by",
                "recipes/demo-model/run.sh), one-pass word search, WER as sclite counts it, and a few sentences beside their",
                "references. Training from scratch instead: carousel demo --train.",
                "Example: carousel demo words --show 8"})
public final class WordsDemoCommand implements Callable<Integer> {
    /**
     * The search settings tuned for the shipped model's own (closed) Harvard trigram on its 6 held-out
     * TRAIN speakers, not on TEST: LM weight 1, word penalty 2 (WER 1.26 % there; the library's default
     * weight 0.5 suits an open-vocabulary LM such as the generic trigram). docs/results/word-recognition.md, "Tuning".
     */
    static final WordDecoderOptions HARVARD_LM_SEARCH = WordDecoderOptions.DEFAULT.withLmWeight(1.0).withWordInsertionPenalty(2.0);

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", defaultValue = "models/harvard-lstmp", description = "Model directory with lexicon.dict and lm.arpa (default ${DEFAULT-VALUE}).") Path model;
    @Option(names = "--corpus", defaultValue = "data/demo-corpus", description = "TIMIT-layout corpus (default ${DEFAULT-VALUE}).") Path corpus;
    @Option(names = "--out", defaultValue = "runs/demo-words", description = "Where hyp.trn, ref.trn, hyp.ctm and score.txt go (default ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--show", defaultValue = "5", description = "Sentences to print beside their references (default ${DEFAULT-VALUE}).") int show;

    @Override
    public Integer call() throws Exception {
        if (!spec.commandLine().getUnmatchedArguments().isEmpty())
            throw new IllegalArgumentException("unknown option(s): " + String.join(" ", spec.commandLine().getUnmatchedArguments()) + " (see --help)");
        if (!Files.isDirectory(corpus)) throw new IllegalArgumentException(corpus + ": no such corpus directory (run from the repository root, or give --corpus)");
        if (!Files.isDirectory(model)) throw new IllegalArgumentException(model + ": no such model directory (run from the repository root, or give --model)");
        long t0 = System.nanoTime();
        System.out.println("Carousel word recognition demo: " + corpus + " TEST with " + model);
        AcousticModel am = AcousticModel.load(model);
        Lexicon lexicon = Lexicon.read(model.resolve("lexicon.dict"), LexiconFormat.CMU, PhoneBridge.CMU_39);
        NgramLm lm = NgramLm.read(model.resolve("lm.arpa"));
        AcousticCorpus data = AcousticCorpus.load(corpus, am.config().features().featuresOnly(), am.config().targets(),
                AcousticCorpus.Part.NONE, AcousticCorpus.Part.FEATURES, Runtime.getRuntime().availableProcessors(), null);
        List<AcousticCorpus.Utt> test = data.split(Split.TEST);
        if (test.isEmpty()) throw new IllegalArgumentException(corpus + ": no TEST utterances");
        HmmTopology topology = carousel.speech.recognize.Recognizer.topology(am.config(), 0.7);
        WordDecoding.Result r = WordDecoding.run(am, topology, test, corpus, lexicon, lm, WordRecognizer.DEFAULT_ACOUSTIC_SCALE, HARVARD_LM_SEARCH, null,
                carousel.speech.recognize.ContextSearch.TRIPHONE, out);
        System.out.print(r.text());
        List<String> hyp = Files.readAllLines(out.resolve("words/hyp.trn")), ref = Files.readAllLines(out.resolve("words/ref.trn"));
        System.out.println();
        for (int i = 0; i < Math.min(show, hyp.size()); i++) {
            int k = i * hyp.size() / Math.max(1, Math.min(show, hyp.size()));   // spread over the speakers
            System.out.println("REF: " + ref.get(k));
            System.out.println("HYP: " + hyp.get(k));
        }
        System.out.printf(Locale.ROOT, "%nword error rate %.1f%% on %d sentences of %d test speakers (%.0f s in all); training from scratch instead: ./carousel demo --train%n",
                100 * r.wer(), test.size(), test.stream().map(AcousticCorpus.Utt::speaker).distinct().count(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
