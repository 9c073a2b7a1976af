package carousel.speech.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import carousel.speech.audio.AudioReader;
import carousel.speech.audio.Waveform;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our fbank and MFCC against {@code torchaudio.compliance.kaldi} (a re-implementation of Kaldi's
 * compute-fbank-feats / compute-mfcc-feats) on the fixtures of {@code tools/make-feature-fixtures.py}: within
 * 1e-3 of torchaudio run in float32 (its usual use; float32 FFTs alone lose up to ~6e-4 on MFCCs of weak bands)
 * and within 1e-4 of torchaudio run in float64. Values are logs (or cepstra of logs); the one linear-fbank case
 * is compared on the log of its values.
 */
class KaldiCompatibilityTest {
    static final double TOL_FLOAT32 = 1e-3;
    static final double TOL_FLOAT64 = 1e-4;

    static List<FeatureFixtures.Case> featureCases() {
        return FeatureFixtures.cases().stream().filter(c -> !c.kind().equals("deltas")).toList();
    }

    @Test
    void fixturesCoverBothKindsAndBothRates() {
        List<FeatureFixtures.Case> cases = featureCases();
        assertTrue(cases.stream().filter(c -> c.kind().equals("fbank")).count() >= 10, "fbank cases");
        assertTrue(cases.stream().filter(c -> c.kind().equals("mfcc")).count() >= 6, "mfcc cases");
        assertTrue(cases.stream().anyMatch(c -> c.input().contains("8k")), "an 8 kHz case");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("featureCases")
    void matchesTorchaudio(FeatureFixtures.Case c) throws Exception {
        Waveform wave = AudioReader.read(FeatureFixtures.bytes(c.input()), c.input());
        FeatureComputer computer = switch (c.kind()) {
            case "fbank" -> new Fbank(FbankOptions.parse(c.options()));
            case "mfcc" -> new Mfcc(MfccOptions.parse(c.options()));
            default -> throw new AssertionError("unknown kind " + c.kind());
        };
        FeatureMatrix ours = computer.compute(wave);
        assertEquals(c.numFrames(), ours.numFrames(), c.name() + ": frames");
        assertEquals(c.dim(), ours.dim(), c.name() + ": dim");
        boolean linear = c.options().contains("--use-log-fbank=false");
        Diff d32 = compare(ours, FeatureFixtures.matrix(c.name() + ".f32", c.numFrames(), c.dim()), linear);
        Diff d64 = compare(ours, FeatureFixtures.matrix(c.name() + ".ref64.f32", c.numFrames(), c.dim()), linear);
        System.out.printf(Locale.ROOT, "%-30s max |diff| vs torchaudio float32 %.3g at %s, vs float64 %.3g at %s%n",
                c.name(), d32.max, d32.where, d64.max, d64.where);
        assertTrue(d32.max <= TOL_FLOAT32, c.name() + ": max |diff| vs torchaudio (float32) " + d32.max + " at "
                + d32.where);
        assertTrue(d64.max <= TOL_FLOAT64, c.name() + ": max |diff| vs torchaudio (float64) " + d64.max + " at "
                + d64.where);
    }

    @Test
    void fixtureSignalsHaveTheFramesThatMatter() throws Exception {
        // The 16 kHz signal starts with digital silence (the epsilon floor) and ends quietly (tiny energies).
        Waveform wave = AudioReader.read(FeatureFixtures.bytes("tones-16k.wav"), "tones-16k.wav");
        FeatureMatrix fb = new Fbank(FbankOptions.defaults()).compute(wave);
        assertEquals(Math.log(Math.ulp(1.0f)), fb.get(0, 0), 1e-6, "silent frame hits the epsilon floor");
        float lastMax = Float.NEGATIVE_INFINITY;
        for (int b = 0; b < fb.dim(); b++) {
            lastMax = Math.max(lastMax, fb.get(fb.numFrames() - 1, b));
        }
        assertFalse(lastMax > 12, "last frame is quiet, log mel energies below 12, got " + lastMax);
    }

    record Diff(double max, String where) {
    }

    static Diff compare(FeatureMatrix ours, FeatureMatrix expected, boolean onLog) {
        double max = -1;
        String where = "";
        for (int t = 0; t < ours.numFrames(); t++) {
            for (int d = 0; d < ours.dim(); d++) {
                double a = ours.get(t, d);
                double b = expected.get(t, d);
                double diff = onLog ? Math.abs(Math.log(Math.max(a, 1e-30)) - Math.log(Math.max(b, 1e-30)))
                        : Math.abs(a - b);
                if (!(diff <= max)) {   // also catches NaN
                    max = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
                    where = String.format(Locale.ROOT, "frame %d dim %d (ours %.6g, torchaudio %.6g)", t, d, a, b);
                }
            }
        }
        return new Diff(max, where);
    }
}
