package carousel.model;

import carousel.io.FormatException;
import carousel.io.Json;
import carousel.io.SafeTensor;
import carousel.io.SafeTensorDType;
import carousel.io.SafeTensorInfo;
import carousel.io.SafeTensorsHeader;
import carousel.io.SafeTensors;
import carousel.io.SafeTensorsFile;
import carousel.layer.Param;
import carousel.tensor.Activation;
import carousel.tensor.DType;
import carousel.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model on disk is a directory holding {@code config.json} (the {@link ModelConfig} fields under
 * PyTorch's names) and {@code model.safetensors} (every parameter, float32, under its PyTorch name).
 * A PyTorch {@code torch.nn.LSTM} + {@code torch.nn.Linear} state_dict saved under the names
 * {@code lstm.*} and {@code output.*} loads as is.
 *
 * <p>Loading checks everything and names the file and the problem: unknown or missing config keys,
 * invalid sizes or sizes past {@link ModelConfig}'s caps, missing or unknown tensors, wrong shapes or dtypes,
 * non-finite weights. Saving writes each file
 * to a temporary name and renames it into place, so a reader never sees a half-written file.
 */
public final class ModelFiles {
    public static final String CONFIG = "config.json", WEIGHTS = "model.safetensors";
    private static final String[] KEYS = {"cell", "input_size", "hidden_size", "num_layers", "proj_size", "bidirectional", "output_size",
            "nonlinearity", "forget_gate", "peepholes", "gate_activation", "cell_input_activation", "cell_output_activation",
            "cell_clip", "non_recurrent_proj_size", "bias"};

    private ModelFiles() {}

    public static Map<String, Object> toJson(ModelConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cell", c.cell().configName());
        m.put("input_size", (long) c.inputSize());
        m.put("hidden_size", (long) c.hiddenSize());
        m.put("num_layers", (long) c.numLayers());
        m.put("proj_size", (long) c.projSize());
        m.put("bidirectional", c.bidirectional());
        m.put("output_size", (long) c.outputSize());
        if (c.cell() != Cell.LSTM) m.put("nonlinearity", c.nonlinearity().configName());
        else {
            m.put("forget_gate", c.forgetGate());
            m.put("peepholes", c.peepholes());
            m.put("gate_activation", c.gateActivation().configName());
            m.put("cell_input_activation", c.cellInputActivation().configName());
            m.put("cell_output_activation", c.cellOutputActivation().configName());
            m.put("cell_clip", (double) c.cellClip());
            m.put("non_recurrent_proj_size", (long) c.nonRecurrentProjSize());
        }
        return m;
    }

    public static ModelConfig fromJson(Map<String, Object> m, String source) throws FormatException {
        Json.requireOnlyKeys(m, source, KEYS);
        if (!Json.optBoolean(m, "bias", true, source)) throw new FormatException(source, "bias = false is not supported (every layer has biases)");
        try {
            return new ModelConfig(Cell.parse(Json.getString(m, "cell", source)), Json.getInt(m, "input_size", source), Json.getInt(m, "hidden_size", source),
                    Json.optInt(m, "num_layers", 1, source), Json.optInt(m, "proj_size", 0, source), Json.optBoolean(m, "bidirectional", false, source),
                    Json.getInt(m, "output_size", source), Activation.parse(Json.optString(m, "nonlinearity", "tanh", source)),
                    Json.optBoolean(m, "forget_gate", true, source), Json.optBoolean(m, "peepholes", false, source),
                    Activation.parse(Json.optString(m, "gate_activation", "sigmoid", source)),
                    Activation.parse(Json.optString(m, "cell_input_activation", "tanh", source)),
                    Activation.parse(Json.optString(m, "cell_output_activation", "tanh", source)),
                    (float) Json.optDouble(m, "cell_clip", 0, source), Json.optInt(m, "non_recurrent_proj_size", 0, source));
        } catch (IllegalArgumentException e) {
            throw new FormatException(source, e.getMessage());
        }
    }

    public static ModelConfig readConfig(Path dir) throws IOException {
        Path f = dir.resolve(CONFIG);
        if (!Files.isRegularFile(f)) throw new NoSuchFileException(f.toString(), null, "a model directory needs " + CONFIG);
        return fromJson(Json.readObject(f), f.toString());
    }

    /**
     * Loads a model directory in the given precision. The config and the weights file are checked
     * against each other from the safetensors header alone (every tensor of the config present, float32,
     * of its exact shape, and no other) before the model is allocated, so a damaged directory costs no
     * more memory than its files hold.
     */
    public static SequenceModel load(Path dir, DType dtype) throws IOException {
        ModelConfig cfg = readConfig(dir);
        Path wf = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(wf)) throw new NoSuchFileException(wf.toString(), null, "a model directory needs " + WEIGHTS);
        SafeTensorsHeader header = SafeTensors.readHeader(wf);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, SafeTensorInfo> e : header.tensors().entrySet()) {
            if (e.getValue().dtype() != SafeTensorDType.F32)
                throw new FormatException(wf.toString(), "tensor \"" + e.getKey() + "\" has dtype " + e.getValue().dtype() + "; model weights are F32");
            shapes.put(e.getKey(), e.getValue().shape());
        }
        checkTensors(cfg.parameterShapes(), shapes, wf.toString());
        SequenceModel model = new SequenceModel(cfg, dtype);
        loadWeights(model, SafeTensors.read(wf), wf.toString());
        return model;
    }

    /** Copies every parameter from the file into the model, after checking names and shapes. */
    public static void loadWeights(SequenceModel model, SafeTensorsFile file, String source) throws FormatException {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        file.tensors().forEach((name, t) -> shapes.put(name, t.shape()));
        checkTensors(model.config().parameterShapes(), shapes, source);
        for (Param p : model.params().values()) {
            float[] d = file.tensors().get(p.name()).data();
            for (int i = 0; i < d.length; i++) {
                if (!Float.isFinite(d[i])) throw new FormatException(source, "tensor \"" + p.name() + "\" holds a non-finite value at index " + i);
                p.value().set(i, d[i]);
            }
        }
    }

    /** The file's tensors (name → shape) must be exactly the config's: none missing, none extra, every shape equal. */
    private static void checkTensors(Map<String, int[]> expected, Map<String, int[]> actual, String source) throws FormatException {
        for (String name : actual.keySet())
            if (!expected.containsKey(name))
                throw new FormatException(source, "unknown tensor \"" + name + "\": the model of " + CONFIG + " has no such parameter (it has: "
                        + String.join(", ", expected.keySet()) + ")");
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            int[] shape = actual.get(e.getKey());
            if (shape == null) throw new FormatException(source, "missing tensor \"" + e.getKey() + "\" of shape " + Arrays.toString(e.getValue()));
            if (!Arrays.equals(shape, e.getValue()))
                throw new FormatException(source, "tensor \"" + e.getKey() + "\" has shape " + Arrays.toString(shape) + ", the model of "
                        + CONFIG + " needs " + Arrays.toString(e.getValue()));
        }
    }

    /** Writes config.json and model.safetensors into dir (created if needed), each atomically. */
    public static void save(Path dir, SequenceModel model, Map<String, String> metadata) throws IOException {
        Files.createDirectories(dir);
        Map<String, SafeTensor> tensors = new TreeMap<>();
        for (Param p : model.params().values()) tensors.put(p.name(), SafeTensor.f32(p.value().shape, toFloats(p.value())));
        Path tmpW = Files.createTempFile(dir, WEIGHTS, ".part");
        SafeTensors.write(tmpW, tensors, metadata == null ? Map.of() : metadata);
        Path tmpC = Files.createTempFile(dir, CONFIG, ".part");
        Json.write(tmpC, toJson(model.config()));
        Files.move(tmpW, dir.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpC, dir.resolve(CONFIG), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static float[] toFloats(Tensor t) {
        if (t.f != null) return t.f.clone();
        float[] out = new float[t.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) t.d[i];
        return out;
    }
}
