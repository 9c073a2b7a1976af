package carousel.tensor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Parallel}: every part runs once and failures come back to the caller; inside
 * {@link Parallel#inline} every part runs on the calling thread, in order, also when the inline
 * work is itself a part on another thread, and the setting ends with the inline work.
 */
class ParallelTest {
    @Test
    void everyPartRunsOnceAndInlinePartsRunOnTheCallerInOrder() {
        int[] runs = new int[5];
        Parallel.run(5, p -> { synchronized (runs) { runs[p]++; } });
        for (int p = 0; p < 5; p++) assertEquals(1, runs[p], "part " + p);

        List<Integer> order = new ArrayList<>();
        Thread caller = Thread.currentThread();
        Parallel.inline(() -> Parallel.run(4, p -> {
            assertSame(caller, Thread.currentThread(), "part " + p + " on the calling thread");
            order.add(p);
        }));
        assertEquals(List.of(0, 1, 2, 3), order);

        // a part on a pool thread that runs inline: its own nested parts stay on that thread
        Parallel.run(2, outer -> Parallel.inline(() -> {
            Thread t = Thread.currentThread();
            Parallel.run(3, p -> assertSame(t, Thread.currentThread(), "nested part " + p + " of part " + outer));
        }));

        RuntimeException e = assertThrows(RuntimeException.class, () -> Parallel.inline(() -> Parallel.run(2, p -> {
            if (p == 1) throw new IllegalStateException("part 1 failed");
        })));
        assertEquals("part 1 failed", e.getMessage());
        // after inline work (even a failed one) parts go to the pool again: some part of many runs elsewhere eventually
        boolean[] elsewhere = new boolean[1];
        for (int i = 0; i < 200 && !elsewhere[0]; i++)
            Parallel.run(2, p -> {
                if (Thread.currentThread() != caller) elsewhere[0] = true;
                try { Thread.sleep(1); } catch (InterruptedException x) { Thread.currentThread().interrupt(); }
            });
        if (Runtime.getRuntime().availableProcessors() > 1) assertTrue(elsewhere[0], "parts run on the pool again after inline");
    }
}
