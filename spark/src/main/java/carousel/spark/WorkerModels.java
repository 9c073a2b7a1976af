package carousel.spark;

import carousel.model.SequenceModel;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The models of one executor JVM, kept between tasks so that a step costs a weight copy rather than
 * a model build. Keyed by the model's config; each task writes its own weights and gradients into the
 * model it borrows, so concurrent tasks of the same JVM each borrow their own (at most as many as the
 * executor's task slots).
 */
final class WorkerModels {
    private static final Map<String, Deque<SequenceModel>> FREE = new ConcurrentHashMap<>();

    private WorkerModels() {}

    static SequenceModel borrow(ModelSpec spec) {
        SequenceModel m = FREE.computeIfAbsent(spec.configJson(), k -> new ConcurrentLinkedDeque<>()).pollFirst();
        return m != null ? m : spec.newModel();
    }

    static void release(ModelSpec spec, SequenceModel m) {
        FREE.computeIfAbsent(spec.configJson(), k -> new ConcurrentLinkedDeque<>()).addFirst(m);
    }
}
