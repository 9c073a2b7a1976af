package carousel.speech.am;

import carousel.io.Json;
import carousel.speech.audio.AudioReader;
import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeaturePipeline;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Model directories written before the feature pipeline existed (src/test/resources/fixtures/am-before-pipeline:
 * tiny models trained by {@code train-am} of commit 6b562db, an LSTM on 40 log-mel features and a DNN on
 * MFCC + Δ + ΔΔ with 2 + 1 + 1 stacked frames) still load, write back the same am.json, and give the log
 * posteriors that commit computed for one test utterance.
 */
class ModelDirectoryCompatibilityTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/am-before-pipeline");
    static final Path WAV = Path.of("data/demo-corpus/TEST/DR3/MBLS0/SX128.WAV");

    static void check(String name, FeaturePipeline expectedFeatures, double expectedSum, float lp00, float lp105) throws IOException {
        AcousticModel am = AcousticModel.load(DIR.resolve(name));
        FeaturePipeline p = am.config().features();
        assertEquals(expectedFeatures, p.withNormalization(null), name);
        assertEquals(Json.readObject(DIR.resolve(name).resolve(AcousticModel.AM_FILE)), am.config().toJson(), name + ": am.json written back");
        float[][] lp = am.logPosteriors(p.features(p.computer(), AudioReader.read(WAV)));
        double sum = 0;
        for (float[] row : lp) for (float v : row) sum += v;
        // figures printed by commit 6b562db for the same utterance
        assertEquals(220, lp.length, name);
        assertEquals(expectedSum, sum, 1e-3, name);
        assertEquals(lp00, lp[0][0], 1e-5, name);
        assertEquals(lp105, lp[10][5], 1e-5, name);
    }

    @Test
    void lstmOnLogMel() throws IOException {
        check("lstm", FeaturePipeline.fbank40(), -159656.6388053894, -4.650936f, -5.0202575f);
    }

    @Test
    void dnnOnStackedMfccWithDeltas() throws IOException {
        check("dnn", FeaturePipeline.of(FeatureKind.MFCC, List.of()).withDeltas(true).withContext(2, 1), -178002.2372534871, -6.4775424f, -5.627049f);
    }
}
