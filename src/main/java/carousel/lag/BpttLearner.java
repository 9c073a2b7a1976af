package carousel.lag;

import carousel.layer.Lstm;
import carousel.layer.Param;
import carousel.loss.LossResult;
import carousel.loss.MeanSquaredError;
import carousel.loss.SoftmaxCrossEntropy;
import carousel.model.ModelConfig;
import carousel.model.SequenceModel;
import carousel.tensor.Activation;
import carousel.tensor.DType;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;
import carousel.train.Adam;
import carousel.train.Batch;
import carousel.train.Checkpoint;
import carousel.io.SafeTensors;
import carousel.model.ModelFiles;
import carousel.train.GradientClipping;
import carousel.train.Optimizer;
import carousel.train.Sgd;
import carousel.train.Trainer;

import java.util.Collection;
import java.util.Locale;

/**
 * The methods {@code lstm} and {@code rnn}: a one-layer {@link SequenceModel} (LSTM with forget gate,
 * or tanh RNN) and a linear output layer, trained by full backpropagation through time, one update
 * per batch: zero gradients, forward, loss, backward, non-finite check, clipping, optimizer step.
 *
 * <p>Output units and loss follow the {@link Preset}:
 * <ul>
 *   <li>modern: softmax cross-entropy (mean over target frames) for class targets, activations =
 *   softmax probabilities; mean squared error for value targets, activations = the linear outputs.</li>
 *   <li>paper: logistic output units y = σ(z), loss ½Σ(y − t)² summed over target frames and outputs
 *   (t one-hot for class targets), dz = (y − t)·y(1 − y); activations = y.</li>
 * </ul>
 * Initialisation: modern, every weight uniform in ±1/√H and the forget-gate bias +2; paper,
 * every weight (output layer included) uniform in the paper's range, then the paper's per-block
 * input- and output-gate biases, forget-gate biases from the paper where it has them (Gers 2000)
 * and else +5, which Gers et al. found to learn as fast as the 1997 cell (papers.md Sec. 2.1 [S]),
 * and the 1997 squashing functions g ∈ [−2, 2], h ∈ [−1, 1] (Hochreiter &amp; Schmidhuber 1997,
 * Appendix eqs. 4–5). The 1997 architectures (gates without forget gate, outputs fed by cells only,
 * unbiased units, no output gate in 2a) are not reproduced: that is the {@code lstm1997} method.
 *
 * <p>Continual streams: every stream's recurrent state is carried from one chunk to the next
 * (truncated BPTT at chunk boundaries), with separate states for training and prediction.
 */
public final class BpttLearner implements Learner {
    /** Forget-gate bias of the paper preset when the paper has no forget gate. */
    public static final double PAPER_FORGET_BIAS = 5.0;

    private final SequenceModel model;
    private final Optimizer optimizer;
    private final Preset preset;
    private final String description;
    private final SoftmaxCrossEntropy xent = new SoftmaxCrossEntropy();
    private final MeanSquaredError mse = new MeanSquaredError();
    private Tensor dLogits, outputs;
    private Tensor[][] trainState, predictState;
    private final SequenceModel.Cache trainCache, predictCache;   // training steps and predictions each keep their own activations

    public BpttLearner(LagTask task, String cell, Preset preset, Rng rng) {
        this.preset = preset;
        int H = preset.hidden(), I = task.inputSize(), O = task.outputSize();
        PaperSetup paper = task.paper();
        boolean isPaper = preset.kind() == Preset.Kind.PAPER;
        boolean lstm = switch (cell) {
            case "lstm" -> true;
            case "rnn" -> false;
            default -> throw new IllegalArgumentException("BPTT learner cell must be lstm or rnn, got " + cell);
        };
        ModelConfig config = !lstm ? ModelConfig.rnn(I, H, 1, Activation.TANH, false, O)
                : isPaper
                ? ModelConfig.lstm(I, H, 1, 0, false, O).withLstmOptions(true, false, Activation.SIGMOID, Activation.SIGMOID4, Activation.SIGMOID2, 0f, 0)
                : ModelConfig.lstm(I, H, 1, 0, false, O);
        model = new SequenceModel(config, DType.F32);
        trainCache = model.newCache();
        predictCache = model.newCache();
        double range = preset.initRangeFor(H);
        String init;
        if (!isPaper) {
            model.initialize(rng, range, lstm ? new double[]{0, preset.forgetBias(), 0, 0} : null);
            init = String.format(Locale.ROOT, "init ±%.3g%s", range, lstm ? ", forget-gate bias " + (preset.forgetBias() >= 0 ? "+" : "") + Preset.number(preset.forgetBias()) : "");
        } else {
            model.initialize(rng, range, null);
            model.output().initialize(rng, range);
            init = String.format(Locale.ROOT, "init ±%s", range);
            if (lstm) init += paperGateBiases((Lstm) model.layers().get(0), paper);
        }
        optimizer = isPaper ? new Sgd(0, 0) : new Adam();
        description = String.format(Locale.ROOT, "%s %d %s, %,d weights, full BPTT, %s lr %s, batch %d%s, %s, %s outputs",
                cell.toUpperCase(Locale.ROOT), H, lstm ? "cells (forget gate" + (isPaper ? ", g in [-2,2], h in [-1,1])" : ")") : "tanh units",
                model.parameterCount(), isPaper ? "SGD" : "Adam", Preset.number(preset.learningRate()), preset.batchSize(),
                preset.clipNorm() > 0 ? ", clip " + preset.clipNorm() : "", init,
                isPaper ? "sigmoid/squared-error" : "softmax/linear");
    }

    /**
     * Sets the paper's per-block gate biases on cells block by block (cells of block j are
     * j·S … (j+1)·S − 1 when the paper's blocks have S cells each; extra cells repeat the last
     * block's value). Returns a note for the description.
     */
    private static String paperGateBiases(Lstm lstm, PaperSetup paper) {
        int H = lstm.config().hiddenSize();
        double[] forget = paper.forgetGateBias();
        StringBuilder note = new StringBuilder();
        setGate(lstm, 0, H, paper.inputGateBias(), paper.cellsPerBlock());
        setGate(lstm, 1, H, forget, paper.cellsPerBlock());
        if (forget == null) {
            for (int j = 0; j < H; j++) { lstm.biasIh.value().set(H + j, PAPER_FORGET_BIAS); lstm.biasHh.value().set(H + j, 0); }
            note.append(", forget-gate bias +").append(PAPER_FORGET_BIAS);
        }
        setGate(lstm, 3, H, paper.outputGateBias(), paper.cellsPerBlock());
        if (paper.inputGateBias() != null || paper.outputGateBias() != null || forget != null) note.append(", the paper's gate biases");
        return note.toString();
    }

    private static void setGate(Lstm lstm, int gate, int H, double[] perBlock, int cellsPerBlock) {
        if (perBlock == null) return;
        for (int j = 0; j < H; j++) {
            int block = Math.min(j / cellsPerBlock, perBlock.length - 1);
            lstm.biasIh.value().set(gate * H + j, perBlock[block]);
            lstm.biasHh.value().set(gate * H + j, 0);
        }
    }

    public SequenceModel model() { return model; }

    @Override public LossResult train(Batch batch) { return step(batch, null); }
    @Override public Tensor lastOutputs() { return outputs; }

    @Override
    public Tensor predict(Batch batch) {
        Tensor logits = model.forward(predictCache, batch.x(), batch.steps(), batch.batch(), batch.lengths(), null);
        return activations(batch, logits);
    }

    @Override public long weightCount() { return model.parameterCount(); }
    @Override public String describe() { return description; }

    /** The model (config.json, model.safetensors) and the optimizer's state, as a training checkpoint holds them. */
    @Override
    public void writeState(java.nio.file.Path dir) throws java.io.IOException {
        ModelFiles.save(dir, model, java.util.Map.of("format", "carousel-checkpoint", "updates", Long.toString(optimizer.steps())));
        Checkpoint.writeOptimizer(dir, optimizer);
    }

    @Override
    public void readState(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path wf = dir.resolve(ModelFiles.WEIGHTS);
        if (!ModelFiles.readConfig(dir).equals(model.config()))
            throw new carousel.io.FormatException(dir.resolve(ModelFiles.CONFIG).toString(), "describes a different model than this trial's");
        ModelFiles.loadWeights(model, SafeTensors.read(wf), wf.toString());
        Checkpoint.readOptimizer(dir, optimizer);
    }

    @Override
    public LossResult trainStream(Batch chunk, boolean[] reset) {
        trainState = carried(trainState, chunk.batch(), reset);
        LossResult r = step(chunk, trainState);
        keepFinal(trainCache, trainState);
        return r;
    }

    @Override
    public Tensor predictStream(Batch chunk, boolean[] reset) {
        predictState = carried(predictState, chunk.batch(), reset);
        Tensor logits = model.forward(predictCache, chunk.x(), chunk.steps(), chunk.batch(), chunk.lengths(), predictState);
        Tensor out = activations(chunk, logits);
        keepFinal(predictCache, predictState);
        return out;
    }

    /** The state to start a chunk from: the carried one, with reset streams zeroed (all zero when B changed). */
    private Tensor[][] carried(Tensor[][] state, int B, boolean[] reset) {
        if (state == null || state[0][0].dim(0) != B) return model.zeroStates(B);
        for (int b = 0; b < B; b++)
            if (reset[b])
                for (Tensor[] layer : state)
                    for (Tensor part : layer) {
                        int width = part.dim(1);
                        for (int j = 0; j < width; j++) part.set(b * width + j, 0);
                    }
        return state;
    }

    private void keepFinal(SequenceModel.Cache cache, Tensor[][] state) {
        Tensor[][] fin = model.finalStates(cache);
        for (int l = 0; l < state.length; l++)
            for (int p = 0; p < state[l].length; p++) state[l][p].copyFrom(fin[l][p]);
    }

    private LossResult step(Batch b, Tensor[][] initial) {
        Collection<Param> params = model.params().values();
        model.zeroGrad();
        Tensor logits = model.forward(trainCache, b.x(), b.steps(), b.batch(), b.lengths(), initial);
        if (dLogits == null || dLogits.size() != logits.size()) dLogits = Tensor.f32(logits.shape);
        LossResult r = loss(b, logits, dLogits);
        activations(b, logits);
        long update = optimizer.steps() + 1;
        if (!Double.isFinite(r.loss()))
            throw new Trainer.NonFiniteException("loss is " + r.loss() + " at update " + update + "; weights left as they were after update " + optimizer.steps());
        model.backward(trainCache, dLogits, null, null, null);
        String bad = GradientClipping.firstNonFinite(params);
        if (bad != null)
            throw new Trainer.NonFiniteException("gradient of " + bad + " holds NaN or Inf at update " + update + "; weights left as they were after update " + optimizer.steps());
        if (preset.clipNorm() > 0) GradientClipping.clipByGlobalNorm(params, preset.clipNorm(), GradientClipping.globalNorm(params));
        optimizer.step(params, preset.learningRate());
        return r;
    }

    private LossResult loss(Batch b, Tensor logits, Tensor d) {
        int T = b.steps(), B = b.batch(), O = model.config().outputSize();
        if (preset.kind() == Preset.Kind.MODERN)
            return b.classTargets() != null
                    ? xent.compute(model.ops(), logits, T, B, O, b.classTargets(), b.lengths(), b.frames(), d)
                    : mse.compute(logits, b.valueTargets(), T, B, O, b.lengths(), b.frames(), d);
        // paper: y = σ(z), E = ½ Σ (y − t)² over target frames and outputs, dz = (y − t) y (1 − y)
        d.zero();
        double sum = 0;
        long frames = 0, correct = 0;
        for (int t = 0; t < T; t++)
            for (int s = 0; s < B; s++) {
                if (!hasTarget(b, t, s)) continue;
                int row = (t * B + s) * O;
                boolean ok = true;
                for (int k = 0; k < O; k++) {
                    double y = Activation.sigmoid(logits.f[row + k]);
                    double e = y - target(b, t, s, k, O);
                    sum += 0.5 * e * e;
                    d.f[row + k] = (float) (e * y * (1 - y));
                    if (Math.abs(e) >= 0.5) ok = false;
                }
                frames++;
                if (ok) correct++;
            }
        return new LossResult(frames == 0 ? 0 : sum / frames, frames, correct);
    }

    private static boolean hasTarget(Batch b, int t, int s) {
        int len = b.lengths() == null ? b.steps() : b.lengths()[s];
        if (t >= len) return false;
        if (b.frames() == carousel.loss.Frames.LAST && t != len - 1) return false;
        return b.classTargets() == null || b.classTargets()[t * b.batch() + s] >= 0;
    }

    private static double target(Batch b, int t, int s, int k, int O) {
        if (b.classTargets() != null) return b.classTargets()[t * b.batch() + s] == k ? 1 : 0;
        return b.valueTargets().get((t * b.batch() + s) * O + k);
    }

    /** Fills the outputs buffer with the activations of the logits (T, B, O) and returns it. */
    private Tensor activations(Batch b, Tensor logits) {
        if (outputs == null || outputs.size() != logits.size()) outputs = Tensor.f32(logits.shape);
        int O = model.config().outputSize(), rows = logits.size() / O;
        float[] z = logits.f, y = outputs.f;
        if (preset.kind() == Preset.Kind.PAPER) {
            for (int i = 0; i < z.length; i++) y[i] = (float) Activation.sigmoid(z[i]);
        } else if (b.classTargets() == null) {
            System.arraycopy(z, 0, y, 0, z.length);
        } else {
            for (int r = 0; r < rows; r++) {
                int o = r * O;
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int k = 0; k < O; k++) max = Math.max(max, z[o + k]);
                for (int k = 0; k < O; k++) sum += Math.exp(z[o + k] - max);
                for (int k = 0; k < O; k++) y[o + k] = (float) (Math.exp(z[o + k] - max) / sum);
            }
        }
        return outputs;
    }
}
