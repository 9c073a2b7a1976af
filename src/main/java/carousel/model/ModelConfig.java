package carousel.model;

import carousel.layer.Lstm;
import carousel.layer.Rnn;
import carousel.tensor.Activation;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * @param cell "lstm", "rnn" (simple RNN) or "dnn" (feed-forward layers on every frame, for stacked-frame baselines)
 * @param nonlinearity of "rnn" (tanh, sigmoid, relu) and "dnn" (also relu by default) hidden units
 */
public record ModelConfig(String cell, int inputSize, int hiddenSize, int numLayers, int projSize,
                          boolean bidirectional, int outputSize,
                          String nonlinearity, boolean forgetGate, boolean peepholes,
                          Activation gateActivation, Activation cellInputActivation, Activation cellOutputActivation,
                          float cellClip, int nonRecurrentProjSize) {
    public ModelConfig {
        if (!cell.equals("lstm") && !cell.equals("rnn") && !cell.equals("dnn"))
            throw new IllegalArgumentException("cell must be \"lstm\", \"rnn\" or \"dnn\", got \"" + cell + "\"");
        if (cell.equals("dnn") && bidirectional) throw new IllegalArgumentException("a dnn has no direction: bidirectional must be false");
        if (numLayers < 1) throw new IllegalArgumentException("num_layers must be at least 1, got " + numLayers);
        if (outputSize < 1) throw new IllegalArgumentException("output_size must be at least 1, got " + outputSize);
        if (!cell.equals("lstm") && (projSize != 0 || nonRecurrentProjSize != 0)) throw new IllegalArgumentException("proj_size is only defined for cell \"lstm\"");
        if (bidirectional && nonRecurrentProjSize > 0) throw new IllegalArgumentException("non_recurrent_proj_size is not supported with bidirectional layers");
        // the layer configs validate the sizes with their own messages (fields are not assigned yet: use the parameters)
        if (cell.equals("lstm"))
            new Lstm.Config(inputSize, hiddenSize, projSize, nonRecurrentProjSize, forgetGate, peepholes,
                    gateActivation, cellInputActivation, cellOutputActivation, cellClip);
        else if (cell.equals("rnn")) new Rnn.Config(inputSize, hiddenSize, Activation.parse(nonlinearity));
        else if (inputSize < 1 || hiddenSize < 1) throw new IllegalArgumentException("input_size and hidden_size must be positive");
        else Activation.parse(nonlinearity);
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
    private static Map<String, int[]> parameterShapes(String cell, int numLayers, boolean bidirectional, int outputSize, boolean forgetGate,
                                                      boolean peepholes, int projSize, int nonRecProj, int inputSize, int hiddenSize) {
        int H = hiddenSize, P = projSize, R = P > 0 ? P : H, dirs = bidirectional ? 2 : 1;
        int layerOut = cell.equals("lstm") ? R + nonRecProj : H;
        int gates = cell.equals("lstm") ? (forgetGate ? 4 : 3) : 1;
        Map<String, int[]> m = new LinkedHashMap<>();
        for (int k = 0; k < numLayers; k++) {
            int in = k == 0 ? inputSize : layerOut * dirs;
            for (int d = 0; d < dirs; d++) {
                String sfx = "_l" + k + (d == 1 ? "_reverse" : "");
                String pre = cell + ".";
                if (cell.equals("dnn")) {
                    m.put(pre + "weight" + sfx, new int[] {H, in});
                    m.put(pre + "bias" + sfx, new int[] {H});
                    continue;
                }
                m.put(pre + "weight_ih" + sfx, new int[] {gates * H, in});
                m.put(pre + "weight_hh" + sfx, new int[] {gates * H, cell.equals("lstm") ? R : H});
                m.put(pre + "bias_ih" + sfx, new int[] {gates * H});
                m.put(pre + "bias_hh" + sfx, new int[] {gates * H});
                if (cell.equals("lstm") && P > 0) m.put(pre + "weight_hr" + sfx, new int[] {P, H});
                if (cell.equals("lstm") && peepholes) m.put(pre + "weight_peep" + sfx, new int[] {forgetGate ? 3 : 2, H});
                if (cell.equals("lstm") && nonRecProj > 0) m.put(pre + "weight_pr" + sfx, new int[] {nonRecProj, H});
            }
        }
        m.put("output.weight", new int[] {outputSize, layerOut * dirs});
        m.put("output.bias", new int[] {outputSize});
        return m;
    }

    /** A PyTorch-style LSTM stack: forget gate, no peepholes, σ/tanh/tanh, no clipping. */
    public static ModelConfig lstm(int inputSize, int hiddenSize, int numLayers, int projSize, boolean bidirectional, int outputSize) {
        return new ModelConfig("lstm", inputSize, hiddenSize, numLayers, projSize, bidirectional, outputSize, "tanh", true, false,
                Activation.SIGMOID, Activation.TANH, Activation.TANH, 0f, 0);
    }

    public static ModelConfig rnn(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bidirectional, int outputSize) {
        return new ModelConfig("rnn", inputSize, hiddenSize, numLayers, 0, bidirectional, outputSize, nonlinearity, true, false,
                Activation.SIGMOID, Activation.TANH, Activation.TANH, 0f, 0);
    }

    /** A feed-forward net: numLayers hidden layers of hiddenSize units (relu, sigmoid, tanh) on every frame. */
    public static ModelConfig dnn(int inputSize, int hiddenSize, int numLayers, String nonlinearity, int outputSize) {
        return new ModelConfig("dnn", inputSize, hiddenSize, numLayers, 0, false, outputSize, nonlinearity, true, false,
                Activation.SIGMOID, Activation.TANH, Activation.TANH, 0f, 0);
    }

    public ModelConfig withLstmOptions(boolean forget, boolean peep, Activation gate, Activation in, Activation out, float clip, int nonRecProj) {
        return new ModelConfig(cell, inputSize, hiddenSize, numLayers, projSize, bidirectional, outputSize, nonlinearity, forget, peep, gate, in, out, clip, nonRecProj);
    }

    public int directions() { return bidirectional ? 2 : 1; }

    /** Width of one direction's output of a layer. */
    public int layerOutputSize() {
        if (!cell.equals("lstm")) return hiddenSize;
        return (projSize > 0 ? projSize : hiddenSize) + nonRecurrentProjSize;
    }

    /** Input width of layer k. */
    public int layerInputSize(int k) { return k == 0 ? inputSize : layerOutputSize() * directions(); }

    public Lstm.Config layerConfig(int k) {
        return new Lstm.Config(layerInputSize(k), hiddenSize, projSize, nonRecurrentProjSize, forgetGate, peepholes,
                gateActivation, cellInputActivation, cellOutputActivation, cellClip);
    }

    public Rnn.Config rnnConfig(int k) {
        return new Rnn.Config(layerInputSize(k), hiddenSize, Activation.parse(nonlinearity));
    }
}
