package carousel.speech.dataset;

import carousel.speech.augment.AugmentOptions;
import carousel.speech.augment.Augmenter;
import carousel.speech.corpus.ScannedUtterance;
import carousel.speech.feature.FeatureMatrix;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The training utterances of one epoch as {@link Augmenter} changes them, on the fly: with audio
 * augmentation (speed, reverberation, noise) each utterance's audio is read again and its features and
 * targets computed anew ({@link UtteranceFeatures#augmented}, on a pool of threads); then masking, on the
 * features. Where the number of frames is unchanged (no speed change), the utterance keeps the targets it was
 * loaded with (so tied states or a model's alignment stay); speed perturbation computes them from the scaled
 * .PHN alignment. Each utterance depends only on (seed, epoch, utterance), so an epoch is the same whatever the
 * threads and after a resumption. An utterance that augmentation spoils (its targets no longer fit the
 * features) is used clean, with a warning; that too is repeatable.
 */
public final class AugmentedTraining {
    private final AcousticCorpus corpus;
    private final Augmenter augmenter;
    private final int threads;
    private final PrintStream log;

    private AugmentedTraining(AcousticCorpus corpus, Augmenter augmenter, int threads, PrintStream log) {
        this.corpus = corpus;
        this.augmenter = augmenter;
        this.threads = Math.max(1, threads);
        this.log = log;
    }

    /**
     * The augmentation of {@code train} (utterances of {@code corpus}); a babble track, when asked for, is made
     * of some of these utterances' audio, chosen by the seed.
     */
    public static AugmentedTraining of(AcousticCorpus corpus, List<AcousticCorpus.Utt> train, AugmentOptions opt, long seed, int threads, PrintStream log) throws IOException {
        double[] babble = null;
        if (Augmenter.needsBabble(opt)) {
            List<float[]> audio = new ArrayList<>();
            for (int i : Augmenter.babbleChoice(train.size(), seed))
                audio.add(UtteranceFeatures.readAudio(corpus.source(train.get(i).id()).utterance().wav()).samples());
            babble = Augmenter.babbleTrack(audio, corpus.computation().geometry().sampleRateHz(), seed);
        }
        return new AugmentedTraining(corpus, new Augmenter(opt, seed, babble), threads, log);
    }

    public AugmentOptions options() { return augmenter.options(); }

    /**
     * The utterances of {@code epoch}, in the order of {@code train}.
     *
     * @param fill   the value per feature dimension that masks write (the training mean)
     * @param blocks equal blocks of the features (3 with deltas), which a frequency mask covers alike
     */
    public List<AcousticCorpus.Utt> epoch(List<AcousticCorpus.Utt> train, int epoch, float[] fill, int blocks) throws IOException {
        List<AcousticCorpus.Utt> audio = augmenter.options().changesAudio() ? recompute(train, epoch) : train;
        if (augmenter.options().masking() == null) return audio;
        List<AcousticCorpus.Utt> out = new ArrayList<>(audio.size());
        for (AcousticCorpus.Utt u : audio) {
            FeatureMatrix f = augmenter.mask(u.feats(), blocks, fill, epoch, u.id());
            out.add(new AcousticCorpus.Utt(u.id(), u.speaker(), u.split(), f, u.targets(), u.referencePhones61()));
        }
        return out;
    }

    private List<AcousticCorpus.Utt> recompute(List<AcousticCorpus.Utt> train, int epoch) throws IOException {
        UtteranceFeatures compute = corpus.computation();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "augment");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<AcousticCorpus.Utt>> jobs = new ArrayList<>();
            for (AcousticCorpus.Utt u : train) {
                ScannedUtterance s = corpus.source(u.id());
                jobs.add(pool.submit(() -> {
                    try {
                        AcousticCorpus.Utt a = compute.augmented(s, augmenter, epoch);
                        // frames unchanged (no speed change): the targets as loaded, which may be tied states or a model's alignment
                        return a.feats().numFrames() != u.feats().numFrames() ? a
                                : new AcousticCorpus.Utt(a.id(), a.speaker(), a.split(), a.feats(), u.targets(), u.referencePhones61());
                    } catch (IOException | RuntimeException e) {
                        if (log != null) log.println("warning: " + u.id() + " augmented in epoch " + epoch + ": " + UtteranceFeatures.problem(e) + "; used clean");
                        return u;
                    }
                }));
            }
            List<AcousticCorpus.Utt> out = new ArrayList<>(train.size());
            for (Future<AcousticCorpus.Utt> f : jobs) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while augmenting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("augmenting: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
