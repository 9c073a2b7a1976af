package carousel.speech.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.corpus.CorpusScan;
import carousel.speech.corpus.FrameGeometry;
import carousel.speech.corpus.FrameTargets;
import carousel.speech.corpus.PhoneMap;
import carousel.speech.corpus.PhoneSet;
import carousel.speech.corpus.ScannedUtterance;
import carousel.speech.corpus.Split;
import carousel.speech.corpus.TimitCorpus;
import carousel.speech.kaldi.FloatMatrix;
import carousel.speech.score.FrameAccuracy;
import carousel.speech.score.PhoneFolding;
import carousel.speech.score.ScoreReport;
import carousel.speech.score.Transcript;
import carousel.speech.score.Transcripts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole decode-and-score path on the shipped demo corpus: LM, priors and transition probabilities
 * from TRAIN's alignments; TEST decoded from "perfect" log-posteriors made from its own frame targets
 * (PER near 0), then from posteriors with a fraction of frames relabelled at random (higher PER).
 */
class DemoCorpusDecodeTest {

    static final Path DEMO = Path.of("data", "demo-corpus");
    static final PhoneSet P48 = PhoneSet.TIMIT_48;
    static final PhoneMap TO48 = PhoneMap.timit(PhoneSet.TIMIT_61, P48);
    static final int K = FrameTargets.STATES_PER_PHONE;
    static final int S = P48.size() * K;

    static List<ScannedUtterance> test;
    static ViterbiDecoder decoder;
    static StatePriors priors;

    @BeforeAll
    static void train() throws IOException {
        CorpusScan scan = TimitCorpus.open(DEMO).scan();
        assertEquals(128, scan.good().size(), scan.summary());
        List<int[]> states = new ArrayList<>();
        List<int[]> transcripts = new ArrayList<>();
        for (ScannedUtterance u : scan.good(Split.TRAIN)) {
            states.add(u.stateTargets(TO48, FrameGeometry.KALDI_16K));
            transcripts.add(u.alignment().mapped(TO48).phones().stream().mapToInt(P48::index).toArray());
        }
        priors = StatePriors.count(S, states);
        PhoneBigram lm = PhoneBigram.estimate(P48, transcripts);
        decoder = new ViterbiDecoder(HmmTopology.estimate(P48.size(), K, states), lm, DecoderOptions.DEFAULT);
        test = scan.good(Split.TEST);
        assertEquals(32, test.size());
    }

    /**
     * (T, S) log-posteriors: 0.9 on the given state, the other 0.1 spread over the other states in
     * proportion to their priors, as a trained network's outputs roughly are (so that dividing by the
     * priors gives every wrong state the same scaled likelihood, and rare states no bonus).
     */
    static FloatMatrix posteriors(int[] states) {
        FloatMatrix m = FloatMatrix.zeros(states.length, S);
        for (int t = 0; t < states.length; t++) {
            double rest = 1 - priors.prior(states[t]);
            for (int s = 0; s < S; s++) {
                double p = s == states[t] ? 0.9 : 0.1 * priors.prior(s) / rest;
                m.data()[t * S + s] = (float) Math.log(p);
            }
        }
        return m;
    }

    /** Decodes every TEST utterance from posteriors of its targets, each frame relabelled with probability {@code noise}. */
    static ScoreReport decodeTest(double noise, long seed) throws IOException {
        Random rnd = new Random(seed);
        Map<String, Transcript> refs = new LinkedHashMap<>();
        Map<String, Transcript> hyps = new LinkedHashMap<>();
        FrameAccuracy acc = new FrameAccuracy(0, 0);
        for (ScannedUtterance u : test) {
            int[] truth = u.stateTargets(TO48, FrameGeometry.KALDI_16K);
            int[] labels = truth.clone();
            for (int t = 0; t < labels.length; t++) {
                if (rnd.nextDouble() < noise) {
                    labels[t] = rnd.nextInt(S);
                }
            }
            FloatMatrix post = posteriors(labels);
            acc = acc.plus(FrameAccuracy.count(truth, FrameAccuracy.argmax(post), P48, K, PhoneFolding.TIMIT_48_TO_39));
            DecodeResult r = decoder.decode(new ScaledLikelihoods(post, priors, 0.5));
            assertTrue(r.reachedEnd(), u.utterance().id());
            assertEquals(truth.length, r.phones().getLast().endFrame());
            String id = u.utterance().id();
            refs.put(id, Transcripts.fromAlignment(u.alignment()));
            hyps.put(id, Transcript.of(id, r.symbols(P48)));
        }
        if (noise == 0) {
            assertEquals(1.0, acc.accuracy());
        }
        return ScoreReport.score(refs, hyps, PhoneFolding.TIMIT_61_TO_39, Transcripts::speakerOf);
    }

    /** TEST phones (48 set) whose segment holds fewer than three frame centres. */
    static int shortPhones() throws IOException {
        FrameGeometry g = FrameGeometry.KALDI_16K;
        int n = 0;
        for (ScannedUtterance u : test) {
            var segments = u.alignment().mapped(TO48).segments();
            int frames = g.numFrames(u.numSamples());
            for (var seg : segments) {
                int c = 0;
                for (int i = 0; i < frames; i++) {
                    c += seg.contains(g.centreSample(i)) ? 1 : 0;
                }
                n += c < K ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void perfectPosteriorsGiveNearlyNoErrors() throws IOException {
        ScoreReport clean = decodeTest(0, 1);
        assertEquals(4, clean.speakers().size(), clean.table());
        // only phones shorter than three frames can be lost (a 3-state phone needs three frames): no
        // substitution, no insertion, and at most as many deletions as such phones
        assertEquals(0, clean.overall().substitutions(), clean.table());
        assertEquals(0, clean.overall().insertions(), clean.table());
        assertTrue(clean.overall().deletions() <= shortPhones(), clean.table() + shortPhones() + " short phones");
        assertTrue(clean.overall().errorRate() < 0.02, clean.table());
        ScoreReport noisy = decodeTest(0.5, 1);
        assertTrue(noisy.overall().errorRate() > clean.overall().errorRate() + 0.05, clean.table() + noisy.table());
    }
}
