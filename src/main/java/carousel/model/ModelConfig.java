package carousel.model;

import carousel.layer.Lstm;
import carousel.layer.Rnn;
import carousel.tensor.Activation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a sequence model is: a stack of recurrent layers (PyTorch's vocabulary: input_size,
 * hidden_size, num_layers, proj_size, bidirectional) and a linear output layer of output_size.
 * {@code config.json} holds these fields under the same names; the LSTM options beyond PyTorch's
 * (forget_gate, peepholes, activations, cell_clip, non_recurrent_proj_size) default to PyTorch's
 * behaviour when absent.
 *
 * <p>Sizes are capped so that a damaged or hostile {@code config.json} is refused before anything is
 * allocated: every dimension at most {@link #MAX_DIMENSION}, at most {@link #MAX_LAYERS} layers, and at
 * most {@link #MAX_PARAMETERS} parameters in all ({@link #parameterShapes()} counts them without
 * allocating).
 *
 * <p>Build one with {@link #builder} (named defaults: PyTorch's) or the shortcuts {@link #lstm},
 * {@link #rnn} and {@link #dnn}.
 *
 * @param cell LSTM, simple RNN or DNN (feed-forward layers on every frame, for stacked-frame baselines)
 * @param nonlinearity of RNN (tanh, sigmoid, relu) and DNN hidden units; unused by an LSTM
 */
public record ModelConfig(Cell cell, int inputSize, int hiddenSize, int numLayers, int projSize,
                          boolean bidirectional, int outputSize,
                          Activation nonlinearity, boolean forgetGate, boolean peepholes,
                          Activation gateActivation, Activation cellInputActivation, Activation cellOutputActivation,
                          float cellClip, int nonRecurrentProjSize) {
    public ModelConfig {
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(nonlinearity, "nonlinearity");
        if (cell == Cell.DNN && bidirectional) throw new IllegalArgumentException("a dnn has no direction: bidirectional must be false");
        if (numLayers < 1) throw new IllegalArgumentException("num_layers must be at least 1, got " + numLayers);
        if (outputSize < 1) throw new IllegalArgumentException("output_size must be at least 1, got " + outputSize);
        if (cell != Cell.LSTM && (projSize != 0 || nonRecurrentProjSize != 0)) throw new IllegalArgumentException("proj_size is only defined for cell \"lstm\"");
        if (bidirectional && nonRecurrentProjSize > 0) throw new IllegalArgumentException("non_recurrent_proj_size is not supported with bidirectional layers");
        // the layer configs validate the sizes with their own messages (fields are not assigned yet: use the parameters)
        if (cell == Cell.LSTM)
            new Lstm.Config(inputSize, hiddenSize, projSize, nonRecurrentProjSize, forgetGate, peepholes,
                    gateActivation, cellInputActivation, cellOutputActivation, cellClip);
        else if (cell == Cell.RNN) new Rnn.Config(inputSize, hiddenSize, nonlinearity);
        else if (inputSize < 1 || hiddenSize < 1) throw new IllegalArgumentException("input_size and hidden_size must be positive");
        checkDimension("input_size", inputSize);
        checkDimension("hidden_size", hiddenSize);
        checkDimension("proj_size", projSize);
        checkDimension("output_size", outputSize);
        checkDimension("non_recurrent_proj_size", nonRecurrentProjSize);
        if (numLayers > MAX_LAYERS) throw new IllegalArgumentException("num_layers " + numLayers + " exceeds the limit of " + MAX_LAYERS);
        if (cellClip < 0 || Float.isNaN(cellClip)) throw new IllegalArgumentException("cell_clip must be >= 0 (0 = off), got " + cellClip);
        long n = parameterCount(parameterShapes(cell, numLayers, bidirectional, outputSize, forgetGate, peepholes, projSize, nonRecurrentProjSize,
                inputSize, hiddenSize));
        if (n > MAX_PARAMETERS) throw new IllegalArgumentException("the model would have " + n + " parameters, more than the limit of " + MAX_PARAMETERS);
    }

    /** Largest size accepted for any dimension (input_size, hidden_size, proj_size, output_size, non_recurrent_proj_size). */
    public static final int MAX_DIMENSION = 65_536;
    /** Most layers accepted (num_layers). */
    public static final int MAX_LAYERS = 64;
    /** Most parameters accepted in all: 2^28, i.e. 1 GiB of float32 weights. */
    public static final long MAX_PARAMETERS = 1L << 28;

    private static void checkDimension(String key, int value) {
        if (value > MAX_DIMENSION) throw new IllegalArgumentException(key + " " + value + " exceeds the limit of " + MAX_DIMENSION);
    }

    /**
     * Every parameter's PyTorch name and shape, in the order {@link SequenceModel} creates them
     * ({@code lstm.weight_ih_l0} (G·H, I), …, {@code output.weight} (O, L), {@code output.bias} (O)),
     * computed from the sizes alone so that a weights file can be checked before any allocation.
     */
    public Map<String, int[]> parameterShapes() {
        return parameterShapes(cell, numLayers, bidirectional, outputSize, forgetGate, peepholes, projSize, nonRecurrentProjSize, inputSize, hiddenSize);
    }

    /** Total number of parameters, summed in long arithmetic. */
    public long parameterCount() { return parameterCount(parameterShapes()); }

    private static long parameterCount(Map<String, int[]> shapes) {
        long n = 0;
        for (int[] s : shapes.values()) {
            long e = 1;
            for (int d : s) e *= d;
            n += e;
        }
        return n;
    }

    // static so that the compact constructor can use it before the fields are assigned; every size is at most MAX_DIMENSION
    private static Map<String, int[]> parameterShapes(Cell cell, int numLayers, boolean bidirectional, int outputSize, boolean forgetGate,
                                                      boolean peepholes, int projSize, int nonRecProj, int inputSize, int hiddenSize) {
        int H = hiddenSize, P = projSize, R = P > 0 ? P : H, dirs = bidirectional ? 2 : 1;
        boolean lstm = cell == Cell.LSTM;
        int layerOut = lstm ? R + nonRecProj : H;
        int gates = lstm ? (forgetGate ? 4 : 3) : 1;
        Map<String, int[]> m = new LinkedHashMap<>();
        for (int k = 0; k < numLayers; k++) {
            int in = k == 0 ? inputSize : layerOut * dirs;
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + k + (d == 1 ? "_reverse" : "");
                String pre = cell.configName() + ".";
                if (cell == Cell.DNN) {
                    m.put(pre + "weight" + sfx, new int[] {H, in});
                    m.put(pre + "bias" + sfx, new int[] {H});
                    continue;
                }
                m.put(pre + "weight_ih" + sfx, new int[] {gates * H, in});
                m.put(pre + "weight_hh" + sfx, new int[] {gates * H, lstm ? R : H});
                m.put(pre + "bias_ih" + sfx, new int[] {gates * H});
                m.put(pre + "bias_hh" + sfx, new int[] {gates * H});
                if (lstm && P > 0) m.put(pre + "weight_hr" + sfx, new int[] {P, H});
                if (lstm && peepholes) m.put(pre + "weight_peep" + sfx, new int[] {forgetGate ? 3 : 2, H});
                if (lstm && nonRecProj > 0) m.put(pre + "weight_pr" + sfx, new int[] {nonRecProj, H});
            }
        }
        m.put("output.weight", new int[] {outputSize, layerOut * dirs});
        m.put("output.bias", new int[] {outputSize});
        return m;
    }

    /** A builder of a config of this cell with these sizes, every other field at its named default ({@link Builder}). */
    public static Builder builder(Cell cell, int inputSize, int hiddenSize, int outputSize) {
        return new Builder(cell, inputSize, hiddenSize, outputSize);
    }

    /** A builder holding this config's fields, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(cell, inputSize, hiddenSize, outputSize);
        b.numLayers = numLayers; b.projSize = projSize; b.bidirectional = bidirectional; b.nonlinearity = nonlinearity;
        b.forgetGate = forgetGate; b.peepholes = peepholes; b.gateActivation = gateActivation; b.cellInputActivation = cellInputActivation;
        b.cellOutputActivation = cellOutputActivation; b.cellClip = cellClip; b.nonRecurrentProjSize = nonRecurrentProjSize;
        return b;
    }

    /**
     * Builds a {@link ModelConfig} by named fields. The defaults are PyTorch's, as {@code config.json}
     * reads them when absent: one layer, no projection, unidirectional, tanh nonlinearity; for an
     * LSTM a forget gate, no peepholes, sigmoid gates, tanh cell input and output, no cell clipping.
     * {@link #build} validates the whole config.
     */
    public static final class Builder {
        private final Cell cell;
        private final int inputSize, hiddenSize, outputSize;
        private int numLayers = 1, projSize = 0, nonRecurrentProjSize = 0;
        private boolean bidirectional = false, forgetGate = true, peepholes = false;
        private Activation nonlinearity = Activation.TANH, gateActivation = Activation.SIGMOID,
                cellInputActivation = Activation.TANH, cellOutputActivation = Activation.TANH;
        private float cellClip = 0f;

        private Builder(Cell cell, int inputSize, int hiddenSize, int outputSize) {
            this.cell = Objects.requireNonNull(cell, "cell");
            this.inputSize = inputSize;
            this.hiddenSize = hiddenSize;
            this.outputSize = outputSize;
        }

        public Builder numLayers(int n) { numLayers = n; return this; }
        public Builder projSize(int p) { projSize = p; return this; }
        public Builder nonRecurrentProjSize(int p) { nonRecurrentProjSize = p; return this; }
        public Builder bidirectional(boolean b) { bidirectional = b; return this; }
        public Builder nonlinearity(Activation f) { nonlinearity = f; return this; }
        public Builder forgetGate(boolean b) { forgetGate = b; return this; }
        public Builder peepholes(boolean b) { peepholes = b; return this; }
        /** Gate, cell-input and cell-output activations of an LSTM (PyTorch: sigmoid, tanh, tanh). */
        public Builder activations(Activation gate, Activation cellInput, Activation cellOutput) {
            gateActivation = gate; cellInputActivation = cellInput; cellOutputActivation = cellOutput;
            return this;
        }
        /** Cell-state clipping of an LSTM (0 = off). */
        public Builder cellClip(float c) { cellClip = c; return this; }

        public ModelConfig build() {
            return new ModelConfig(cell, inputSize, hiddenSize, numLayers, projSize, bidirectional, outputSize, nonlinearity, forgetGate, peepholes,
                    gateActivation, cellInputActivation, cellOutputActivation, cellClip, nonRecurrentProjSize);
        }
    }

    /** A PyTorch-style LSTM stack: forget gate, no peepholes, σ/tanh/tanh, no clipping. */
    public static ModelConfig lstm(int inputSize, int hiddenSize, int numLayers, int projSize, boolean bidirectional, int outputSize) {
        return builder(Cell.LSTM, inputSize, hiddenSize, outputSize).numLayers(numLayers).projSize(projSize).bidirectional(bidirectional).build();
    }

    /** A simple RNN stack of numLayers layers of hiddenSize units. */
    public static ModelConfig rnn(int inputSize, int hiddenSize, int numLayers, Activation nonlinearity, boolean bidirectional, int outputSize) {
        return builder(Cell.RNN, inputSize, hiddenSize, outputSize).numLayers(numLayers).nonlinearity(nonlinearity).bidirectional(bidirectional).build();
    }

    /** A feed-forward net: numLayers hidden layers of hiddenSize units (relu, sigmoid, tanh) on every frame. */
    public static ModelConfig dnn(int inputSize, int hiddenSize, int numLayers, Activation nonlinearity, int outputSize) {
        return builder(Cell.DNN, inputSize, hiddenSize, outputSize).numLayers(numLayers).nonlinearity(nonlinearity).build();
    }

    /** This LSTM config with other LSTM options (forget gate, peepholes, activations, cell clip, non-recurrent projection). */
    public ModelConfig withLstmOptions(boolean forget, boolean peep, Activation gate, Activation in, Activation out, float clip, int nonRecProj) {
        return toBuilder().forgetGate(forget).peepholes(peep).activations(gate, in, out).cellClip(clip).nonRecurrentProjSize(nonRecProj).build();
    }

    public int directions() { return bidirectional ? 2 : 1; }

    /** Width of one direction's output of a layer. */
    public int layerOutputSize() {
        if (cell != Cell.LSTM) return hiddenSize;
        return (projSize > 0 ? projSize : hiddenSize) + nonRecurrentProjSize;
    }

    /** Input width of layer k. */
    public int layerInputSize(int k) { return k == 0 ? inputSize : layerOutputSize() * directions(); }

    public Lstm.Config layerConfig(int k) {
        return new Lstm.Config(layerInputSize(k), hiddenSize, projSize, nonRecurrentProjSize, forgetGate, peepholes,
                gateActivation, cellInputActivation, cellOutputActivation, cellClip);
    }

    public Rnn.Config rnnConfig(int k) {
        return new Rnn.Config(layerInputSize(k), hiddenSize, nonlinearity);
    }
}
