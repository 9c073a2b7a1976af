package carousel.lag;

import carousel.tensor.Rng;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The learning methods {@link LagExperiment} knows, by name. Each method is a {@link Factory} that
 * builds a fresh {@link Learner} for one trial; register new methods (the 1997 on-line LSTM
 * algorithm, RTRL) with one line in the static block.
 */
public final class Learners {
    /** Builds one trial's learner for a task and resolved preset; {@code rng} seeds its initial weights. */
    @FunctionalInterface
    public interface Factory {
        Learner create(LagTask task, Preset preset, Rng rng);
    }

    private static final Map<String, Factory> METHODS = new LinkedHashMap<>();

    static {
        register("lstm", (task, preset, rng) -> new BpttLearner(task, "lstm", preset, rng));
        register("rnn", (task, preset, rng) -> new BpttLearner(task, "rnn", preset, rng));
        register("lstm1997", OnlineLearner::lstm1997);
        register("rtrl", OnlineLearner::rtrl);
    }

    private Learners() {}

    /** Adds (or replaces) a method. */
    public static synchronized void register(String name, Factory factory) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("method name must not be empty");
        METHODS.put(name, factory);
    }

    /** The factory for a method name; an unknown name is an error listing the known ones. */
    public static synchronized Factory get(String name) {
        Factory f = METHODS.get(name);
        if (f == null) throw new IllegalArgumentException("unknown method '" + name + "'; known methods: " + String.join(", ", METHODS.keySet()));
        return f;
    }

    public static synchronized List<String> names() { return new ArrayList<>(METHODS.keySet()); }
}
