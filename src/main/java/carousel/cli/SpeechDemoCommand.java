package carousel.cli;

import carousel.speech.recognize.Recognizer;
import carousel.speech.am.AcousticModel;
import carousel.speech.am.AmArchitecture;
import carousel.speech.am.AmTrainer;
import carousel.speech.corpus.Split;
import carousel.speech.dataset.AcousticCorpus;
import carousel.speech.dataset.TargetSet;
import carousel.speech.decode.DecoderOptions;
import carousel.speech.feature.FeaturePipeline;
import carousel.tensor.Backend;
import carousel.train.Provenance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code carousel demo speech} (and plain {@code carousel demo}): the whole phone-recognition pipeline
 * on the corpus shipped in the repository, in a few minutes on 2 cores.
 */
@Command(name = "speech", mixinStandardHelpOptions = true,
        description = {"Phone recognition end to end on the synthetic TIMIT-layout corpus shipped in data/demo-corpus: 40 log-mel",
                "features, a 2-layer LSTMP acoustic model trained with truncated BPTT (Sak et al. 2014), hybrid Viterbi decoding",
                "of the test speakers with a phone bigram, and TIMIT scoring (39 phones). Prints the phone error rate, frame",
                "accuracy and the path of a Markdown report. Running it again reuses the trained model in --out (use --fresh).",
                "Example: carousel demo speech --epochs 20 --out runs/demo"})
public final class SpeechDemoCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--corpus", defaultValue = "data/demo-corpus", description = "TIMIT-layout corpus (default ${DEFAULT-VALUE}).") Path corpus;
    @Option(names = "--out", defaultValue = "runs/demo", description = "Run directory (default ${DEFAULT-VALUE}).") Path out;
    @Option(names = "--epochs", defaultValue = "15", description = "Maximum epochs (default ${DEFAULT-VALUE}).") int epochs;
    @Option(names = "--hidden", defaultValue = "128", description = "LSTM cells per layer (default ${DEFAULT-VALUE}).") int hidden;
    @Option(names = "--proj", defaultValue = "64", description = "Recurrent projection (default ${DEFAULT-VALUE}).") int proj;
    @Option(names = "--targets", defaultValue = "phones48", description = "phones48 or states (default ${DEFAULT-VALUE}).") String targets;
    @Option(names = "--fresh", description = "Delete the run directory first.") boolean fresh;
    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).") long seed;

    @Override
    public Integer call() throws IOException {
        // plain `demo` accepts unmatched arguments to pass them on; here they are errors
        if (!spec.commandLine().getUnmatchedArguments().isEmpty())
            throw new IllegalArgumentException("unknown option(s): " + String.join(" ", spec.commandLine().getUnmatchedArguments()) + " (see --help)");
        if (!Files.isDirectory(corpus)) throw new IllegalArgumentException(corpus + ": no such corpus directory (run from the repository root, or give --corpus)");
        if (fresh && Files.exists(out)) try (var s = Files.walk(out)) { for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p); }
        long t0 = System.nanoTime();
        System.out.println("Carousel speech demo: " + corpus + " -> " + out);
        System.out.println("backend: " + Backend.blas().describe() + ", " + Backend.blas().threads() + " thread(s)");
        FeaturePipeline spec = FeaturePipeline.fbank40();
        TargetSet set = TargetSet.parse(targets);
        AcousticCorpus data = AcousticCorpus.load(corpus, spec, set, Runtime.getRuntime().availableProcessors(), System.out);
        AmTrainer.Options o = AmTrainer.Options.builder().model(AmArchitecture.LSTMP).hidden(hidden).proj(proj).context(0, 0).epochs(epochs).patience(5).seed(seed).build();
        AcousticModel am = new AmTrainer(o, System.out, Recognizer.DEV_FRAME_ACCURACY).train(data, spec, set, out,
                new Provenance.Origin(Main.commandLine(this.spec), corpus.toAbsolutePath().normalize().toString(), seed));
        double trainSecs = (System.nanoTime() - t0) / 1e9;
        List<AcousticCorpus.Utt> test = data.split(Split.TEST);
        DecodeCommand.Result r = DecodeCommand.run(am, data.split(Split.TRAIN), test, null, new DecoderOptions(1.0, 1.0, 16), 0.5, out.resolve("decode"));
        System.out.print(r.text());
        Path report = out.resolve("report.md");
        Files.writeString(report, report(am, data, r, trainSecs));
        System.out.printf(Locale.ROOT, "%nphone error rate %.1f%%, frame accuracy %.1f%% on %d test utterances of %d unseen speakers; report: %s (%.0f s in all)%n",
                100 * r.per(), 100 * r.frameAccuracy(), test.size(), test.stream().map(AcousticCorpus.Utt::speaker).distinct().count(), report, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    private String report(AcousticModel am, AcousticCorpus data, DecodeCommand.Result r, double trainSecs) throws IOException {
        StringBuilder sb = new StringBuilder("# Carousel speech demo\n\n");
        sb.append(String.format(Locale.ROOT, "Corpus `%s`: %d utterances (%d TRAIN, %d TEST). Features: 40 log-mel (Kaldi fbank). Targets: %s (%d classes).%n%n",
                corpus, data.utterances().size(), data.split(Split.TRAIN).size(), data.split(Split.TEST).size(), am.config().targets().configName(), am.config().targets().numClasses()));
        sb.append(String.format(Locale.ROOT, "Model: 2-layer LSTMP, %d cells, projection %d, %,d parameters, output delay %d frames; truncated BPTT (20 steps, 16 streams), Adam.%n%n",
                hidden, proj, am.network().parameterCount(), am.config().delay()));
        sb.append("## Training\n\n![training curve](training-curve.png)\n\n");
        Path h = out.resolve("history.json");
        if (Files.exists(h)) sb.append("Per-epoch figures: `history.json`.\n\n");
        sb.append(String.format(Locale.ROOT, "Training (with feature extraction) took %.0f s.%n%n", trainSecs));
        sb.append("## Recognition (test speakers, 39 phones)\n\n```\n").append(r.text()).append("```\n\n");
        sb.append("Decoding: log posteriors minus log state priors (acoustic scale 0.5), Viterbi over 1-state (phones) or 3-state (states) phone HMMs ")
                .append("with a Witten-Bell phone bigram from the TRAIN alignments (LM weight 1, insertion bonus 1, beam 16). ")
                .append("The corpus is synthetic speech from a handful of voices: the numbers test the pipeline, they are not TIMIT results.\n");
        return sb.toString();
    }
}
