package carousel.online;

import carousel.tensor.Activation;

/**
 * Architecture of a 1997-style LSTM net (Hochreiter &amp; Schmidhuber, Neural Computation 9(8), 1997,
 * Sec. 4 and 5). Hidden units are, per memory block: an input gate, an output gate (optional: Exp. 2
 * has none), a forget gate (Gers, Schmidhuber &amp; Cummins 2000; optional) and {@code cellsPerBlock}
 * cells. Every gate and cell receives the current input and the previous activations of all hidden
 * units (gates and cell outputs), as in the paper's "fully connected hidden layer". Output units see
 * the cell outputs (and the inputs when {@code outputsSeeInputs}, Exp. 2a's "connected to all
 * layers below") and use the logistic sigmoid.
 *
 * @param hiddenRecurrent whether gates and cells see the previous hidden activations (Exp. 2a's net: no, only the CEC recurs)
 * @param cellInput g, squashing the cell input (paper: SIGMOID4, range [-2,2]; Exp. 2: SIGMOID)
 * @param cellOutput h, squashing the cell state (paper: SIGMOID2, range [-1,1]; Exp. 2: IDENTITY)
 * @param initRange weights start uniform in [-initRange, initRange]
 * @param inputGateBias initial input-gate bias per block (cycled when shorter than the block count), or null
 * @param outputGateBias initial output-gate bias per block, or null
 * @param forgetGateBias initial forget-gate bias per block, or null
 */
public record Lstm1997Config(int inputs, int outputs, int blocks, int cellsPerBlock,
                             boolean outputGate, boolean forgetGate, boolean hiddenRecurrent,
                             boolean biasGates, boolean biasCells, boolean biasOutputs, boolean outputsSeeInputs,
                             Activation cellInput, Activation cellOutput, Activation outputActivation, double initRange,
                             double[] inputGateBias, double[] outputGateBias, double[] forgetGateBias) {
    public Lstm1997Config {
        if (inputs < 1 || outputs < 1 || blocks < 1 || cellsPerBlock < 1)
            throw new IllegalArgumentException("inputs, outputs, blocks and cells per block must be positive");
        if (!(initRange >= 0)) throw new IllegalArgumentException("initial weight range must be >= 0, got " + initRange);
    }

    public int cells() { return blocks * cellsPerBlock; }
    public int gatesPerBlock() { return 1 + (outputGate ? 1 : 0) + (forgetGate ? 1 : 0); }
    /** Hidden units whose previous activations feed every gate and cell. */
    public int hiddenUnits() { return blocks * gatesPerBlock() + cells(); }
    /** Source vector z(t) = [x(t), y_hidden(t−1) (when hiddenRecurrent), 1]. */
    public int sources() { return inputs + recurrentSources() + 1; }
    public int recurrentSources() { return hiddenRecurrent ? hiddenUnits() : 0; }
    public int outputSources() { return cells() + (outputsSeeInputs ? inputs : 0) + 1; }

    /** Trainable weights, counted as the paper counts them (unused bias columns excluded). */
    public int weightCount() {
        int perUnit = inputs + recurrentSources();
        int gateUnits = blocks * gatesPerBlock();
        return gateUnits * (perUnit + (biasGates ? 1 : 0)) + cells() * (perUnit + (biasCells ? 1 : 0))
                + outputs * (outputSources() - 1 + (biasOutputs ? 1 : 0));
    }

    /** The paper's common setting: scaled sigmoids g in [-2,2], h in [-1,1], logistic output units, both gates, no forget gate. */
    public static Lstm1997Config paper(int inputs, int outputs, int blocks, int cellsPerBlock, double initRange) {
        return new Lstm1997Config(inputs, outputs, blocks, cellsPerBlock, true, false, true, true, true, true, false,
                Activation.SIGMOID4, Activation.SIGMOID2, Activation.SIGMOID, initRange, null, null, null);
    }

    public Lstm1997Config withForgetGate(boolean on) {
        return new Lstm1997Config(inputs, outputs, blocks, cellsPerBlock, outputGate, on, hiddenRecurrent, biasGates, biasCells, biasOutputs, outputsSeeInputs,
                cellInput, cellOutput, outputActivation, initRange, inputGateBias, outputGateBias, forgetGateBias);
    }

    public Lstm1997Config withBiases(boolean gates, boolean cellsBiased, boolean outs) {
        return new Lstm1997Config(inputs, outputs, blocks, cellsPerBlock, outputGate, forgetGate, hiddenRecurrent, gates, cellsBiased, outs, outputsSeeInputs,
                cellInput, cellOutput, outputActivation, initRange, inputGateBias, outputGateBias, forgetGateBias);
    }

    public Lstm1997Config withGateBiases(double[] in, double[] out, double[] forget) {
        return new Lstm1997Config(inputs, outputs, blocks, cellsPerBlock, outputGate, forgetGate, hiddenRecurrent, biasGates, biasCells, biasOutputs, outputsSeeInputs,
                cellInput, cellOutput, outputActivation, initRange, in, out, forget);
    }

    public Lstm1997Config withOutputGate(boolean on) {
        return new Lstm1997Config(inputs, outputs, blocks, cellsPerBlock, on, forgetGate, hiddenRecurrent, biasGates, biasCells, biasOutputs, outputsSeeInputs,
                cellInput, cellOutput, outputActivation, initRange, inputGateBias, outputGateBias, forgetGateBias);
    }

    public Lstm1997Config withHiddenRecurrence(boolean on) {
        return new Lstm1997Config(inputs, outputs, blocks, cellsPerBlock, outputGate, forgetGate, on, biasGates, biasCells, biasOutputs, outputsSeeInputs,
                cellInput, cellOutput, outputActivation, initRange, inputGateBias, outputGateBias, forgetGateBias);
    }

    public Lstm1997Config withSquashing(Activation g, Activation h, boolean outputsSeeInputs) {
        return new Lstm1997Config(inputs, outputs, blocks, cellsPerBlock, outputGate, forgetGate, hiddenRecurrent, biasGates, biasCells, biasOutputs, outputsSeeInputs,
                g, h, outputActivation, initRange, inputGateBias, outputGateBias, forgetGateBias);
    }
}
