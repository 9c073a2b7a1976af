package carousel.speech.am;

import carousel.io.FormatException;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A damaged am.json is refused on loading with the file and the key, before any feature or network work. */
class AmConfigValidationTest {

    private static Map<String, Object> valid() {
        float[] mean = new float[40], std = new float[40], pri = new float[TargetSet.PHONES39.numClasses()];
        java.util.Arrays.fill(std, 1f);
        java.util.Arrays.fill(pri, (float) -Math.log(pri.length));
        return new AmConfig(FeaturePipeline.fbank40().withNormalization(new FeaturePipeline.Normalization(mean, std)), TargetSet.PHONES39, 5, pri).toJson();
    }

    private static void refused(String message, String key, Object value) {
        Map<String, Object> m = valid();
        m.put(key, value);
        FormatException e = assertThrows(FormatException.class, () -> AmConfig.fromJson(m, "am.json"));
        assertEquals("am.json: " + message, e.getMessage());
    }

    private static List<Object> repeat(Object v, int n) { return new ArrayList<>(Collections.nCopies(n, v)); }

    @Test
    void eachBadValueIsNamed() throws java.io.IOException {
        AmConfig.fromJson(valid(), "am.json");
        refused("delay must be in [0, 1000] frames, got 2147483647", "delay", 2147483647L);
        refused("frame context must be in [0, 1000] frames, got 100000 and 0", "context_left", 100000L);
        refused("mean and std differ in length: 3 and 40", "mean", repeat(0.0, 3));
        refused("mean and std differ in length: 40 and 3", "std", repeat(1.0, 3));
        refused("normalisation [0] needs a finite mean and a positive finite std, got 0.0 and 0.0", "std", repeat(0.0, 40));
        refused("std[0] must be a finite float32 number", "std", repeat(1e300, 40));
        refused("log_priors must have 39 entries, got 2", "log_priors", repeat(-1.0, 2));
        refused("log_priors[0] must be a finite log probability (<= 0), got 2.0", "log_priors", repeat(2.0, 39));
        refused("--frame-shift and --frame-length must be at most 1000.0 ms, got 10.0 and 1.0E9 ms", "feature_options",
                new ArrayList<Object>(List.of("--frame-length=1000000000")));
    }
}
