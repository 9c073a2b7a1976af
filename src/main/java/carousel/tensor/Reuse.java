package carousel.tensor;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * Scratch objects reused between calls on any thread: {@link #take} hands out a free one (or makes
 * one), {@link #give} returns it. Instead of a {@link ThreadLocal}, because the workers of the
 * fork-join common pool ({@link Parallel}) drop their thread locals after every task, so a
 * per-thread buffer would be made again for every part a worker runs. As many objects exist as
 * calls ever ran at once.
 */
final class Reuse<T> {
    private final ArrayDeque<T> free = new ArrayDeque<>();
    private final Supplier<T> make;

    Reuse(Supplier<T> make) { this.make = make; }

    T take() {
        T t;
        synchronized (free) {
            t = free.pollFirst();
        }
        return t != null ? t : make.get();
    }

    void give(T t) {
        synchronized (free) {
            free.addFirst(t);
        }
    }
}
