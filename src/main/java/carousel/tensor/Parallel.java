package carousel.tensor;

import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * The one way Carousel runs work on several threads: a fixed number of parts, part 0 on the calling
 * thread and the rest on the fork-join common pool (whose idle workers park instead of spinning, so
 * the threads of one stage do not compete with the next). Used for the batch-row ranges of the LSTM
 * time loops ({@link Ops#rowParts}) and the halves of large matrix products ({@link ParallelBlas}).
 */
public final class Parallel {
    private Parallel() {}

    private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> false);

    /**
     * Runs r with every {@link #run} inside it on the calling thread alone, parts in order (for work
     * that is itself one part of a split, so that it does not split again).
     */
    public static void inline(Runnable r) {
        boolean was = INLINE.get();
        INLINE.set(true);
        try {
            r.run();
        } finally {
            INLINE.set(was);
        }
    }

    /**
     * Runs body(0) .. body(parts − 1), part 0 on the calling thread and the others on the fork-join
     * common pool (inside {@link #inline}: all on the calling thread, in order), and returns when all
     * are done; a failure in any part is rethrown.
     */
    public static void run(int parts, IntConsumer body) {
        if (parts == 1 || INLINE.get()) {
            for (int p = 0; p < parts; p++) body.accept(p);
            return;
        }
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            int part = p;
            others[p - 1] = ForkJoinTask.adapt(() -> body.accept(part)).fork();
        }
        Throwable failure = null;
        try {
            body.accept(0);
        } catch (Throwable t) {
            failure = t;
        }
        for (ForkJoinTask<?> o : others) {
            try {
                o.join();
            } catch (Throwable t) {
                if (failure == null) failure = t;
            }
        }
        if (failure instanceof RuntimeException e) throw e;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
    }

}
