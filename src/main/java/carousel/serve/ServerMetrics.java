package carousel.serve;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The server's counters, written as Prometheus text ({@code GET /metrics}, exposition format 0.0.4): live and
 * total streams, streams refused or closed by close code, network frames stepped, the batch steps they were
 * stepped in and the scheduler's turns (each up to the look-ahead's batch steps), the frames stepped ahead of an
 * endpoint and discarded (stepped again), frames per second over the last 10 s, the real-time factor (processing seconds, the scheduler's and
 * the workers' CPU time, per second of audio stepped), the time from a chunk's arrival to its partial result (histogram),
 * the streams waiting for a step, the times back-pressure paused a connection, and the process's CPU time and memory. Thread-safe.
 */
public final class ServerMetrics {
    private static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final double frameSeconds;
    private final AtomicInteger live = new AtomicInteger();
    private final LongAdder opened = new LongAdder(), frames = new LongAdder(), steps = new LongAdder(), stepNanos = new LongAdder(),
            workNanos = new LongAdder(), turns = new LongAdder(), discarded = new LongAdder(), paused = new LongAdder(), answered = new LongAdder(), latencyNanos = new LongAdder(), transcribed = new LongAdder();
    private final LongAdder[] latencyBuckets = new LongAdder[LATENCY_BUCKETS.length];
    private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();
    private final long[] window = new long[11];   // frames stepped at the last 11 whole seconds, by second mod 11
    private final long[] windowSecond = new long[11];
    private volatile IntSupplier waiting = () -> 0;
    private final long start = System.nanoTime();

    public ServerMetrics(double frameSeconds) {
        this.frameSeconds = frameSeconds;
        for (int i = 0; i < latencyBuckets.length; i++) latencyBuckets[i] = new LongAdder();
    }

    void waitingStreams(IntSupplier s) { waiting = s; }

    void streamOpened() {
        opened.increment();
        live.incrementAndGet();
    }

    void streamClosed(double audioSeconds) {
        live.decrementAndGet();
    }

    /** A connection closed with this code (a refused one included). */
    void closed(int code) {
        closes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    /** One batch step of m streams that took {@code nanos}. */
    void stepped(int m, long nanos) {
        frames.add(m);
        steps.increment();
        stepNanos.add(nanos);
        long second = (System.nanoTime() - start) / 1_000_000_000L;
        synchronized (window) {
            int i = (int) (second % window.length);
            if (windowSecond[i] != second) {
                windowSecond[i] = second;
                window[i] = 0;
            }
            window[i] += m;
        }
    }

    /** One scheduler turn (one or more batch steps) done. */
    void turned() { turns.increment(); }

    /** Network frames of a stream stepped ahead of an endpoint and discarded (stepped again for the next utterance). */
    void discarded(long n) { discarded.add(n); }

    /** A worker's time on a stream (features, search, replies). */
    void worked(long nanos) { workNanos.add(nanos); }

    /** A chunk answered {@code nanos} after it arrived. */
    void answered(long nanos) {
        answered.increment();
        latencyNanos.add(nanos);
        double s = nanos * 1e-9;
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) if (s <= LATENCY_BUCKETS[i]) latencyBuckets[i].increment();
    }

    /** A stream's queue was full: its connection is not read until the queue is half empty. */
    void readingPaused() { paused.increment(); }

    /** A whole file recognised by {@code POST /transcribe}. */
    void transcribed() { transcribed.increment(); }

    public int liveStreams() { return live.get(); }

    /** Frames stepped per second over the last 10 whole seconds. */
    double framesPerSecond() {
        long second = (System.nanoTime() - start) / 1_000_000_000L;
        long n = 0;
        synchronized (window) {
            for (int i = 0; i < window.length; i++) if (windowSecond[i] < second && windowSecond[i] >= second - 10) n += window[i];
        }
        return n / (double) Math.min(10, Math.max(1, second));
    }

    /** Processing seconds per second of audio stepped so far (frames stepped again after an endpoint counted once). */
    double realTimeFactor() {
        double audio = (frames.sum() - discarded.sum()) * frameSeconds;
        return audio > 0 ? (stepNanos.sum() + workNanos.sum()) * 1e-9 / audio : 0;
    }

    /** The Prometheus text. */
    public String text() {
        StringBuilder b = new StringBuilder();
        gauge(b, "carousel_serve_streams", "Live WebSocket streams.", live.get());
        counter(b, "carousel_serve_streams_opened_total", "Streams opened.", opened.sum());
        b.append("# HELP carousel_serve_closes_total Connections closed, by WebSocket close code.\n# TYPE carousel_serve_closes_total counter\n");
        new java.util.TreeMap<>(closes).forEach((code, n) -> b.append("carousel_serve_closes_total{code=\"").append(code).append("\"} ").append(n.sum()).append('\n'));
        counter(b, "carousel_serve_frames_total", "Network frames stepped (all streams).", frames.sum());
        counter(b, "carousel_serve_steps_total", "Batch steps of the acoustic model.", steps.sum());
        counter(b, "carousel_serve_turns_total", "Scheduler turns, each up to --lookahead-frames batch steps.", turns.sum());
        counter(b, "carousel_serve_frames_discarded_total", "Frames stepped ahead of an endpoint, discarded and stepped again in the next utterance.", discarded.sum());
        counter(b, "carousel_serve_step_seconds_total", "CPU seconds of the batch steps (all threads of a split step).", stepNanos.sum() * 1e-9);
        counter(b, "carousel_serve_search_seconds_total", "CPU seconds of the workers' stream work (features, search, replies).", workNanos.sum() * 1e-9);
        gauge(b, "carousel_serve_frames_per_second", "Frames stepped per second over the last 10 s.", framesPerSecond());
        gauge(b, "carousel_serve_real_time_factor", "CPU seconds (steps and searches) per second of audio stepped.", realTimeFactor());
        gauge(b, "carousel_serve_queue_streams", "Streams waiting for a step.", waiting.getAsInt());
        counter(b, "carousel_serve_reading_paused_total", "Times a stream's audio queue was full and its connection was not read (back-pressure).", paused.sum());
        counter(b, "carousel_serve_transcribe_total", "Files recognised by POST /transcribe.", transcribed.sum());
        b.append("# HELP carousel_serve_partial_latency_seconds From a chunk's arrival to its partial result.\n# TYPE carousel_serve_partial_latency_seconds histogram\n");
        for (int i = 0; i < LATENCY_BUCKETS.length; i++)
            b.append(String.format(Locale.ROOT, "carousel_serve_partial_latency_seconds_bucket{le=\"%s\"} %d%n", LATENCY_BUCKETS[i], latencyBuckets[i].sum()));
        b.append(String.format(Locale.ROOT, "carousel_serve_partial_latency_seconds_bucket{le=\"+Inf\"} %d%n", answered.sum()));
        b.append(String.format(Locale.ROOT, "carousel_serve_partial_latency_seconds_sum %.6f%n", latencyNanos.sum() * 1e-9));
        b.append(String.format(Locale.ROOT, "carousel_serve_partial_latency_seconds_count %d%n", answered.sum()));
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun)
            counter(b, "process_cpu_seconds_total", "CPU seconds of the server process.", sun.getProcessCpuTime() * 1e-9);
        gauge(b, "process_resident_memory_bytes", "Resident memory of the server process.", residentBytes());
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        gauge(b, "jvm_heap_used_bytes", "Java heap in use.", heap.getUsed());
        return b.toString();
    }

    /** VmRSS from /proc/self/status, or 0 where there is none. */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static void counter(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(format(v)).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, double v) {
        b.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(format(v)).append('\n');
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6g", v);
    }
}
