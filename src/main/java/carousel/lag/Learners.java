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

    /** A registered method: its factory, and whether it learns on line (see {@link #online}). */
    private record Method(Factory factory, boolean online) {}

    private static final Map<String, Method> METHODS = new LinkedHashMap<>();

    static {
        register("lstm", (task, preset, rng) -> new BpttLearner(task, "lstm", preset, rng));
        register("rnn", (task, preset, rng) -> new BpttLearner(task, "rnn", preset, rng));
        register("lstm1997", true, OnlineLearner::lstm1997);
        register("rtrl", true, OnlineLearner::rtrl);
    }

    private Learners() {}

    /** Adds (or replaces) a method learning by BPTT over batches (any preset). */
    public static void register(String name, Factory factory) {
        register(name, false, factory);
    }

    /**
     * Adds (or replaces) a method; {@code online}: it learns one sequence at a time, with the paper's
     * setting only (its learning rate, initialisation and architecture), as {@link OnlineLearner} does.
     */
    public static synchronized void register(String name, boolean online, Factory factory) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("method name must not be empty");
        METHODS.put(name, new Method(factory, online));
    }

    /** The factory for a method name; an unknown name is an error listing the known ones. */
    public static synchronized Factory get(String name) {
        return method(name).factory();
    }

    /** Whether a method learns on line with the paper's setting only (lstm1997, rtrl); an unknown name is an error. */
    public static synchronized boolean online(String name) {
        return method(name).online();
    }

    private static Method method(String name) {
        Method m = METHODS.get(name);
        if (m == null) throw new IllegalArgumentException("unknown method '" + name + "'; known methods: " + String.join(", ", METHODS.keySet()));
        return m;
    }

    public static synchronized List<String> names() { return new ArrayList<>(METHODS.keySet()); }
}
