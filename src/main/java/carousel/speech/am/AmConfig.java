package carousel.speech.am;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeaturePipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything besides the network that turns audio into the network's inputs and its outputs into
 * scaled likelihoods, saved as {@code am.json} beside the model's {@code config.json}:
 * features, frame targets, output delay (Sak et al.: the net emits frame t's label at t + delay),
 * frame context for stacked-frame models, global feature mean and standard deviation from the
 * training set, and the state log priors counted from the training targets.
 *
 * <p>It validates itself so that a damaged {@code am.json} is refused on loading: delay and context within
 * {@link #MAX_FRAMES}, mean and std of equal length (in a file: the feature dimension), std positive, priors one finite log
 * probability per target class.
 */
public record AmConfig(FeaturePipeline features, TargetSet targets, int delay, int contextLeft, int contextRight,
                       float[] mean, float[] std, float[] logPriors) {
    public AmConfig {
        if (delay < 0 || delay > MAX_FRAMES) throw new IllegalArgumentException("delay must be in [0, " + MAX_FRAMES + "] frames, got " + delay);
        if (contextLeft < 0 || contextRight < 0 || contextLeft > MAX_FRAMES || contextRight > MAX_FRAMES)
            throw new IllegalArgumentException("context_left and context_right must be in [0, " + MAX_FRAMES + "] frames, got " + contextLeft + " and " + contextRight);
        if (mean.length != std.length) throw new IllegalArgumentException("mean and std differ in length");
        int dim = mean.length;
        for (int i = 0; i < dim; i++)
            if (!(std[i] > 0) || !Float.isFinite(std[i]) || !Float.isFinite(mean[i]))
                throw new IllegalArgumentException("std[" + i + "] must be finite and positive and mean[" + i + "] finite, got " + std[i] + " and " + mean[i]);
        if (logPriors.length != targets.numClasses()) throw new IllegalArgumentException("log_priors must have " + targets.numClasses() + " entries, got " + logPriors.length);
        for (int i = 0; i < logPriors.length; i++)
            if (!(logPriors[i] <= 0) || logPriors[i] == Float.NEGATIVE_INFINITY)
                throw new IllegalArgumentException("log_priors[" + i + "] must be a finite log probability (<= 0), got " + logPriors[i]);
    }

    /** Largest output delay and frame context accepted, in frames (Sak et al. delay 5 frames; stacking uses 10 + 5). */
    public static final int MAX_FRAMES = 1000;

    /** Width of the network input: feature dim × (1 + left + right). */
    public int inputSize() { return mean.length * (1 + contextLeft + contextRight); }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feature_kind", features.kind());
        m.put("feature_options", new ArrayList<Object>(features.kaldiArgs()));
        m.put("deltas", features.deltas());
        m.put("targets", targets.configName());
        m.put("delay", (long) delay);
        m.put("context_left", (long) contextLeft);
        m.put("context_right", (long) contextRight);
        m.put("mean", list(mean));
        m.put("std", list(std));
        m.put("log_priors", list(logPriors));
        return m;
    }

    private static List<Object> list(float[] a) {
        List<Object> l = new ArrayList<>();
        for (float v : a) l.add((double) v);
        return l;
    }

    public static AmConfig fromJson(Map<String, Object> m, String source) throws FormatException {
        Json.requireOnlyKeys(m, source, "feature_kind", "feature_options", "deltas", "targets", "delay", "context_left", "context_right", "mean", "std", "log_priors");
        try {
            List<String> opts = new ArrayList<>();
            for (Object o : Json.getList(m, "feature_options", source)) {
                if (!(o instanceof String s)) throw new FormatException(source, "feature_options must be strings");
                opts.add(s);
            }
            FeaturePipeline features = new FeaturePipeline(Json.getString(m, "feature_kind", source), opts, Json.getBoolean(m, "deltas", source));
            float[] mean = floats(m, "mean", source);
            if (mean.length != features.dim())
                throw new FormatException(source, "mean has " + mean.length + " entries but the features have " + features.dim() + " dimensions");
            return new AmConfig(features, TargetSet.parse(Json.getString(m, "targets", source)), Json.getInt(m, "delay", source),
                    Json.getInt(m, "context_left", source), Json.getInt(m, "context_right", source),
                    mean, floats(m, "std", source), floats(m, "log_priors", source));
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, e.getMessage());
        }
    }

    private static float[] floats(Map<String, Object> m, String key, String source) throws FormatException {
        List<Object> l = Json.getList(m, key, source);
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) {
            if (!(l.get(i) instanceof Number n) || !Float.isFinite(n.floatValue())) throw new FormatException(source, key + "[" + i + "] must be a finite float32 number");
            a[i] = n.floatValue();
        }
        return a;
    }
}
