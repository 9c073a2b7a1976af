package carousel.progress;

import java.io.PrintStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress of one long job (features of a corpus, a training epoch, lag-task trials, decoding a
 * split, transcribing many files), shown the way users know it from tools such as pip, cargo or
 * tqdm: on a terminal, one live line redrawn in place,
 * <pre>
 * features [#########...........]  412/960 utterances  43%  38.2 utterances/s  ETA 14 s
 * </pre>
 * and when the output is not a terminal (a CI log, a file), a plain line every {@link #everySeconds}
 * seconds and one at the end, so that logs stay short and readable:
 * <pre>
 * features: 412/960 utterances (43%), 38.2 utterances/s, ETA 14 s
 * </pre>
 * A job may add a short status after the figures ({@code loss 1.234}) and print whole lines
 * ({@link #println}) without breaking the bar. The output stream is a terminal when it is the
 * process's standard error or output and that file descriptor is a terminal ({@code isatty(3)},
 * called through the FFM API; {@link java.io.Console#isTerminal} when that is not available), or,
 * for standard error, when the launcher says so ({@value #STDERR_TERMINAL}).
 * Thread-safe: workers may advance one bar together. A bar on a null stream is silent.
 *
 * <p>This is not a logger: the lines that a command prints once (results, warnings, {@code "done N
 * of M"}) stay the command's own.
 */
public final class ProgressBar implements AutoCloseable {

    /** Default seconds between plain lines when the output is not a terminal. */
    public static final double DEFAULT_EVERY_SECONDS = 10;

    /**
     * Set to 1 by the {@code carousel} launcher when its standard error is a terminal: it passes the
     * JVM's standard error through a filter (a pipe), which {@code isatty} cannot see through.
     */
    static final String STDERR_TERMINAL = "CAROUSEL_STDERR_TERMINAL";

    private static final int BAR_WIDTH = 20;
    /** Shortest time between two redraws of the live line. */
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String task;
    private final String unit;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long startNanos;
    private long total;
    private long done;
    private long base;
    private String status = "";
    private double everySeconds = DEFAULT_EVERY_SECONDS;
    private long lastDrawNanos;
    private int drawnWidth;
    private boolean closed;

    ProgressBar(PrintStream out, String task, long total, String unit, boolean terminal, LongSupplier clock) {
        this.out = out;
        this.task = task;
        this.total = Math.max(0, total);
        this.unit = unit;
        this.terminal = terminal;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastDrawNanos = startNanos;
    }

    /**
     * A bar for {@code total} items of {@code unit} ("utterances", "sequences"; empty: numbers only), or
     * a silent one when {@code out} is null. A total of 0 or less means unknown (no bar, no ETA).
     */
    public static ProgressBar start(PrintStream out, String task, long total, String unit) {
        return new ProgressBar(out, task, total, unit, isTerminal(out), System::nanoTime);
    }

    /**
     * Items done before this bar started (a resumed job): counted in done and the percentage, not in the rate, so
     * that the rate and the ETA are those of the work this bar sees.
     */
    public synchronized ProgressBar from(long alreadyDone) {
        this.base = Math.max(0, alreadyDone);
        this.done = Math.max(done, base);
        return this;
    }

    /** Seconds between plain lines when not on a terminal (0: only the final line). */
    public synchronized ProgressBar everySeconds(double seconds) {
        this.everySeconds = seconds;
        return this;
    }

    /** Whether the bar is drawn live (a terminal) rather than as plain lines. */
    public boolean terminal() {
        return terminal;
    }

    /** One more item done. */
    public void step() {
        advance(1);
    }

    /** {@code n} more items done. */
    public synchronized void advance(long n) {
        update(done + n);
    }

    /** Items done so far (a job that counts on its own). */
    public synchronized void update(long doneSoFar) {
        done = doneSoFar;
        maybeDraw();
    }

    /** Items done and a status shown after the figures, e.g. {@code "loss 1.234"}. */
    public synchronized void update(long doneSoFar, String newStatus) {
        status = newStatus == null ? "" : newStatus;
        update(doneSoFar);
    }

    /** A new total, when the job learns it late. */
    public synchronized void total(long newTotal) {
        total = Math.max(0, newTotal);
    }

    /** Replaces the status; shown at the next redraw or plain line. */
    public synchronized void status(String newStatus) {
        status = newStatus == null ? "" : newStatus;
        maybeDraw();
    }

    /** Prints a whole line (a finished trial, a warning) above the live bar, or in the log. */
    public synchronized void println(String line) {
        if (out == null) {
            return;
        }
        clearLive();
        out.println(line);
        if (terminal && !closed) {
            draw(clock.getAsLong());
        }
    }

    /**
     * Runs {@code print}, which writes to another stream of the same terminal (results on standard
     * output while the bar is on standard error), with the live line erased, then draws it again.
     */
    public synchronized void above(Runnable print) {
        if (out != null) {
            clearLive();
            out.flush();
        }
        print.run();
        if (out != null && terminal && !closed) {
            System.out.flush();
            draw(clock.getAsLong());
        }
    }

    /** Ends the bar: the live line is drawn a last time and left on screen; a log gets its last line. */
    @Override
    public synchronized void close() {
        if (closed || out == null) {
            closed = true;
            return;
        }
        closed = true;
        long now = clock.getAsLong();
        if (terminal) {
            draw(now);
            out.println();
        } else {
            out.println(plainLine(now, true));
        }
        out.flush();
    }

    /**
     * Ends the bar without a last line of its own, erasing the live line, for a job that prints its own
     * summary in its place (a training epoch's line).
     */
    public synchronized void dismiss() {
        if (out != null && !closed) {
            clearLive();
            out.flush();
        }
        closed = true;
    }

    private void maybeDraw() {
        if (out == null || closed) {
            return;
        }
        long now = clock.getAsLong();
        if (terminal) {
            if (now - lastDrawNanos >= REDRAW_NANOS || (total > 0 && done >= total)) {
                draw(now);
            }
        } else if (everySeconds > 0 && now - lastDrawNanos >= everySeconds * 1e9) {
            lastDrawNanos = now;
            out.println(plainLine(now, false));
        }
    }

    private void draw(long now) {
        lastDrawNanos = now;
        String line = liveLine(now);
        out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
        drawnWidth = line.length();
        out.flush();
    }

    private void clearLive() {
        if (terminal && drawnWidth > 0) {
            out.print("\r" + " ".repeat(drawnWidth) + "\r");
            drawnWidth = 0;
        }
    }

    /** {@code task [#####.....]  done/total unit  p%  rate unit/s  ETA s  status}. */
    String liveLine(long now) {
        StringBuilder s = new StringBuilder(task).append(' ');
        if (total > 0) {
            int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / total);
            s.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("]  ");
            s.append(done).append('/').append(total).append(units());
            s.append(String.format(Locale.ROOT, "  %3.0f%%", 100.0 * done / total));
        } else {
            s.append(done).append(units());
        }
        appendRate(s, now, "  ");
        if (!status.isEmpty()) {
            s.append("  ").append(status);
        }
        return s.toString();
    }

    /** {@code task: done/total unit (p%), rate unit/s, ETA s, status}; the final line gives the time taken. */
    String plainLine(long now, boolean last) {
        StringBuilder s = new StringBuilder(task).append(": ").append(done);
        if (total > 0) {
            s.append('/').append(total).append(units())
                    .append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * done / total));
        } else {
            s.append(units());
        }
        if (last) {
            double secs = (now - startNanos) / 1e9;
            s.append(String.format(Locale.ROOT, ", %.1f s", secs));
            if (secs > 0 && done > base) {
                s.append(" (").append(rate((done - base) / secs)).append(units()).append("/s)");
            }
        } else {
            appendRate(s, now, ", ");
        }
        if (!status.isEmpty()) {
            s.append(", ").append(status);
        }
        return s.toString();
    }

    private void appendRate(StringBuilder s, long now, String sep) {
        double secs = (now - startNanos) / 1e9;
        if (secs <= 0 || done <= base) {
            return;
        }
        double perSecond = (done - base) / secs;
        s.append(sep).append(rate(perSecond)).append(units()).append("/s");
        if (total > 0 && done < total) {
            s.append(sep).append("ETA ").append(duration((total - done) / perSecond));
        }
    }

    /** The unit after a number: {@code " utterances"}, or nothing for a bar without a unit. */
    private String units() {
        return unit.isEmpty() ? "" : " " + unit;
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f" : perSecond >= 10 ? "%.1f" : "%.2f", perSecond);
    }

    /** Seconds as {@code 14 s}, {@code 3 min 05 s} or {@code 2 h 07 min}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** Whether {@code out} is the process's standard error or output and that is a terminal. */
    static boolean isTerminal(PrintStream out) {
        int fd = out == null ? -1 : out == System.err ? 2 : out == System.out ? 1 : -1;
        if (fd < 0) {
            return false;
        }
        if (fd == 2 && "1".equals(System.getenv(STDERR_TERMINAL))) {
            return true;
        }
        MethodHandle isatty = Isatty.HANDLE;
        if (isatty != null) {
            try {
                return (int) isatty.invokeExact(fd) == 1;
            } catch (Throwable e) {
                return false;
            }
        }
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** libc's {@code int isatty(int fd)}, looked up once; null where the platform has none. */
    private static final class Isatty {
        static final MethodHandle HANDLE = lookup();

        private static MethodHandle lookup() {
            try {
                Linker linker = Linker.nativeLinker();
                return linker.defaultLookup().find("isatty")
                        .map(a -> linker.downcallHandle(a, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)))
                        .orElse(null);
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }
}
