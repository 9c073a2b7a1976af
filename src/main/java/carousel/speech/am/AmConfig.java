package carousel.speech.am;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.speech.dataset.TargetSet;
import carousel.speech.feature.FeatureKind;
import carousel.speech.feature.FeaturePipeline;
import carousel.speech.tree.ContextTree;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>With {@code tying} (context-dependent targets, {@code train-am --targets cd}) the network's outputs
 * are the tree's tied states: {@code targets} is {@code states} (the context-independent states each
 * tied state refines), log priors and self-loops are per tied state, and am.json names the tree file
 * ({@code "state_tying": "tree.txt"}) that sits beside it.
 *
 * @param features  the whole front end; it has a global normalisation
 * @param logPriors the log prior of each network output (tied state when tied)
 * @param selfLoops the HMM self-loop probability of each network output, estimated from the training
 *                  alignments ({@code hmm_self_loops}; null in models made before they were recorded)
 * @param tying     the phonetic decision trees of context-dependent outputs; null: context-independent
 */
public record AmConfig(FeaturePipeline features, TargetSet targets, int delay, float[] logPriors, float[] selfLoops, ContextTree tying) {
    /** Without recorded self-loops. */
    public AmConfig(FeaturePipeline features, TargetSet targets, int delay, float[] logPriors) {
        this(features, targets, delay, logPriors, null, null);
    }

    /** Context-independent. */
    public AmConfig(FeaturePipeline features, TargetSet targets, int delay, float[] logPriors, float[] selfLoops) {
        this(features, targets, delay, logPriors, selfLoops, null);
    }

    /** The file name of the tree in a model directory. */
    public static final String TREE_FILE = "tree.txt";

    public AmConfig {
        if (delay < 0 || delay > MAX_FRAMES) throw new IllegalArgumentException("delay must be in [0, " + MAX_FRAMES + "] frames, got " + delay);
        if (features.normalization() == null) throw new IllegalArgumentException("an acoustic model's features need a global normalisation (mean and std)");
        if (tying != null && (targets != TargetSet.STATES || !tying.phones().symbols().equals(targets.phones.symbols()) || tying.statesPerPhone() != targets.statesPerPhone))
            throw new IllegalArgumentException("tied states refine targets 'states' (" + targets.statesPerPhone + " states of " + TargetSet.STATES.phones + "); the tree has "
                    + tying.statesPerPhone() + " states of " + tying.phones().size() + " phones and the targets are " + targets.configName());
        int classes = tying != null ? tying.numStates() : targets.numClasses();
        if (logPriors.length != classes) throw new IllegalArgumentException("log_priors must have " + classes + " entries, got " + logPriors.length);
        for (int i = 0; i < logPriors.length; i++)
            if (!(logPriors[i] <= 0) || logPriors[i] == Float.NEGATIVE_INFINITY)
                throw new IllegalArgumentException("log_priors[" + i + "] must be a finite log probability (<= 0), got " + logPriors[i]);
        if (selfLoops != null) {
            if (selfLoops.length != classes) throw new IllegalArgumentException("hmm_self_loops must have " + classes + " entries, got " + selfLoops.length);
            for (int i = 0; i < selfLoops.length; i++)
                if (!(selfLoops[i] > 0 && selfLoops[i] < 1)) throw new IllegalArgumentException("hmm_self_loops[" + i + "] must be a probability in (0, 1), got " + selfLoops[i]);
        }
    }

    /** Largest output delay accepted, in frames (Sak et al.: 5). */
    public static final int MAX_FRAMES = FeaturePipeline.MAX_CONTEXT;

    /** The network's outputs: the tied states, or the targets' classes. */
    public int numClasses() { return tying != null ? tying.numStates() : targets.numClasses(); }

    /** What the targets are called in reports: {@code cd (N tied states)} or the target set's name. */
    public String targetsName() { return tying != null ? "cd (" + tying.numStates() + " tied states)" : targets.configName(); }

    /**
     * Log priors of the context-independent classes the decoders search ({@code targets.numClasses()}):
     * for tied states, each phone-state's tied states' priors summed (see {@link ContextTree#collapse}).
     */
    public float[] decodingLogPriors() { return tying != null ? tying.collapse(logPriors) : logPriors; }

    /**
     * Self-loops of the context-independent classes the decoders search (null when none were recorded):
     * for tied states, each phone-state's tied states' self-loops averaged, weighted by their priors.
     */
    public float[] decodingSelfLoops() {
        if (tying == null || selfLoops == null) return selfLoops;
        double[] num = new double[targets.numClasses()], den = new double[targets.numClasses()];
        for (int s = 0; s < selfLoops.length; s++) {
            double w = Math.exp(logPriors[s]);
            num[tying.ciState(s)] += w * selfLoops[s];
            den[tying.ciState(s)] += w;
        }
        float[] out = new float[num.length];
        for (int c = 0; c < out.length; c++) out[c] = den[c] > 0 ? (float) Math.min(Math.max(num[c] / den[c], 1e-6), 0.999999) : 0.5f;
        return out;
    }

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
        if (tying != null) m.put("state_tying", TREE_FILE);
        return m;
    }

    private static List<Object> list(float[] a) {
        List<Object> l = new ArrayList<>();
        for (float v : a) l.add((double) v);
        return l;
    }

    /**
     * Reads am.json's object; {@code source} is its path, beside which a {@code state_tying} tree file is read.
     *
     * @throws FormatException naming am.json (or the tree file) and what is wrong
     */
    public static AmConfig fromJson(Map<String, Object> m, String source) throws IOException {
        Json.requireOnlyKeys(m, source, "feature_kind", "feature_options", "deltas", "cmvn", "targets", "delay", "context_left", "context_right", "mean", "std", "log_priors", "hmm_self_loops", "state_tying");
        ContextTree tying = null;
        if (m.containsKey("state_tying")) {
            String name = Json.getString(m, "state_tying", source);
            if (!name.equals(TREE_FILE)) throw new FormatException(source, "state_tying must be " + TREE_FILE + " (the tree file beside am.json), got '" + name + "'");
            Path tree = Path.of(source).resolveSibling(TREE_FILE);
            if (!Files.isRegularFile(tree)) throw new FormatException(source, "state_tying names " + TREE_FILE + ", but " + tree + " is missing");
            tying = ContextTree.read(tree);
        }
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
                    m.containsKey("hmm_self_loops") ? floats(m, "hmm_self_loops", source) : null, tying);
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
