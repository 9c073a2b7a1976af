package carousel.progress;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The calling thread's CPU clock: what real-time factors, per-step costs and benchmark rates count where
 * other processes also load the machine, so that they measure the work and not the waits.
 */
public final class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTime() {}

    /** The calling thread's CPU time in nanoseconds (0 where the JVM cannot measure it). */
    public static long threadNanos() {
        long t = THREADS.getCurrentThreadCpuTime();
        return t < 0 ? 0 : t;
    }
}
