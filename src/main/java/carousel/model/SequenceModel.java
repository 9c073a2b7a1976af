package carousel.model;

import carousel.layer.Bidirectional;
import carousel.layer.Dense;
import carousel.layer.Linear;
import carousel.layer.Lstm;
import carousel.layer.Param;
import carousel.layer.Rnn;
import carousel.layer.SequenceLayer;
import carousel.tensor.DType;
import carousel.tensor.Ops;
import carousel.tensor.Products;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack of recurrent layers and a linear output layer, the model of {@link ModelConfig}:
 * x (T, B, I) → layer 0 → … → layer L−1 → output → logits (T, B, O). Parameter names are
 * PyTorch's ({@code lstm.weight_ih_l0}, {@code lstm.weight_hh_l1_reverse}, {@code output.weight}).
 *
 * <p>Weights apart from state (as mukel/llama3.java keeps its {@code Llama} weights apart from its
 * {@code State}): the model holds its configuration and parameters (values and gradients) and
 * nothing that a forward pass writes. Each caller owns a {@link Cache} ({@link #newCache}): the
 * activations backward needs, the logits, the backward buffers and the final states of its last
 * forward. So dev evaluation, streams, truncated BPTT and Spark workers each keep their own, and
 * threads may run forward on one model at once, each with its own cache (training still updates the
 * shared weights and gradients from one thread). Recurrent state is passed in and read out explicitly.
 */
public final class SequenceModel {
    private final ModelConfig config;
    private final Ops ops;
    private final List<SequenceLayer> layers = new ArrayList<>();
    private final Linear output;
    private final Map<String, Param> params = new LinkedHashMap<>();

    /**
     * One caller's working memory for a model: each layer's cache (the activations its backward
     * needs, its final state), the top layer's output (T, B, L·D), the logits (T, B, O) and the
     * backward buffers dTop (T, B, L·D) and each layer's dInput (T, B, its input width). Reallocated
     * only when (T, B) changes, so a training loop does not allocate per step. Not thread-safe: one
     * per thread, stream or evaluation.
     */
    public static final class Cache {
        private final SequenceModel model;
        private final List<SequenceLayer.Cache> layers = new ArrayList<>();
        private final List<Tensor> dInputs = new ArrayList<>();
        private int T = -1, B = -1;
        private Tensor logits, dTop, lastTop;
        private final Ops chunk;   // the whole-chunk products of the output layer (Ops#withProducts)

        private Cache(SequenceModel model, Products products) {
            this.model = model;
            this.chunk = model.ops.withProducts(products);
            for (SequenceLayer l : model.layers) layers.add(l.newCache(products));
        }

        private void ensure(int steps, int batch) {
            if (steps == T && batch == B) return;
            T = steps; B = batch;
            logits = model.ops.zeros(T, B, model.config.outputSize());
            dTop = model.ops.zeros(T, B, model.output.inputSize());
            dInputs.clear();
            for (SequenceLayer l : model.layers) dInputs.add(model.ops.zeros(T, B, l.inputSize()));
        }

        /** Bytes held by activations and backward buffers for the last (T, B). */
        public long bytes() {
            long n = 0;
            for (SequenceLayer.Cache c : layers) n += c.bytes();
            int w = model.ops.dtype() == DType.F32 ? 4 : 8;
            if (logits != null) n += (long) (logits.size() + dTop.size()) * w;
            for (Tensor t : dInputs) n += (long) t.size() * w;
            return n;
        }
    }

    public SequenceModel(ModelConfig config, DType dtype) {
        this.config = config;
        this.ops = Ops.of(dtype);
        String prefix = config.cell().configName();
        for (int k = 0; k < config.numLayers(); k++) {
            SequenceLayer layer = config.bidirectional() ? new Bidirectional(makeLayer(k), makeLayer(k)) : makeLayer(k);
            layers.add(layer);
            for (Param p : layer.params()) {
                String name = p.name();
                String full = name.endsWith("_reverse")
                        ? prefix + "." + name.substring(0, name.length() - "_reverse".length()) + "_l" + k + "_reverse"
                        : prefix + "." + name + "_l" + k;
                params.put(full, p.renamed(full));
            }
        }
        output = new Linear(config.layerOutputSize() * config.directions(), config.outputSize(), ops);
        params.put("output.weight", output.weight.renamed("output.weight"));
        params.put("output.bias", output.bias.renamed("output.bias"));
    }

    private SequenceLayer makeLayer(int k) {
        return switch (config.cell()) {
            case LSTM -> new Lstm(config.layerConfig(k), ops);
            case RNN -> new Rnn(config.rnnConfig(k), ops);
            case DNN -> new Dense(config.layerInputSize(k), config.hiddenSize(), config.nonlinearity(), ops);
        };
    }

    public ModelConfig config() { return config; }
    public Ops ops() { return ops; }
    public List<SequenceLayer> layers() { return Collections.unmodifiableList(layers); }
    public Linear output() { return output; }

    /** All parameters by PyTorch name, in a fixed order. */
    public Map<String, Param> params() { return Collections.unmodifiableMap(params); }

    public long parameterCount() { return config.parameterCount(); }

    /** PyTorch's default initialisation: every parameter uniform in ±1/√hidden_size (output layer ±1/√its input). */
    public void initialize(Rng rng) { initialize(rng, 1.0 / Math.sqrt(config.hiddenSize()), null); }

    /** Recurrent parameters uniform in ±range; for LSTM, per-gate biases when gateBias is non-null. */
    public void initialize(Rng rng, double range, double[] gateBias) {
        for (SequenceLayer layer : layers) initLayer(layer, rng, range, gateBias);
        output.initialize(rng, 1.0 / Math.sqrt(output.inputSize()));
    }

    private static void initLayer(SequenceLayer layer, Rng rng, double range, double[] gateBias) {
        if (layer instanceof Bidirectional bi) { initLayer(bi.forwardLayer(), rng, range, gateBias); initLayer(bi.backwardLayer(), rng, range, gateBias); }
        else if (layer instanceof Lstm l) l.initialize(rng, range, gateBias);
        else if (layer instanceof Rnn r) r.initialize(rng, range);
        else if (layer instanceof Dense d) d.initialize(rng, 1.0 / Math.sqrt(d.inputSize()));
    }

    public void zeroGrad() { for (Param p : params.values()) p.grad().zero(); }

    /** A new, empty working memory for one caller of this model (see {@link Cache}), its products in float32. */
    public Cache newCache() { return new Cache(this, Products.F32); }

    /**
     * A working memory whose whole-chunk products run in precision p ({@link Products}: a trainer's
     * choice; evaluation and streaming keep {@link #newCache()}); the per-step recurrent products stay
     * float32, and a double-precision model ignores p.
     */
    public Cache newCache(Products p) { return new Cache(this, p); }

    private Cache check(Cache cache) {
        if (cache.model != this) throw new IllegalArgumentException("the cache belongs to another model");
        return cache;
    }

    /**
     * Runs the model on x (T, B, input_size). {@code lengths} (B) gives each sequence's length (null:
     * all T); {@code initial} gives each layer's initial state parts (null, or a null entry: zeros).
     * Returns the logits (T, B, output_size), owned by the cache until its next forward.
     */
    public Tensor forward(Cache cache, Tensor x, int steps, int batch, int[] lengths, Tensor[][] initial) {
        if (x.dtype != ops.dtype()) throw new IllegalArgumentException("input is " + x.dtype + " but the model is " + ops.dtype());
        if (x.size() != steps * batch * config.inputSize())
            throw new IllegalArgumentException("input must be (T, B, input_size) = (" + steps + ", " + batch + ", " + config.inputSize() + "), got " + x.shapeString());
        if (lengths != null) {
            if (lengths.length != batch) throw new IllegalArgumentException("lengths must have B = " + batch + " entries, got " + lengths.length);
            for (int b = 0; b < batch; b++)
                if (lengths[b] < 0 || lengths[b] > steps) throw new IllegalArgumentException("length of sequence " + b + " is " + lengths[b] + ", outside [0, " + steps + "]");
        }
        check(cache).ensure(steps, batch);
        Tensor h = x;
        for (int k = 0; k < layers.size(); k++)
            h = layers.get(k).forward(cache.layers.get(k), h, steps, batch, lengths, initial == null ? null : initial[k]);
        cache.lastTop = h;
        output.forward(cache.chunk, h, steps * batch, cache.logits);
        return cache.logits;
    }

    /** Final recurrent state of each layer after the cache's last forward (owned by the cache). */
    public Tensor[][] finalStates(Cache cache) {
        check(cache);
        Tensor[][] s = new Tensor[layers.size()][];
        for (int k = 0; k < layers.size(); k++) s[k] = layers.get(k).finalState(cache.layers.get(k));
        return s;
    }

    /** Zero initial states shaped for this model and batch. */
    public Tensor[][] zeroStates(int batch) {
        Tensor[][] s = new Tensor[layers.size()][];
        for (int k = 0; k < layers.size(); k++) {
            int[][] shapes = layers.get(k).stateShapes(batch);
            s[k] = new Tensor[shapes.length];
            for (int i = 0; i < shapes.length; i++) s[k][i] = ops.zeros(shapes[i]);
        }
        return s;
    }

    /**
     * Back-propagates dLogits (T, B, output_size) of the cache's last forward, adding into every
     * parameter's gradient. {@code dFinal}, when non-null, is the gradient on each layer's final state;
     * {@code dInitial}, when non-null, receives the gradient on each layer's initial state;
     * {@code dx}, when non-null, receives (+=) the gradient on the input.
     */
    public void backward(Cache cache, Tensor dLogits, Tensor[][] dFinal, Tensor[][] dInitial, Tensor dx) {
        check(cache);
        if (cache.logits == null) throw new IllegalStateException("backward needs a forward on the same cache first");
        cache.dTop.zero();
        output.backward(cache.chunk, cache.lastTop, dLogits, cache.T * cache.B, cache.dTop);
        Tensor d = cache.dTop;
        for (int k = layers.size() - 1; k >= 0; k--) {
            Tensor dIn = k == 0 ? dx : cache.dInputs.get(k);
            if (k > 0) dIn.zero();
            layers.get(k).backward(cache.layers.get(k), d, dFinal == null ? null : dFinal[k], dIn, dInitial == null ? null : dInitial[k]);
            d = dIn;
        }
    }
}
