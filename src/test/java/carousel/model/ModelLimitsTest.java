package carousel.model;

import carousel.layer.Param;
import carousel.tensor.Activation;
import carousel.tensor.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sizes in config.json are capped and checked against model.safetensors before the model is allocated:
 * the mutated directories of issue 15 (num_layers 2147483647, hidden_size 1e8, input_size 2e9, sizes that
 * disagree with the weights) are refused at once with the file and the key, and
 * {@link ModelConfig#parameterShapes()} (which the check uses) equals what {@link SequenceModel} allocates.
 */
class ModelLimitsTest {
    @TempDir Path tmp;

    @Test
    void parameterShapesEqualTheAllocatedParameters() {
        List<ModelConfig> configs = new ArrayList<>(List.of(
                ModelConfig.lstm(4, 8, 2, 3, false, 5), ModelConfig.lstm(4, 8, 3, 0, true, 5), ModelConfig.lstm(3, 6, 2, 2, true, 7),
                ModelConfig.rnn(4, 8, 2, carousel.tensor.Activation.TANH, true, 5), ModelConfig.rnn(4, 8, 1, carousel.tensor.Activation.RELU, false, 5), ModelConfig.dnn(9, 6, 3, carousel.tensor.Activation.RELU, 4)));
        configs.add(ModelConfig.lstm(4, 8, 2, 3, false, 5).withLstmOptions(false, true, Activation.SIGMOID, Activation.TANH, Activation.TANH, 0f, 2));
        configs.add(ModelConfig.lstm(4, 8, 2, 0, false, 5).withLstmOptions(true, true, Activation.SIGMOID, Activation.TANH, Activation.TANH, 3f, 0));
        for (ModelConfig c : configs) {
            Map<String, Param> params = new SequenceModel(c, DType.F32).params();
            Map<String, int[]> shapes = c.parameterShapes();
            assertEquals(List.copyOf(params.keySet()), List.copyOf(shapes.keySet()), c.toString());
            long n = 0;
            for (Param p : params.values()) {
                assertArrayEquals(p.value().shape, shapes.get(p.name()), p.name() + " of " + c);
                n += p.value().size();
            }
            assertEquals(n, c.parameterCount());
        }
    }

    private Path mutated(String key, String value) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(key + value));
        Path src = Path.of("src/test/resources/fixtures/torch/lstmp-2layer");
        Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        String json = Files.readString(src.resolve("config.json"));
        String patched = json.replaceFirst("\"" + key + "\": *[^,}\\n]+", "\"" + key + "\": " + value);
        assertTrue(!patched.equals(json) || json.contains("\"" + key + "\": " + value), "key " + key + " not patched");
        Files.writeString(dir.resolve("config.json"), patched);
        return dir;
    }

    private void refused(String key, String value, String... fragments) throws IOException {
        Path dir = mutated(key, value);
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(dir, DType.F32));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should mention '" + f + "'");
    }

    @Test
    void hugeSizesAreRefusedBeforeAllocating() throws IOException {
        refused("num_layers", "2147483647", "config.json", "num_layers 2147483647 exceeds the limit of 64");
        refused("hidden_size", "100000000", "config.json", "hidden_size 100000000 exceeds the limit of 65536");
        refused("input_size", "2000000000", "config.json", "input_size 2000000000 exceeds the limit of 65536");
        refused("output_size", "65537", "config.json", "output_size 65537 exceeds");
        Path dir = Files.createDirectories(tmp.resolve("big"));
        Files.writeString(dir.resolve("config.json"), "{\"cell\":\"lstm\",\"input_size\":65536,\"hidden_size\":65536,\"output_size\":10}");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.load(dir, DType.F32));
        assertEquals(dir.resolve("config.json") + ": the model would have 34360918026 parameters, more than the limit of 268435456", e.getMessage());
    }

    @Test
    void sizesThatDisagreeWithTheWeightsAreRefusedFromTheHeader() throws IOException {
        // 40 layers of hidden 30000 would allocate ~ 2e11 parameters; refused by the cap, and 30000 x 1 layer by the header
        refused("hidden_size", "30000", "model.safetensors", "tensor \"lstm.weight_ih_l0\" has shape [32, 4]", "needs [120000, 4]");
        refused("num_layers", "64", "model.safetensors", "missing tensor \"lstm.weight_ih_l2\"");
        refused("num_layers", "1", "model.safetensors", "unknown tensor \"lstm.", "_l1\"");
    }
}
