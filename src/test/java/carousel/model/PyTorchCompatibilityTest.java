package carousel.model;

import carousel.io.Npy;
import carousel.io.NpyArray;
import carousel.tensor.DType;
import carousel.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State dicts saved from torch.nn.LSTM + torch.nn.Linear (fixtures made by tools/make-torch-fixtures.py
 * with Debian's python3-torch) load and give PyTorch's outputs within 1e-4.
 */
class PyTorchCompatibilityTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/torch");

    @ParameterizedTest
    @ValueSource(strings = {"lstm-1layer", "lstm-2layer", "lstmp-2layer", "bilstm-2layer", "bilstmp-1layer"})
    void loadsAndMatchesPyTorch(String name) throws IOException {
        Path dir = FIXTURES.resolve(name);
        NpyArray in = Npy.readFloat(dir.resolve("input.npy")), expected = Npy.readFloat(dir.resolve("output.npy"));
        for (DType dtype : DType.values()) {
            SequenceModel model = ModelFiles.load(dir, dtype);
            int T = in.dim(0), B = in.dim(1);
            Tensor x = Tensor.wrap(in.data().clone(), in.shape()).to(dtype);
            Tensor y = model.forward(model.newCache(), x, T, B, null, null);
            assertClose(expected.data(), y, name + " " + dtype);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm-1layer", "lstmp-2layer"})
    void initialStatesInPyTorchLayout(String name) throws IOException {
        Path dir = FIXTURES.resolve(name);
        NpyArray in = Npy.readFloat(dir.resolve("input.npy")), expected = Npy.readFloat(dir.resolve("output_h0c0.npy"));
        NpyArray h0 = Npy.readFloat(dir.resolve("h0.npy")), c0 = Npy.readFloat(dir.resolve("c0.npy"));
        SequenceModel model = ModelFiles.load(dir, DType.F32);
        int T = in.dim(0), B = in.dim(1);
        Tensor[][] init = TorchStates.fromTorch(model, Tensor.wrap(h0.data(), h0.shape()), Tensor.wrap(c0.data(), c0.shape()));
        Tensor y = model.forward(model.newCache(), Tensor.wrap(in.data().clone(), in.shape()), T, B, null, init);
        assertClose(expected.data(), y, name + " with h0/c0");
    }

    @Test
    void saveThenLoadGivesTheSameModel(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        SequenceModel a = ModelFiles.load(FIXTURES.resolve("bilstmp-1layer"), DType.F32);
        ModelFiles.save(tmp.resolve("m"), a, java.util.Map.of("source", "test"));
        SequenceModel b = ModelFiles.load(tmp.resolve("m"), DType.F32);
        assertEquals(a.config(), b.config());
        for (String n : a.params().keySet())
            assertTrue(java.util.Arrays.equals(a.params().get(n).value().f, b.params().get(n).value().f), n);
        try (var files = Files.list(tmp.resolve("m"))) {
            assertEquals(2, files.count(), "no temporary files may be left behind");
        }
    }

    static void assertClose(float[] expected, Tensor got, String what) {
        assertEquals(expected.length, got.size(), what + ": output size");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - got.get(i)));
        assertTrue(worst <= 1e-4, what + ": max abs difference " + worst);
    }
}
