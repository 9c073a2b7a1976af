package carousel.speech.am;

import carousel.io.Json;
import carousel.io.FormatException;
import carousel.model.ModelConfig;
import carousel.model.ModelFiles;
import carousel.model.SequenceModel;
import carousel.speech.feature.FeatureMatrix;
import carousel.tensor.DType;
import carousel.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * A trained acoustic model: the network ({@code config.json} + {@code model.safetensors}) and its
 * {@link AmConfig} ({@code am.json}). Maps an utterance's features to network inputs (through its
 * feature pipeline: global normalisation, frame stacking) and the network's outputs to per-frame log posteriors, undoing the
 * output delay: the input is padded with {@code delay} copies of its last frame and output t + delay
 * is frame t's.
 */
public final class AcousticModel {
    public static final String AM_FILE = "am.json";
    private final SequenceModel model;
    private final AmConfig am;

    public AcousticModel(SequenceModel model, AmConfig am) {
        if (model.config().inputSize() != am.inputSize())
            throw new IllegalArgumentException("the network reads " + model.config().inputSize() + " inputs but the features give " + am.inputSize());
        if (model.config().outputSize() != am.numClasses())
            throw new IllegalArgumentException("the network has " + model.config().outputSize() + " outputs but targets " + am.targetsName() + " need " + am.numClasses());
        this.model = model;
        this.am = am;
    }

    public SequenceModel network() { return model; }
    public AmConfig config() { return am; }

    public static AcousticModel load(Path dir) throws IOException {
        Path f = dir.resolve(AM_FILE);
        if (!Files.isRegularFile(f)) throw new NoSuchFileException(f.toString(), null, "an acoustic model directory needs " + AM_FILE);
        AmConfig am = AmConfig.fromJson(Json.readObject(f), f.toString());
        ModelConfig net = ModelFiles.readConfig(dir);
        // the two files must agree before the network is allocated
        if (net.inputSize() != am.inputSize() || net.outputSize() != am.numClasses())
            throw new FormatException(f.toString(), "features of " + am.inputSize() + " inputs and " + am.numClasses() + " targets ("
                    + am.targetsName() + ") do not fit the network of " + ModelFiles.CONFIG + " (input_size " + net.inputSize()
                    + ", output_size " + net.outputSize() + ")");
        return new AcousticModel(ModelFiles.load(dir, DType.F32), am);
    }

    public void save(Path dir, Map<String, String> metadata) throws IOException {
        ModelFiles.save(dir, model, metadata);
        if (am.tying() != null) am.tying().write(dir.resolve(AmConfig.TREE_FILE));
        Path tmp = Files.createTempFile(dir, AM_FILE, ".part");
        Json.write(tmp, am.toJson());
        Files.move(tmp, dir.resolve(AM_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Network input (T, I) row-major for features (T, D): the pipeline's global normalisation and splicing ({@link carousel.speech.feature.FeaturePipeline#inputs}). */
    public static float[] inputs(FeatureMatrix features, AmConfig am) {
        return am.features().inputs(features).data();
    }

    /** Frame targets delayed by {@code delay}: the label of frame t is expected at output t + delay; the first outputs have none (−1). */
    public static int[] delayed(int[] targets, int delay) {
        int[] out = new int[targets.length];
        for (int t = 0; t < out.length; t++) out[t] = t >= delay ? targets[t - delay] : -1;
        return out;
    }

    /**
     * Log posteriors (T, C) of the targets' C classes for one utterance, frame-aligned (the delay undone):
     * what the decoders search. For tied states, each row is collapsed to the context-independent states
     * ({@link carousel.speech.tree.ContextTree#collapse}: the context marginalised out).
     */
    public float[][] logPosteriors(FeatureMatrix raw) {
        float[][] out = networkLogPosteriors(raw);
        if (am.tying() != null) for (int t = 0; t < out.length; t++) out[t] = am.tying().collapse(out[t]);
        return out;
    }

    /** Log posteriors (T, N) of the network's N outputs (tied states when tied), frame-aligned. */
    public float[][] networkLogPosteriors(FeatureMatrix raw) {
        int T = raw.numFrames(), I = am.inputSize(), C = am.numClasses(), k = am.delay();
        float[] x = inputs(raw, am);
        float[] padded = new float[(T + k) * I];
        System.arraycopy(x, 0, padded, 0, T * I);
        for (int t = T; t < T + k; t++) System.arraycopy(x, (T - 1) * I, padded, t * I, I);
        Tensor y = model.forward(model.newCache(), Tensor.wrap(padded, T + k, 1, I), T + k, 1, null, null);
        float[][] out = new float[T][C];
        for (int t = 0; t < T; t++) {
            int o = (t + k) * C;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < C; c++) max = Math.max(max, y.f[o + c]);
            double sum = 0;
            for (int c = 0; c < C; c++) sum += Math.exp(y.f[o + c] - max);
            double logZ = max + Math.log(sum);
            for (int c = 0; c < C; c++) out[t][c] = (float) (y.f[o + c] - logZ);
        }
        return out;
    }
}
