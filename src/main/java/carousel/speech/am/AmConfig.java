package carousel.speech.am;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeaturePipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything besides the network that turns audio into the network's inputs and its outputs into
 * scaled likelihoods, saved as {@code am.json} beside the model's {@code config.json}: the feature
 * pipeline (features, global mean and standard deviation from the training set, frame context for
 * stacked-frame models), frame targets, output delay (Sak et al.: the net emits frame t's label at
 * t + delay) and the state log priors counted from the training targets. The JSON keeps the field
 * names of the first models ({@code feature_kind}, {@code feature_options}, {@code deltas},
 * {@code context_left}, {@code context_right}, {@code mean}, {@code std}); {@code cmvn} is written only
 * when per-utterance CMVN is on.
 *
 * <p>It validates itself so that a damaged {@code am.json} is refused on loading: delay within
 * {@link #MAX_FRAMES}, one finite log probability per target class (the pipeline checks the context,
 * normalisation and feature options).
 *
 * @param features  the whole front end; it has a global normalisation
 * @param selfLoops the HMM self-loop probability of each target class, estimated from the training
 *                  alignments ({@code hmm_self_loops}; null in models made before they were recorded)
 */
public record AmConfig(FeaturePipeline features, TargetSet targets, int delay, float[] logPriors, float[] selfLoops) {
    /** Without recorded self-loops. */
    public AmConfig(FeaturePipeline features, TargetSet targets, int delay, float[] logPriors) {
        this(features, targets, delay, logPriors, null);
    }

    public AmConfig {
        if (delay < 0 || delay > MAX_FRAMES) throw new IllegalArgumentException("delay must be in [0, " + MAX_FRAMES + "] frames, got " + delay);
        if (features.normalization() == null) throw new IllegalArgumentException("an acoustic model's features need a global normalisation (mean and std)");
        if (logPriors.length != targets.numClasses()) throw new IllegalArgumentException("log_priors must have " + targets.numClasses() + " entries, got " + logPriors.length);
        for (int i = 0; i < logPriors.length; i++)
            if (!(logPriors[i] <= 0) || logPriors[i] == Float.NEGATIVE_INFINITY)
                throw new IllegalArgumentException("log_priors[" + i + "] must be a finite log probability (<= 0), got " + logPriors[i]);
        if (selfLoops != null) {
            if (selfLoops.length != targets.numClasses()) throw new IllegalArgumentException("hmm_self_loops must have " + targets.numClasses() + " entries, got " + selfLoops.length);
            for (int i = 0; i < selfLoops.length; i++)
                if (!(selfLoops[i] > 0 && selfLoops[i] < 1)) throw new IllegalArgumentException("hmm_self_loops[" + i + "] must be a probability in (0, 1), got " + selfLoops[i]);
        }
    }

    /** Largest output delay accepted, in frames (Sak et al.: 5). */
    public static final int MAX_FRAMES = FeaturePipeline.MAX_CONTEXT;

    /** Width of the network input: feature dim × (1 + left + right). */
    public int inputSize() { return features.inputDim(); }

    public int contextLeft() { return features.contextLeft(); }

    public int contextRight() { return features.contextRight(); }

    /** Global feature mean (D). */
    public float[] mean() { return features.normalization().mean(); }

    /** Global feature standard deviation (D). */
    public float[] std() { return features.normalization().std(); }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feature_kind", features.kind().configName());
        m.put("feature_options", new ArrayList<Object>(features.kaldiArgs()));
        m.put("deltas", features.deltas());
        if (features.cmvn() != FeaturePipeline.Cmvn.NONE) m.put("cmvn", features.cmvn().configName());
        m.put("targets", targets.configName());
        m.put("delay", (long) delay);
        m.put("context_left", (long) contextLeft());
        m.put("context_right", (long) contextRight());
        m.put("mean", list(mean()));
        m.put("std", list(std()));
        m.put("log_priors", list(logPriors));
        if (selfLoops != null) m.put("hmm_self_loops", list(selfLoops));
        return m;
    }

    private static List<Object> list(float[] a) {
        List<Object> l = new ArrayList<>();
        for (float v : a) l.add((double) v);
        return l;
    }

    public static AmConfig fromJson(Map<String, Object> m, String source) throws FormatException {
        Json.requireOnlyKeys(m, source, "feature_kind", "feature_options", "deltas", "cmvn", "targets", "delay", "context_left", "context_right", "mean", "std", "log_priors", "hmm_self_loops");
        try {
            List<String> opts = new ArrayList<>();
            for (Object o : Json.getList(m, "feature_options", source)) {
                if (!(o instanceof String s)) throw new FormatException(source, "feature_options must be strings");
                opts.add(s);
            }
            FeaturePipeline.Cmvn cmvn = m.containsKey("cmvn") ? FeaturePipeline.Cmvn.parse(Json.getString(m, "cmvn", source)) : FeaturePipeline.Cmvn.NONE;
            FeaturePipeline features = new FeaturePipeline(FeatureKind.parse(Json.getString(m, "feature_kind", source)), opts, cmvn,
                    Json.getBoolean(m, "deltas", source), new FeaturePipeline.Normalization(floats(m, "mean", source), floats(m, "std", source)),
                    Json.getInt(m, "context_left", source), Json.getInt(m, "context_right", source));
            return new AmConfig(features, TargetSet.parse(Json.getString(m, "targets", source)), Json.getInt(m, "delay", source), floats(m, "log_priors", source),
                    m.containsKey("hmm_self_loops") ? floats(m, "hmm_self_loops", source) : null);
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
