package carousel.train;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.io.SafeTensor;
import carousel.io.SafeTensors;
import carousel.io.SafeTensorsFile;
import carousel.model.ModelFiles;
import carousel.tensor.DType;
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
 * A checkpoint inside an epoch ({@link EpochLoop}'s partial checkpoints): {@code RUN/checkpoints/partial-<update>/}
 * holds the model ({@code config.json}, {@code model.safetensors}), {@code optimizer.safetensors}, the streams'
 * carried states ({@code states.safetensors}, {@code layer<l>.part<p>}: (B, width)) and {@code partial.json} (the
 * epoch, the optimizer updates and random-number state at the epoch's start, the chunks done, the loss sum as its
 * exact bits, the labelled frames, the seconds trained, the digest of the run's settings). {@code RUN/checkpoints/partial} names the newest one and
 * is replaced atomically after its files are written, so a kill at any moment leaves the previous one (or none);
 * only the newest is kept. The learning rate is the epoch's, kept by the epoch checkpoint. Float32 models only.
 */
public final class PartialCheckpoint {
    public static final String POINTER = "partial";
    private static final String PREFIX = "partial-";

    /**
     * A partial checkpoint: its directory (null before it is written), the epoch it is inside, the optimizer updates
     * and random-number state at that epoch's start, the seconds of the epoch trained, the digest of the run's
     * settings it was written under ({@link #settingsDigest}), and the pass's position.
     */
    public record Saved(Path dir, int epoch, long updatesAtEpochStart, long rngAtEpochStart, double seconds, String settings,
                        TruncatedBptt.Position position) {}

    /**
     * SHA-256 (hex) of a run's settings file ({@link RunDirectory#SETTINGS}; "" when there is none): a partial
     * checkpoint goes on only under the settings it was written with, whatever happened to the file in between
     * (an {@code --override} start killed before the partial checkpoint was removed).
     */
    public static String settingsDigest(Path settingsFile) throws IOException {
        if (!Files.isRegularFile(settingsFile)) return "";
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(settingsFile)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private PartialCheckpoint() {}

    /** Whether runDir names a partial checkpoint. */
    public static boolean exists(Path runDir) { return Files.exists(runDir.resolve(POINTER)); }

    /** Writes the trainer's weights and optimizer state with the position, then names it the newest; returns its directory. */
    public static Path save(Path runDir, Trainer trainer, Saved s) throws IOException {
        Files.createDirectories(runDir);
        String name = String.format("%s%09d", PREFIX, trainer.optimizer().steps());
        Path dir = runDir.resolve(name);
        if (Files.exists(dir)) deleteTree(dir);
        Files.createDirectories(dir);
        ModelFiles.save(dir, trainer.model(), Map.of("format", "carousel-partial-checkpoint", "epoch", Integer.toString(s.epoch())));
        Checkpoint.writeOptimizer(dir, trainer.optimizer());
        Map<String, SafeTensor> states = new TreeMap<>();
        Tensor[][] st = s.position().states();
        for (int l = 0; l < st.length; l++)
            for (int p = 0; p < st[l].length; p++) {
                Tensor t = st[l][p];
                if (t.dtype != DType.F32) throw new IllegalArgumentException("partial checkpoints hold float32 states, got " + t.dtype);
                states.put("layer" + l + ".part" + p, SafeTensor.f32(t.shape, t.f.clone()));
            }
        SafeTensors.write(dir.resolve("states.safetensors"), states, Map.of("layers", Integer.toString(st.length)));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("epoch", (long) s.epoch());
        meta.put("updates_at_epoch_start", s.updatesAtEpochStart());
        meta.put("rng_state_at_epoch_start", Long.toString(s.rngAtEpochStart()));
        meta.put("chunks", s.position().chunks());
        meta.put("loss_sum_bits", Long.toString(Double.doubleToRawLongBits(s.position().lossSum())));
        meta.put("frames", s.position().frames());
        meta.put("seconds", s.seconds());
        meta.put("updates", trainer.optimizer().steps());
        meta.put("settings_sha256", s.settings());
        Json.write(dir.resolve("partial.json"), meta);
        Path tmp = Files.createTempFile(runDir, POINTER, ".part");
        Files.writeString(tmp, name + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, runDir.resolve(POINTER), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        removeAllBut(runDir, name);
        return dir;
    }

    /** The newest partial checkpoint's position and counters (not its weights: {@link #load}). */
    public static Saved read(Path runDir) throws IOException {
        Path pointer = runDir.resolve(POINTER);
        String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
        Path dir = runDir.resolve(name);
        if (!name.startsWith(PREFIX) || name.contains("/") || !Files.isDirectory(dir))
            throw new FormatException(pointer.toString(), "names partial checkpoint \"" + name + "\", which does not exist");
        Path pj = dir.resolve("partial.json");
        Map<String, Object> m = Json.readObject(pj);
        long rngAtStart, lossBits;
        try {
            rngAtStart = Long.parseLong(Json.getString(m, "rng_state_at_epoch_start", pj.toString()));
            lossBits = Long.parseLong(Json.getString(m, "loss_sum_bits", pj.toString()));
        } catch (NumberFormatException e) {
            throw new FormatException(pj.toString(), "a random state or loss sum is not a 64-bit integer");
        }
        Path sf = dir.resolve("states.safetensors");
        SafeTensorsFile file = SafeTensors.read(sf);
        int layers;
        try {
            layers = Integer.parseInt(file.metadata().getOrDefault("layers", ""));
        } catch (NumberFormatException e) {
            throw new FormatException(sf.toString(), "has no layer count in its metadata");
        }
        Tensor[][] states = new Tensor[layers][];
        for (int l = 0; l < layers; l++) {
            List<Tensor> parts = new ArrayList<>();
            for (int p = 0; file.tensors().containsKey("layer" + l + ".part" + p); p++) {
                SafeTensor t = file.tensors().get("layer" + l + ".part" + p);
                parts.add(Tensor.wrap(t.data(), t.shape()));
            }
            states[l] = parts.toArray(Tensor[]::new);
        }
        TruncatedBptt.Position pos = new TruncatedBptt.Position(Json.getLong(m, "chunks", pj.toString()), Double.longBitsToDouble(lossBits),
                Json.getLong(m, "frames", pj.toString()), states);
        return new Saved(dir, Json.getInt(m, "epoch", pj.toString()), Json.getLong(m, "updates_at_epoch_start", pj.toString()), rngAtStart,
                Json.getDouble(m, "seconds", pj.toString()), Json.getString(m, "settings_sha256", pj.toString()), pos);
    }

    /** Loads a partial checkpoint's weights and optimizer state into the trainer (the learning rate stays). */
    public static void load(Path dir, Trainer trainer) throws IOException {
        if (!ModelFiles.readConfig(dir).equals(trainer.model().config()))
            throw new FormatException(dir.resolve(ModelFiles.CONFIG).toString(), "describes a different model than the one being trained");
        Path wf = dir.resolve(ModelFiles.WEIGHTS);
        ModelFiles.loadWeights(trainer.model(), SafeTensors.read(wf), wf.toString());
        Checkpoint.readOptimizer(dir, trainer.optimizer());
    }

    /** Removes every partial checkpoint of runDir (its epoch is over, or the run diverged); the pointer first. */
    public static void clear(Path runDir) throws IOException {
        Files.deleteIfExists(runDir.resolve(POINTER));
        removeAllBut(runDir, null);
    }

    private static void removeAllBut(Path runDir, String keep) throws IOException {
        if (!Files.isDirectory(runDir)) return;
        List<Path> old = new ArrayList<>();
        try (var s = Files.list(runDir)) {
            s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isDirectory(p)
                    && !p.getFileName().toString().equals(keep)).forEach(old::add);
        }
        for (Path p : old) deleteTree(p);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
