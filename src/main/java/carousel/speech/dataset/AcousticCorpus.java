package carousel.speech.dataset;

import carousel.io.FormatException;
import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Waveform;
import carousel.speech.corpus.CorpusFormatException;
import carousel.speech.corpus.CorpusProblem;
import carousel.speech.corpus.CorpusScan;
import carousel.speech.corpus.FrameGeometry;
import carousel.speech.corpus.FrameTargets;
import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.corpus.ScanOptions;
import carousel.speech.corpus.ScannedUtterance;
import carousel.speech.corpus.Split;
import carousel.speech.corpus.TimitCorpus;
import carousel.speech.feature.FeatureComputer;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.feature.FrameOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The utterances of a TIMIT-layout corpus with their features and frame targets, computed once (in
 * parallel) and held in memory: what acoustic-model training and decoding read. Unusable utterances
 * are reported, one line each, and skipped ("done N of M").
 */
public final class AcousticCorpus {
    /** One utterance: features (frames × dim), frame targets (one per frame), and the 61-phone reference alignment's phones. */
    public record Utt(String id, String speaker, Split split, FeatureMatrix feats, int[] targets, List<String> referencePhones61) {}

    private final List<Utt> utterances;
    private final int attempted;
    private final List<String> problems;

    private AcousticCorpus(List<Utt> utterances, int attempted, List<String> problems) {
        this.utterances = utterances;
        this.attempted = attempted;
        this.problems = problems;
    }

    public List<Utt> utterances() { return utterances; }
    public List<Utt> split(Split s) { return utterances.stream().filter(u -> u.split() == s).toList(); }
    public int attempted() { return attempted; }
    public List<String> problems() { return problems; }

    /** Loads every good utterance of the corpus (both splits). */
    public static AcousticCorpus load(Path root, FeaturePipeline spec, TargetSet targets, int threads, PrintStream log) throws IOException {
        FeatureComputer computer = spec.computer();
        FrameOptions frame = computer.frameOptions();
        if (!frame.snipEdges()) throw new IllegalArgumentException("acoustic models need --snip-edges=true: frame targets are placed on Kaldi's snip-edges frames");
        int rateHz = (int) frame.sampleFrequencyHz();
        FrameGeometry geometry = new FrameGeometry(frame.frameLengthMs(), frame.frameShiftMs(), rateHz);
        PhoneMap map = PhoneMap.timit(PhoneSet.TIMIT_61, targets.phones);
        TimitCorpus corpus = TimitCorpus.open(root);
        CorpusScan scan = corpus.scan(new ScanOptions(PhoneSet.TIMIT_61, rateHz, ScanOptions.DEFAULT.maxUncoveredTailMs()));
        List<String> problems = new ArrayList<>();
        for (CorpusProblem p : scan.problems()) { problems.add(p.toString()); if (log != null) log.println("warning: " + p); }
        List<ScannedUtterance> good = scan.good();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> { Thread t = new Thread(r, "features"); t.setDaemon(true); return t; });
        List<Utt> out = new ArrayList<>();
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (ScannedUtterance u : good) futures.add(pool.submit(() -> compute(spec, computer, u, geometry, map, targets)));
            int step = Math.max(1, good.size() / 10);
            for (int i = 0; i < good.size(); i++) {
                Object r;
                try { r = futures.get(i).get(); } catch (ExecutionException e) { r = e.getCause().toString(); }
                if (r instanceof Utt u) out.add(u);
                else { String msg = good.get(i).utterance().id() + ": " + r; problems.add(msg); if (log != null) log.println("warning: " + msg); }
                if (log != null && ((i + 1) % step == 0 || i + 1 == good.size()))
                    log.printf(Locale.ROOT, System.console() != null ? "\rfeatures: %d/%d utterances" : "features: %d/%d utterances%n", i + 1, good.size());
            }
            if (log != null && System.console() != null) log.println();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while computing features", e);
        } finally {
            pool.shutdownNow();
        }
        int attempted = good.size() + scan.problems().size();
        if (log != null) log.printf("done %d of %d utterances%n", out.size(), attempted);
        if (out.isEmpty()) throw new FormatException(root.toString(), "no usable utterance (" + problems.size() + " problems)");
        return new AcousticCorpus(out, attempted, problems);
    }

    private static Object compute(FeaturePipeline spec, FeatureComputer computer, ScannedUtterance u, FrameGeometry geometry, PhoneMap map, TargetSet targets) {
        try {
            Waveform w = AudioReader.read(u.utterance().wav());
            FeatureMatrix f = spec.compute(computer, w.checkSampleRate((int) computer.frameOptions().sampleFrequencyHz(), false).samples());
            int[] labels = targets.statesPerPhone > 1 ? u.stateTargets(map, geometry) : u.phoneTargets(map, geometry);
            labels = FrameTargets.fitToFeatures(labels, f.numFrames(), 1, u.utterance().id());
            List<String> ref = new ArrayList<>();
            for (var seg : u.alignment().segments()) ref.add(seg.phone());
            return new Utt(u.utterance().id(), u.utterance().speaker(), u.utterance().split(), f, labels, ref);
        } catch (CorpusFormatException e) {
            return e.getMessage();
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }
}
