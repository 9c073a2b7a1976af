package carousel.train;

import carousel.layer.Param;
import carousel.loss.LossResult;
import carousel.loss.MeanSquaredError;
import carousel.loss.SoftmaxCrossEntropy;
import carousel.model.SequenceModel;
import carousel.tensor.Products;
import carousel.tensor.Tensor;

import java.util.Collection;

/**
 * One training step of a {@link SequenceModel} by backpropagation through time: zero gradients,
 * forward, loss, backward, non-finite check, clipping, optimizer update. Full BPTT when a batch
 * holds whole sequences; truncated BPTT when {@link TruncatedBptt} feeds chunks with carried state.
 *
 * <p>A NaN or infinite loss or gradient throws {@link NonFiniteException} <em>before</em> the
 * update, so the weights (and any checkpoint written from them) stay the last good ones.
 */
public final class Trainer {
    /** What to clip; zero turns a clip off. */
    public record Clipping(double globalNorm, double value) {
        public static final Clipping NONE = new Clipping(0, 0);
    }

    private final SequenceModel model;
    private final SequenceModel.Cache cache;
    private final Optimizer optimizer;
    private final LearningRate learningRate;
    private final Clipping clipping;
    private final SoftmaxCrossEntropy xent = new SoftmaxCrossEntropy();
    private final MeanSquaredError mse = new MeanSquaredError();
    private Tensor dLogits;
    private double lastGradNorm;

    public Trainer(SequenceModel model, Optimizer optimizer, LearningRate learningRate, Clipping clipping) {
        this(model, optimizer, learningRate, clipping, Products.F32);
    }

    /**
     * A trainer whose whole-chunk products (input products, output layer, dx, weight gradients) run in
     * precision {@code products} ({@link Products}: BF16 rounds their operands to bfloat16); its
     * {@link #evaluate} runs on the same working memory, so in the same precision.
     */
    public Trainer(SequenceModel model, Optimizer optimizer, LearningRate learningRate, Clipping clipping, Products products) {
        this.model = model;
        this.cache = model.newCache(products);
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.clipping = clipping;
    }

    public SequenceModel model() { return model; }
    /** The trainer's own working memory on the model: its last step's activations and final states. */
    public SequenceModel.Cache cache() { return cache; }
    public Optimizer optimizer() { return optimizer; }
    public LearningRate learningRate() { return learningRate; }
    public double lastGradientNorm() { return lastGradNorm; }

    /** Loss of the model on a batch, without any update. */
    public LossResult evaluate(Batch b, Tensor[][] initial) {
        Tensor logits = model.forward(cache, b.x(), b.steps(), b.batch(), b.lengths(), initial);
        return loss(b, logits, null);
    }

    private LossResult loss(Batch b, Tensor logits, Tensor d) {
        int O = model.config().outputSize();
        return b.classTargets() != null
                ? xent.compute(model.ops(), logits, b.steps(), b.batch(), O, b.classTargets(), b.lengths(), b.frames(), d)
                : mse.compute(logits, b.valueTargets(), b.steps(), b.batch(), O, b.lengths(), b.frames(), d);
    }

    /** Forward, backward and update on one batch; {@code initial} is each layer's initial state or null. */
    public LossResult step(Batch b, Tensor[][] initial) {
        model.zeroGrad();
        Tensor logits = model.forward(cache, b.x(), b.steps(), b.batch(), b.lengths(), initial);
        if (dLogits == null || dLogits.size() != logits.size()) dLogits = model.ops().zeros(logits.shape);
        LossResult r = loss(b, logits, dLogits);
        if (!Double.isFinite(r.loss()))
            throw new NonFiniteException("loss is " + r.loss() + " at update " + (optimizer.steps() + 1) + "; weights left as they were after update " + optimizer.steps());
        model.backward(cache, dLogits, null, null, null);
        update();
        return r;
    }

    /**
     * The update half of {@link #step}: non-finite check, clipping and one optimizer step on the
     * gradients already accumulated in the model's parameters, wherever they came from (a backward
     * pass here, or gradients averaged over machines by a distributed trainer).
     */
    public void update() {
        Collection<Param> params = model.params().values();
        // one pass over the gradients: a finite norm proves them all finite; otherwise name the first bad one
        lastGradNorm = GradientClipping.globalNorm(params);
        if (!Double.isFinite(lastGradNorm)) {
            String bad = GradientClipping.firstNonFinite(params);
            throw new NonFiniteException((bad != null ? "gradient of " + bad + " holds NaN or Inf" : "gradient norm is " + lastGradNorm)
                    + " at update " + (optimizer.steps() + 1) + "; weights left as they were after update " + optimizer.steps());
        }
        GradientClipping.clipByValue(params, clipping.value());
        GradientClipping.clipByGlobalNorm(params, clipping.globalNorm(), lastGradNorm);
        optimizer.step(params, learningRate.rate());
    }

    /** Thrown when training meets NaN or Inf; the model's weights are those of the last good update. */
    public static final class NonFiniteException extends RuntimeException {
        public NonFiniteException(String message) { super(message); }
    }
}
