package carousel.train;

import carousel.io.FormatException;
import carousel.io.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A training run's directory ({@code --out}), held by one process at a time. Opening it
 * <ol>
 * <li>takes the lock {@code OUT/.lock} ({@link FileChannel#tryLock}; the operating system drops it
 * when the process dies, however it dies) and writes the holder into it, so a second run on the same
 * directory stops at once with a message naming the holder (pid and start time);</li>
 * <li>removes the {@code *.part} temporary files a killed run may have left (half-swapped model
 * directories are the business of {@link #recoverDirectory});</li>
 * <li>compares the settings the run was started with ({@code OUT/settings.json}) with the ones given
 * now and refuses to mix them, listing the differences, unless told to override (then the new
 * settings are recorded and apply from the next epoch);</li>
 * <li>reads the run's state ({@code OUT/run.json}): a finished run (early-stopped, or all epochs done)
 * is reported as finished, and a run that diverged is not resumed with the settings it diverged
 * with.</li>
 * </ol>
 * Every file the training writes replaces its predecessor atomically (a temporary file or directory
 * in the same directory, then a rename), so a kill at any moment leaves the previous version intact.
 */
public final class RunDirectory implements AutoCloseable {
    public static final String LOCK = ".lock", SETTINGS = "settings.json", STATE = "run.json";

    /** What a run's state file says: still training (or never started), finished, or diverged. */
    public enum State { TRAINING, EARLY_STOPPED, COMPLETED, DIVERGED }

    /** Thrown when the directory is held by another run: a conflict, not a usage error. */
    public static final class InUseException extends IllegalStateException {
        public InUseException(String message) { super(message); }
    }

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private final PrintStream log;
    private final java.util.Set<String> changedSettings;
    private State state = State.TRAINING;
    private int stateEpoch;
    private String stateMessage = "";

    private RunDirectory(Path dir, FileChannel channel, FileLock lock, java.util.Set<String> changedSettings, PrintStream log) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
        this.changedSettings = changedSettings;
        this.log = log;
    }

    /**
     * Opens (creating) the run directory for a run with these settings (option name → value, in the
     * user's words; the epoch budget is not a setting: raising it continues a completed run).
     *
     * @param override accept settings that differ from the recorded ones (they replace them)
     * @throws InUseException           another process holds the directory
     * @throws IllegalArgumentException the settings differ and override is off, listing each difference
     */
    public static RunDirectory open(Path dir, Map<String, String> settings, boolean override, PrintStream log) throws IOException {
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(LOCK);
        FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {   // held by this very process (another run in the same JVM)
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(lockFile, StandardCharsets.UTF_8).trim();
            ch.close();
            throw new InUseException(dir + " is in use by another training run (" + (holder.isEmpty() ? "holder unknown" : holder)
                    + "); wait for it to finish, or use another directory");
        }
        boolean ok = false;
        try {
            byte[] me = ("pid " + ProcessHandle.current().pid() + ", started " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(me), 0);
            ch.force(false);
            removeLitter(dir);
            java.util.Set<String> changed = checkSettings(dir, settings, override, log);
            RunDirectory run = new RunDirectory(dir, ch, lock, changed, log);
            run.readState();
            ok = true;
            return run;
        } finally {
            if (!ok) {
                ch.truncate(0);
                lock.release();
                ch.close();
            }
        }
    }

    public Path path() { return dir; }

    public Path resolve(String name) { return dir.resolve(name); }

    /** The settings (option names) that were overridden by different values at this start; empty when none. */
    public java.util.Set<String> changedSettings() { return changedSettings; }

    public State state() { return state; }

    /** The epoch the state was recorded at, and its message. */
    public int stateEpoch() { return stateEpoch; }
    public String stateMessage() { return stateMessage; }

    /**
     * Why this run has nothing left to do, or null when it has: it early-stopped, or completed
     * {@code maxEpochs} or more epochs. A diverged run started again with the settings it diverged
     * with is refused (IllegalArgumentException): it would diverge again.
     */
    public String finished(int maxEpochs) {
        return switch (state) {
            case EARLY_STOPPED -> dir + " holds a finished run (" + stateMessage + "); nothing to do";
            case COMPLETED -> stateEpoch >= maxEpochs ? dir + " holds a finished run (" + stateMessage + "); nothing to do (raise --epochs to train on)" : null;
            case DIVERGED -> {
                if (changedSettings.isEmpty()) throw new IllegalArgumentException(dir + ": this run diverged (" + stateMessage + ") and would again with the same settings; "
                        + "change them (e.g. a lower --lr) and add --override to go on from the last good checkpoint, or use another directory");
                yield null;
            }
            case TRAINING -> null;
        };
    }

    /** Records the run's state (atomically). */
    public void record(State s, int epoch, String message) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        m.put("epoch", (long) epoch);
        m.put("message", message);
        writeJson(dir.resolve(STATE), m);
        state = s;
        stateEpoch = epoch;
        stateMessage = message;
    }

    private void readState() throws IOException {
        Path f = dir.resolve(STATE);
        if (!Files.exists(f)) return;
        Map<String, Object> m = Json.readObject(f);
        String s = Json.getString(m, "state", f.toString());
        try {
            state = State.valueOf(s.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new FormatException(f.toString(), "state \"" + s + "\" is none of training, early-stopped, completed, diverged");
        }
        stateEpoch = Json.getInt(m, "epoch", f.toString());
        stateMessage = Json.getString(m, "message", f.toString());
    }

    /**
     * Replaces directory {@code target} (inside the run directory) by what {@code writer} writes, so
     * that at every moment either the old or the new version is complete: the writer fills
     * {@code target.new}, then {@code target} becomes {@code target.old}, {@code target.new} becomes
     * {@code target}, and {@code target.old} is deleted. {@link #recoverDirectory} finishes or undoes
     * a swap a kill interrupted (an old version without a new one is put back).
     */
    public void replaceDirectory(Path target, IoConsumer<Path> writer) throws IOException {
        Path fresh = sibling(target, ".new"), old = sibling(target, ".old");
        deleteTree(fresh);
        Files.createDirectories(fresh);
        writer.accept(fresh);
        deleteTree(old);
        if (Files.exists(target)) Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** A consumer that may fail with an IOException. */
    @FunctionalInterface
    public interface IoConsumer<T> {
        void accept(T t) throws IOException;
    }

    /** Writes JSON to file atomically (temporary file and rename in the same directory). */
    public static void writeJson(Path file, Object value) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        Json.write(tmp, value);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Clears the holder from the lock file (so a finished run's files end as they were) and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                channel.truncate(0);
                lock.release();
            }
        } finally {
            channel.close();
        }
    }

    private static java.util.Set<String> checkSettings(Path dir, Map<String, String> settings, boolean override, PrintStream log) throws IOException {
        Path f = dir.resolve(SETTINGS);
        if (!Files.exists(f)) {
            writeJson(f, new LinkedHashMap<String, Object>(settings));
            return java.util.Set.of();
        }
        Map<String, Object> saved = Json.readObject(f);
        List<String> diffs = new ArrayList<>();
        java.util.Set<String> changed = new TreeSet<>();
        TreeSet<String> keys = new TreeSet<>(saved.keySet());
        keys.addAll(settings.keySet());
        for (String k : keys) {
            String was = saved.get(k) == null ? null : String.valueOf(saved.get(k)), now = settings.get(k);
            if (was == null ? now != null : !was.equals(now)) changed.add(k);
            if (was == null ? now != null : !was.equals(now))
                diffs.add(k + " " + (was == null ? "(unset)" : was) + " -> " + (now == null ? "(unset)" : now));
        }
        if (diffs.isEmpty()) return java.util.Set.of();
        if (!override)
            throw new IllegalArgumentException(dir + " holds a run started with other settings (" + String.join(", ", diffs)
                    + "); run again with the run's settings, use another directory, or add --override to go on with the new ones");
        if (log != null) log.println("override: going on with changed settings (" + String.join(", ", diffs) + ")");
        writeJson(f, new LinkedHashMap<String, Object>(settings));
        return changed;
    }

    /** Deletes the *.part files (temporary files of atomic writes) a killed run left, in the run directory and below. */
    private static void removeLitter(Path dir) throws IOException {
        List<Path> parts = new ArrayList<>();
        try (var s = Files.walk(dir, 3)) {
            s.filter(p -> (p.getFileName().toString().endsWith(".part") || p.getFileName().toString().endsWith(".part.png")) && Files.isRegularFile(p))
                    .forEach(parts::add);
        }
        for (Path p : parts) Files.deleteIfExists(p);
    }

    /**
     * Finishes or undoes a {@link #replaceDirectory} of target that a kill interrupted: a half-written
     * {@code target.new} is deleted; {@code target.old} is deleted when target exists, else put back.
     */
    public void recoverDirectory(Path target) throws IOException {
        Path fresh = sibling(target, ".new"), old = sibling(target, ".old");
        deleteTree(fresh);
        if (!Files.exists(old)) return;
        if (Files.exists(target)) deleteTree(old);
        else Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path sibling(Path p, String suffix) { return p.resolveSibling(p.getFileName() + suffix); }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
