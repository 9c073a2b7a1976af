package carousel.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Checks that the PyTorch reference models made by tools/make-torch-fixtures.py parse with
 * Carousel's readers and hold exactly the tensors and shapes their config.json implies, named as
 * torch.nn.LSTM names them. (The numbers themselves are checked by the model loader's tests.)
 */
class TorchFixturesTest {

    private static final int T = 7;
    private static final int B = 3;

    /** Fixture directory name → whether it carries h0.npy, c0.npy and output_h0c0.npy. */
    private static final Map<String, Boolean> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("lstm-1layer", true);
        MODELS.put("lstm-2layer", false);
        MODELS.put("lstmp-2layer", true);
        MODELS.put("bilstm-2layer", false);
        MODELS.put("bilstmp-1layer", false);
    }

    /** The configuration keys, with torch.nn.LSTM's meanings. */
    private record Config(int input, int hidden, int layers, int proj, boolean bidirectional, int output) {

        int directions() {
            return bidirectional ? 2 : 1;
        }

        /** Size of each direction's output h: the projection size, or the hidden size without one. */
        int recurrent() {
            return proj > 0 ? proj : hidden;
        }
    }

    private static Config readConfig(Path file) throws Exception {
        Map<String, Object> c = Json.readObject(file);
        String src = file.toString();
        Json.requireOnlyKeys(c, src, "cell", "input_size", "hidden_size", "num_layers", "proj_size", "bidirectional",
                "output_size");
        assertEquals("lstm", Json.getString(c, "cell", src));
        return new Config(Json.getInt(c, "input_size", src), Json.getInt(c, "hidden_size", src),
                Json.getInt(c, "num_layers", src), Json.getInt(c, "proj_size", src),
                Json.getBoolean(c, "bidirectional", src), Json.getInt(c, "output_size", src));
    }

    /** Every tensor name torch.nn.LSTM + nn.Linear put in the state_dict, with its shape. */
    private static Map<String, int[]> expectedTensors(Config c) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int k = 0; k < c.layers(); k++) {
            int in = k == 0 ? c.input() : c.directions() * c.recurrent();
            for (String suffix : c.bidirectional() ? new String[] {"", "_reverse"} : new String[] {""}) {
                shapes.put("lstm.weight_ih_l" + k + suffix, new int[] {4 * c.hidden(), in});
                shapes.put("lstm.weight_hh_l" + k + suffix, new int[] {4 * c.hidden(), c.recurrent()});
                shapes.put("lstm.bias_ih_l" + k + suffix, new int[] {4 * c.hidden()});
                shapes.put("lstm.bias_hh_l" + k + suffix, new int[] {4 * c.hidden()});
                if (c.proj() > 0) {
                    shapes.put("lstm.weight_hr_l" + k + suffix, new int[] {c.proj(), c.hidden()});
                }
            }
        }
        shapes.put("output.weight", new int[] {c.output(), c.directions() * c.recurrent()});
        shapes.put("output.bias", new int[] {c.output()});
        return shapes;
    }

    private static void assertNpy(Path file, int... shape) throws Exception {
        NpyArray a = Npy.readFloat(file);
        assertArrayEquals(shape, a.shape(), file.toString());
        assertEquals("<f4", Npy.readHeader(file).descr(), file.toString());
        for (float v : a.data()) {
            assertTrue(Float.isFinite(v), file + " holds a non-finite value");
        }
    }

    @Test
    void everyModelHasTheTensorsAndArraysItsConfigImplies() throws Exception {
        for (Map.Entry<String, Boolean> model : MODELS.entrySet()) {
            Path dir = Fixtures.path("fixtures/torch/" + model.getKey() + "/config.json").getParent();
            Config c = readConfig(dir.resolve("config.json"));
            SafeTensorsFile weights = SafeTensors.read(dir.resolve("model.safetensors"));
            Map<String, int[]> expected = expectedTensors(c);
            assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(weights.tensors().keySet()),
                    model.getKey() + ": tensor names");
            for (Map.Entry<String, int[]> e : expected.entrySet()) {
                SafeTensor t = weights.require(e.getKey(), e.getValue());
                assertEquals(SafeTensorDType.F32, t.dtype(), e.getKey());
            }
            assertEquals("pt", weights.metadata().get("format"));
            assertTrue(weights.metadata().containsKey("seed"), "provenance: seed recorded");

            assertNpy(dir.resolve("input.npy"), T, B, c.input());
            assertNpy(dir.resolve("output.npy"), T, B, c.output());
            boolean hasInitialState = model.getValue();
            assertEquals(hasInitialState, Files.exists(dir.resolve("h0.npy")), model.getKey() + ": h0.npy");
            if (hasInitialState) {
                int states = c.layers() * c.directions();
                assertNpy(dir.resolve("h0.npy"), states, B, c.recurrent());
                assertNpy(dir.resolve("c0.npy"), states, B, c.hidden());
                assertNpy(dir.resolve("output_h0c0.npy"), T, B, c.output());
            }
        }
    }

    @Test
    void theConfigsCoverTheRequestedArchitectures() throws Exception {
        assertEquals(new Config(5, 7, 1, 0, false, 3), readConfig(Fixtures.path("fixtures/torch/lstm-1layer/config.json")));
        assertEquals(new Config(5, 6, 2, 0, false, 4), readConfig(Fixtures.path("fixtures/torch/lstm-2layer/config.json")));
        assertEquals(new Config(4, 8, 2, 3, false, 5), readConfig(Fixtures.path("fixtures/torch/lstmp-2layer/config.json")));
        assertEquals(new Config(5, 6, 2, 0, true, 4), readConfig(Fixtures.path("fixtures/torch/bilstm-2layer/config.json")));
        assertEquals(new Config(4, 8, 1, 3, true, 3), readConfig(Fixtures.path("fixtures/torch/bilstmp-1layer/config.json")));
    }

    @Test
    void carouselWritesTheSameSafetensorsBytesAsTheFixtureScript() throws Exception {
        for (String model : MODELS.keySet()) {
            Path file = Fixtures.path("fixtures/torch/" + model + "/model.safetensors");
            SafeTensorsFile f = SafeTensors.read(file);
            assertArrayEquals(Files.readAllBytes(file), SafeTensors.toBytes(f.tensors(), f.metadata()), model);
        }
    }
}
