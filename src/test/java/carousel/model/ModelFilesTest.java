package carousel.model;

import carousel.io.FormatException;
import carousel.io.SafeTensor;
import carousel.io.SafeTensors;
import carousel.io.SafeTensorsFile;
import carousel.tensor.DType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed model directories fail with a message naming the file and the problem. */
class ModelFilesTest {
    @TempDir Path tmp;
    Path dir;

    @BeforeEach
    void copyFixture() throws IOException {
        dir = tmp.resolve("m");
        Files.createDirectories(dir);
        Path src = Path.of("src/test/resources/fixtures/torch/lstmp-2layer");
        Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        ModelFiles.load(dir, DType.F32); // the unmodified copy loads
    }

    private void expect(String... fragments) {
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(dir, DType.F32));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
    }

    private void config(String json) throws IOException { Files.writeString(dir.resolve("config.json"), json); }

    @Test void unknownConfigKey() throws IOException {
        config("{\"cell\":\"lstm\",\"input_size\":4,\"hidden_size\":8,\"num_layers\":2,\"proj_size\":3,\"bidirectional\":false,\"output_size\":5,\"hiden\":3}");
        expect("config.json", "hiden");
    }

    @Test void invalidSizes() throws IOException {
        config("{\"cell\":\"lstm\",\"input_size\":4,\"hidden_size\":8,\"num_layers\":2,\"proj_size\":9,\"bidirectional\":false,\"output_size\":5}");
        expect("config.json", "proj_size has to be smaller than hidden_size");
    }

    @Test void missingKeyAndBadJson() throws IOException {
        config("{\"cell\":\"lstm\",\"hidden_size\":8,\"output_size\":5}");
        expect("config.json", "input_size");
        config("{\"cell\": \"lstm\", ");
        expect("config.json");
    }

    @Test void wrongShapeMissingAndUnknownTensors() throws IOException {
        SafeTensorsFile f = SafeTensors.read(dir.resolve("model.safetensors"));
        Map<String, SafeTensor> t = new LinkedHashMap<>(f.tensors());
        t.put("lstm.weight_hr_l1", SafeTensor.f32(new int[]{8, 3}, new float[24]));
        SafeTensors.write(dir.resolve("model.safetensors"), t, Map.of());
        expect("model.safetensors", "lstm.weight_hr_l1", "[8, 3]", "[3, 8]");

        t = new LinkedHashMap<>(f.tensors());
        t.remove("output.bias");
        SafeTensors.write(dir.resolve("model.safetensors"), t, Map.of());
        expect("model.safetensors", "missing tensor \"output.bias\"");

        t = new LinkedHashMap<>(f.tensors());
        t.put("lstm.weight_ih_l2", SafeTensor.f32(new int[]{1}, new float[1]));
        SafeTensors.write(dir.resolve("model.safetensors"), t, Map.of());
        expect("model.safetensors", "unknown tensor \"lstm.weight_ih_l2\"");

        t = new LinkedHashMap<>(f.tensors());
        float[] nan = t.get("output.weight").data().clone();
        nan[2] = Float.NaN;
        t.put("output.weight", SafeTensor.f32(t.get("output.weight").shape(), nan));
        SafeTensors.write(dir.resolve("model.safetensors"), t, Map.of());
        expect("model.safetensors", "non-finite", "output.weight");
    }

    @Test void truncatedWeights() throws IOException {
        byte[] b = Files.readAllBytes(dir.resolve("model.safetensors"));
        for (int cut : new int[]{0, 5, 8, 40, b.length / 2, b.length - 1}) {
            Files.write(dir.resolve("model.safetensors"), java.util.Arrays.copyOf(b, cut));
            FormatException e = assertThrows(FormatException.class, () -> ModelFiles.load(dir, DType.F32), "cut at " + cut);
            assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
        }
    }

    @Test void missingFiles() throws IOException {
        Files.delete(dir.resolve("model.safetensors"));
        expect("model.safetensors");
        Files.delete(dir.resolve("config.json"));
        expect("config.json");
    }
}
