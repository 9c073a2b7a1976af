package carousel.cli;

import carousel.io.FormatException;
import carousel.io.Npy;
import carousel.io.NpyArray;
import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.model.TorchStates;
import carousel.tensor.DType;
import carousel.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code carousel forward}: runs a model directory on a (T, B, input_size) .npy array. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Runs a model (a directory with config.json and model.safetensors) on a float32 .npy array of shape",
                "(T, B, input_size) and writes the output layer's values (logits) as (T, B, output_size) float32 .npy.",
                "Example: carousel forward --model my-model --input x.npy --output y.npy"})
public final class ForwardCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory.")
    Path model;

    @Option(names = "--input", required = true, description = "Input .npy, float32 (T, B, input_size).")
    Path input;

    @Option(names = "--output", required = true, description = "Output .npy to write, (T, B, output_size).")
    Path output;

    @Option(names = "--h0", description = "Initial hidden state .npy in PyTorch's layout (num_layers*directions, B, R).")
    Path h0;

    @Option(names = "--c0", description = "Initial cell state .npy (num_layers*directions, B, hidden_size); LSTM only.")
    Path c0;

    @Override
    public Integer call() throws Exception {
        SequenceModel m = ModelFiles.load(model, DType.F32);
        NpyArray x = Npy.readFloat(input);
        int I = m.config().inputSize();
        if (x.rank() != 3 || x.dim(2) != I)
            throw new IllegalArgumentException(input + ": input must be (T, B, " + I + ") for this model, got shape " + java.util.Arrays.toString(x.shape()));
        requireFinite(x, input);
        Tensor[][] init = null;
        if (h0 != null || c0 != null) {
            if (h0 == null) throw new IllegalArgumentException("--c0 needs --h0 too");
            NpyArray h = Npy.readFloat(h0);
            requireFinite(h, h0);
            NpyArray c = c0 == null ? null : Npy.readFloat(c0);
            if (c != null) requireFinite(c, c0);
            try {
                init = TorchStates.fromTorch(m, Tensor.wrap(h.data(), h.shape()), c == null ? null : Tensor.wrap(c.data(), c.shape()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(h0 + (c0 != null ? " / " + c0 : "") + ": " + e.getMessage());
            }
            if (init[0][0].dim(0) != x.dim(1)) throw new IllegalArgumentException(h0 + ": batch " + init[0][0].dim(0) + " differs from the input's " + x.dim(1));
        }
        Tensor y = m.forward(m.newCache(), Tensor.wrap(x.data(), x.shape()), x.dim(0), x.dim(1), null, init);
        Npy.write(output, new NpyArray(y.shape, y.f.clone()));
        System.err.printf("wrote %s: (%d, %d, %d)%n", output, y.dim(0), y.dim(1), y.dim(2));
        return 0;
    }

    /** A NaN or infinity would spread to every later frame: refused, naming the first one as (frame, batch, feature). */
    static void requireFinite(NpyArray a, Path file) throws FormatException {
        float[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            if (Float.isFinite(d[i])) continue;
            int[] s = a.shape();
            int[] at = new int[s.length];
            for (int k = s.length - 1, r = i; k >= 0; k--) { at[k] = r % s[k]; r /= s[k]; }
            String where = s.length == 3 ? "frame " + at[0] + ", batch " + at[1] + ", feature " + at[2] : "index " + java.util.Arrays.toString(at);
            throw new FormatException(file.toString(), "non-finite value " + d[i] + " at " + where + " (the first one)");
        }
    }
}
