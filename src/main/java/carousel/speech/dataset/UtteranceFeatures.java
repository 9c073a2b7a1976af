package carousel.speech.dataset;

import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Waveform;
import carousel.speech.augment.Augmenter;
import carousel.speech.corpus.CorpusFormatException;
import carousel.speech.corpus.FrameGeometry;
import carousel.speech.corpus.FrameTargets;
import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSegment;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.corpus.ScanOptions;
import carousel.speech.corpus.ScannedUtterance;
import carousel.speech.feature.FeatureComputer;
import carousel.speech.feature.FeatureMatrix;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.feature.FrameOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * One utterance's features and frame targets, the one computation that {@link AcousticCorpus} (training,
 * decoding) and the {@code features corpus} command share: the audio read, the pipeline's
 * {@link FeaturePipeline#features features} computed, and one target per feature frame (the phone or HMM state
 * at the frame's centre, from the .PHN alignment) fitted to the feature frames. Frame targets are placed on
 * Kaldi's snip-edges frames, so the pipeline must use {@code --snip-edges=true} and a whole number of Hz.
 * Thread-safe: one instance serves a pool of threads.
 */
public final class UtteranceFeatures {
    /** Frames by which labels may outnumber features before the utterance is refused (see {@link FrameTargets#fitToFeatures}). */
    public static final int TARGET_TOLERANCE_FRAMES = 1;

    private final FeaturePipeline pipeline;
    private final FeatureComputer computer;
    private final TargetSet targets;
    private final FrameGeometry geometry;
    private final PhoneMap map;

    /** What became of one utterance: its features and targets, or the problem (one line) that stopped it. */
    public record Outcome(ScannedUtterance utterance, AcousticCorpus.Utt utt, String problem) {}

    /** Takes the outcomes in corpus order. */
    public interface Sink {
        void accept(int index, Outcome outcome) throws IOException;
    }

    public UtteranceFeatures(FeaturePipeline pipeline, TargetSet targets) {
        this.pipeline = pipeline;
        this.computer = pipeline.computer();
        this.targets = targets;
        FrameOptions frame = computer.frameOptions();
        if (!frame.snipEdges())
            throw new IllegalArgumentException("frame targets need --snip-edges=true: they are placed on Kaldi's snip-edges frames");
        int rateHz = (int) frame.sampleFrequencyHz();
        if (rateHz != frame.sampleFrequencyHz())
            throw new IllegalArgumentException("--sample-frequency must be a whole number of Hz for a corpus, got " + frame.sampleFrequencyHz());
        this.geometry = new FrameGeometry(frame.frameLengthMs(), frame.frameShiftMs(), rateHz);
        this.map = PhoneMap.timit(PhoneSet.TIMIT_61, targets.phones);
    }

    /** Frame length, shift and sample rate of the features. */
    public FrameGeometry geometry() {
        return geometry;
    }

    /** The options to scan a corpus with: 61 phones, the features' sample rate. */
    public ScanOptions scanOptions() {
        return new ScanOptions(PhoneSet.TIMIT_61, geometry.sampleRateHz(), ScanOptions.DEFAULT.maxUncoveredTailMs());
    }

    /**
     * Features, fitted targets and the reference phones of one scanned utterance.
     *
     * @param withFeatures false: targets and reference phones only, fitted to the number of frames the features
     *                     would have, with no audio read and {@code feats} null: for what needs only the alignments
     *                     (a phone bigram, HMM transition counts)
     */
    public AcousticCorpus.Utt compute(ScannedUtterance u, boolean withFeatures) throws IOException, CorpusFormatException {
        return compute(u, withFeatures ? readAudio(u.utterance().wav()) : null);
    }

    /**
     * The utterance as {@code augmenter} changes it in {@code epoch}: its audio read again and augmented
     * (speed, reverberation, noise), the alignment scaled along, features and targets computed from those.
     */
    public AcousticCorpus.Utt augmented(ScannedUtterance u, Augmenter augmenter, int epoch) throws IOException, CorpusFormatException {
        Augmenter.Audio a = augmenter.audio(readAudio(u.utterance().wav()), u.alignment(), epoch, u.utterance().id());
        return compute(new ScannedUtterance(u.utterance(), u.sampleRateHz(), a.waveform().numSamples(), a.alignment()), a.waveform());
    }

    /** Targets of u's alignment, and features of w (null: none, fitted to the frames w would have). */
    private AcousticCorpus.Utt compute(ScannedUtterance u, Waveform w) throws IOException, CorpusFormatException {
        String id = u.utterance().id();
        int[] labels = targets.statesPerPhone > 1 ? u.stateTargets(map, geometry) : u.phoneTargets(map, geometry);
        FeatureMatrix f = w != null ? pipeline.features(computer, w) : null;
        labels = FrameTargets.fitToFeatures(labels, f != null ? f.numFrames() : geometry.numFrames(u.numSamples()), TARGET_TOLERANCE_FRAMES, id);
        List<String> ref = new ArrayList<>();
        for (PhoneSegment seg : u.alignment().segments()) ref.add(seg.phone());
        return new AcousticCorpus.Utt(id, u.utterance().speaker(), u.utterance().split(), f, labels, ref);
    }

    /**
     * Computes utterances on {@code threads} threads and hands each outcome to {@code sink} in the order of
     * {@code todo}, computing at most 4 × threads ahead of the sink (so a writer's memory stays bounded).
     * A problem with an utterance's files becomes its outcome's message; an exception of the sink stops the run.
     *
     * @param withFeatures which utterances get features (the others: targets only)
     */
    public void computeInOrder(List<ScannedUtterance> todo, Predicate<ScannedUtterance> withFeatures, int threads, Sink sink) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "features");
            t.setDaemon(true);
            return t;
        });
        try {
            Deque<Future<Outcome>> window = new ArrayDeque<>();
            int next = 0;
            for (int i = 0; i < todo.size(); i++) {
                while (next < todo.size() && window.size() < 4 * Math.max(1, threads)) {
                    ScannedUtterance u = todo.get(next++);
                    window.add(pool.submit(() -> {
                        try {
                            return new Outcome(u, compute(u, withFeatures.test(u)), null);
                        } catch (IOException | RuntimeException e) {
                            return new Outcome(u, null, problem(e));
                        }
                    }));
                }
                sink.accept(i, window.poll().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while computing features", e);
        } catch (ExecutionException e) {   // only an Error gets here: a task turns every exception into its outcome
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("computing features: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** What went wrong with an utterance, for its one warning line. */
    public static String problem(Exception e) {
        if (e instanceof CorpusFormatException c) return c.corpusProblem().message();
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** The audio of {@code file}; a missing file is an error that names it. */
    public static Waveform readAudio(Path file) throws IOException {
        return readAudio(file, -1);
    }

    /** Channel {@code channel} (0-based; -1: the file must be mono) of {@code file}; a missing file is an error that names it. */
    public static Waveform readAudio(Path file, int channel) throws IOException {
        if (channel < -1) throw new IllegalArgumentException("--channel must be -1 (mono) or a channel number from 0, got " + channel);
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null, "no such file");
        try {
            return AudioReader.read(file, channel);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }
}
