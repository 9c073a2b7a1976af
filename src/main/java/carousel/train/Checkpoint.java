package carousel.train;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.io.SafeTensor;
import carousel.io.SafeTensors;
import carousel.io.SafeTensorsFile;
import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training checkpoints in a run directory: {@code RUN/checkpoint-<update>/} (or {@code checkpoint-<update>-<k>/}, the
 * same update count saved again after a rejected epoch) holds the model
 * ({@code config.json}, {@code model.safetensors}), {@code optimizer.safetensors} and
 * {@code trainer.json} (update count, sequences seen, finished epochs, random-number state,
 * learning-rate state). {@code RUN/latest} names the newest complete checkpoint and is replaced
 * atomically only after the checkpoint's files are all written, so an interruption at any moment
 * leaves the previous checkpoint valid; the two newest are kept. Resuming restores every piece of
 * state, so a resumed run continues exactly as if uninterrupted; a damaged newest checkpoint gives way
 * to the older intact one ({@link #restoreNewestIntact}).
 */
public final class Checkpoint {
    public static final String LATEST = "latest";

    /**
     * Counters and random state saved beside the weights: optimizer updates, training sequences seen
     * (sequence-budget loops), finished epochs (epoch loops; 0 for sequence-budget loops, −1 when
     * read from a checkpoint written before this field existed) and the random-number generator's state.
     */
    public record Progress(long updates, long sequences, int epochs, long rngState) {}

    private Checkpoint() {}

    public static Path save(Path runDir, Trainer trainer, Progress progress) throws IOException {
        return write(runDir, progress.updates(), dir -> {
            ModelFiles.save(dir, trainer.model(), Map.of("format", "carousel-checkpoint", "updates", Long.toString(progress.updates())));
            writeOptimizer(dir, trainer.optimizer());
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("updates", progress.updates());
            meta.put("sequences", progress.sequences());
            meta.put("epochs", (long) progress.epochs());
            meta.put("rng_state", Long.toString(progress.rngState()));
            meta.put("optimizer_steps", trainer.optimizer().steps());
            List<Object> lr = new ArrayList<>();
            for (double v : trainer.learningRate().state()) lr.add(Double.isInfinite(v) ? "inf" : (Object) v);
            meta.put("learning_rate_state", lr);
            Json.write(dir.resolve("trainer.json"), meta);
        });
    }

    /**
     * Writes checkpoint {@code checkpoint-<step>} of runDir with whatever {@code writer} puts into its
     * directory (the form every trainer shares: a learner with state of its own writes its own files),
     * then makes {@code latest} name it and keeps only the two newest checkpoints.
     */
    public static Path write(Path runDir, long step, RunDirectory.IoConsumer<Path> writer) throws IOException {
        Files.createDirectories(runDir);
        String base = String.format("checkpoint-%09d", step), name = base;
        // the newest checkpoint's update count saved again (an epoch rejected back to it): a new name after it
        // ("-001", "-002": they sort after it and before the next update count), so that the newest stays intact
        // until the new one is named; a directory of the name that no pointer names is a killed write's, replaced
        String current = currentName(runDir);
        if (current != null && (current.equals(base) || current.matches(java.util.regex.Pattern.quote(base) + "-[0-9]{3}")))
            name = String.format("%s-%03d", base, current.equals(base) ? 1 : Integer.parseInt(current.substring(base.length() + 1)) + 1);
        Path dir = runDir.resolve(name);
        if (Files.exists(dir)) deleteTree(dir);
        Files.createDirectories(dir);
        writer.accept(dir);
        Path tmp = Files.createTempFile(runDir, LATEST, ".part");
        Files.writeString(tmp, name + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, runDir.resolve(LATEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        prune(runDir, name);
        return dir;
    }

    /** An optimizer's state as {@code optimizer.safetensors} in dir. */
    public static void writeOptimizer(Path dir, Optimizer optimizer) throws IOException {
        Map<String, SafeTensor> opt = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : optimizer.state().entrySet())
            opt.put(e.getKey(), SafeTensor.f32(e.getValue().shape, e.getValue().f.clone()));
        SafeTensors.write(dir.resolve("optimizer.safetensors"), opt, Map.of("optimizer", optimizer.describe()));
    }

    /** Restores an optimizer's state from {@code optimizer.safetensors} in dir. */
    public static void readOptimizer(Path dir, Optimizer optimizer) throws IOException {
        SafeTensorsFile opt = SafeTensors.read(dir.resolve("optimizer.safetensors"));
        Map<String, Tensor> state = new LinkedHashMap<>();
        opt.tensors().forEach((k, t) -> state.put(k, Tensor.wrap(t.data(), t.shape())));
        optimizer.loadState(state);
    }

    /** The name {@code latest} holds, or null (none, or unreadable). */
    private static String currentName(Path runDir) {
        try {
            Path p = runDir.resolve(LATEST);
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The newest complete checkpoint of a run directory, or null when there is none. */
    public static Path latest(Path runDir) throws IOException {
        Path p = runDir.resolve(LATEST);
        if (!Files.isRegularFile(p)) return null;
        String name = Files.readString(p, StandardCharsets.UTF_8).trim();
        Path dir = runDir.resolve(name);
        if (name.isEmpty() || name.contains("/") || !Files.isDirectory(dir))
            throw new FormatException(p.toString(), "names checkpoint \"" + name + "\", which does not exist");
        return dir;
    }

    /** Restores weights, optimizer and learning-rate state into the trainer; returns the saved progress. */
    public static Progress restore(Path checkpointDir, Trainer trainer) throws IOException {
        Path wf = checkpointDir.resolve(ModelFiles.WEIGHTS);
        if (!ModelFiles.readConfig(checkpointDir).equals(trainer.model().config()))
            throw new FormatException(checkpointDir.resolve(ModelFiles.CONFIG).toString(), "describes a different model than the one being trained");
        ModelFiles.loadWeights(trainer.model(), SafeTensors.read(wf), wf.toString());
        readOptimizer(checkpointDir, trainer.optimizer());
        Path tj = checkpointDir.resolve("trainer.json");
        Map<String, Object> meta = Json.readObject(tj);
        List<Object> lr = Json.getList(meta, "learning_rate_state", tj.toString());
        double[] lrState = new double[lr.size()];
        for (int i = 0; i < lrState.length; i++)
            lrState[i] = lr.get(i) instanceof Number n ? n.doubleValue() : Double.POSITIVE_INFINITY;
        trainer.learningRate().loadState(lrState);
        long rng;
        try {
            rng = Long.parseLong(Json.getString(meta, "rng_state", tj.toString()));
        } catch (NumberFormatException e) {
            throw new FormatException(tj.toString(), "rng_state is not a 64-bit integer");
        }
        int epochs = meta.containsKey("epochs") ? Json.getInt(meta, "epochs", tj.toString()) : -1;
        return new Progress(Json.getLong(meta, "updates", tj.toString()), Json.getLong(meta, "sequences", tj.toString()), epochs, rng);
    }

    /** A restored checkpoint: its directory and progress. */
    public record Restored(Path dir, Progress progress) {}

    /**
     * Restores the newest checkpoint of runDir that reads back whole: the one {@code latest} names,
     * else (it, or {@code latest} itself, is damaged) the next older one, saying so in one line on log.
     * Returns null when the run directory has no checkpoint; when every checkpoint is damaged, throws
     * the newest one's error. A failed attempt may have changed the trainer's state only partly; the
     * next attempt overwrites all of it.
     */
    public static Restored restoreNewestIntact(Path runDir, Trainer trainer, java.io.PrintStream log) throws IOException {
        return restoreNewest(runDir, c -> new Restored(c, restore(c, trainer)), log);
    }

    /** Reads one checkpoint directory back into a learner's state; throws on a damaged one. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Path checkpointDir) throws IOException;
    }

    /**
     * {@link #restoreNewestIntact} for any checkpoint content: the newest checkpoint that {@code reader}
     * reads back whole, falling back to older ones (said in one line on log); null when there is none.
     */
    public static <T> T restoreNewest(Path runDir, Reader<T> reader, java.io.PrintStream log) throws IOException {
        IOException first = null;
        Path named = null;
        if (!Files.exists(runDir.resolve(LATEST))) return null;   // no checkpoint was ever completed
        try {
            named = latest(runDir);
        } catch (IOException e) {
            first = e;
        }
        List<Path> candidates = new ArrayList<>();
        if (named != null) candidates.add(named);
        String bound = named == null ? null : named.getFileName().toString();
        try (var s = Files.list(runDir)) {
            s.filter(p -> p.getFileName().toString().startsWith("checkpoint-") && Files.isDirectory(p))
                    .filter(p -> bound == null || p.getFileName().toString().compareTo(bound) < 0)
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).forEach(candidates::add);
        }
        for (Path c : candidates) {
            try {
                T restored = reader.read(c);
                if (first != null && log != null)
                    log.println("checkpoint damaged (" + first.getMessage() + "); resuming from the previous intact one, " + c.getFileName());
                return restored;
            } catch (IOException | RuntimeException e) {
                if (first == null) first = e instanceof IOException io ? io : new FormatException(c.toString(), String.valueOf(e.getMessage()));
            }
        }
        throw first;
    }

    private static void prune(Path runDir, String keep) throws IOException {
        List<Path> old = new ArrayList<>();
        try (var s = Files.list(runDir)) {
            s.filter(p -> p.getFileName().toString().startsWith("checkpoint-") && Files.isDirectory(p)).forEach(old::add);
        }
        old.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (int i = 0; i < old.size() - 2; i++) if (!old.get(i).getFileName().toString().equals(keep)) deleteTree(old.get(i));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Convenience for callers that hold the trainer's Rng. */
    public static Progress progress(long updates, long sequences, Rng rng) { return new Progress(updates, sequences, 0, rng.state()); }
}
