package carousel.model;

import carousel.layer.Lstm;
import carousel.layer.Rnn;
import carousel.tensor.Activation;

/**
 * What a sequence model is: a stack of recurrent layers (PyTorch's vocabulary: input_size,
 * hidden_size, num_layers, proj_size, bidirectional) and a linear output layer of output_size.
 * {@code config.json} holds these fields under the same names; the LSTM options beyond PyTorch's
 * (forget_gate, peepholes, activations, cell_clip, non_recurrent_proj_size) default to PyTorch's
 * behaviour when absent.
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
