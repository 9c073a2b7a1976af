package carousel.lag;

import java.util.Arrays;

/**
 * The architecture and hyperparameters a paper used for one task (Hochreiter &amp; Schmidhuber 1997,
 * Sec. 5 and Tables 10–11; Gers, Schmidhuber &amp; Cummins 2000 for the continual Reber grammar),
 * kept for the record beside our results and read by the {@code paper} preset: the number of memory
 * cells ({@code blocks × cellsPerBlock}), the on-line learning rate, the initial weight range, and
 * per-block gate biases (null when the paper draws them from the weight range like any weight).
 *
 * @param source         where the numbers are, e.g. "Sec. 5.4, Tables 7, 10, 11"
 * @param weights        the paper's weight count for this parameter setting, as text (it may be
 *                       approximate or unknown)
 * @param inputGateBias  per block, or null
 * @param outputGateBias per block, or null
 * @param forgetGateBias per block, or null (the 1997 cell has no forget gate)
 * @param notes          architecture details our cells do not share (no output gate, output units
 *                       fed only by cells, unbiased units, ...)
 */
public record PaperSetup(String source, int blocks, int cellsPerBlock, String weights, double learningRate, double initRange,
                         double[] inputGateBias, double[] outputGateBias, double[] forgetGateBias, String notes) {
    public PaperSetup {
        if (blocks < 1 || cellsPerBlock < 1) throw new IllegalArgumentException("blocks and cells per block must be at least 1, got " + blocks + ", " + cellsPerBlock);
        for (double[] bias : new double[][]{inputGateBias, outputGateBias, forgetGateBias})
            if (bias != null && bias.length != blocks)
                throw new IllegalArgumentException("gate biases need one value per block (" + blocks + "), got " + bias.length);
    }

    /** Memory cells in all: the hidden size of the paper preset. */
    public int cells() { return blocks * cellsPerBlock; }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(blocks).append(" block(s) of ").append(cellsPerBlock).append(" cell(s), ").append(weights).append(" weights, lr ")
                .append(learningRate).append(", init ±").append(initRange);
        if (inputGateBias != null) sb.append(", input-gate biases ").append(list(inputGateBias));
        if (outputGateBias != null) sb.append(", output-gate biases ").append(list(outputGateBias));
        if (forgetGateBias != null) sb.append(", forget-gate biases ").append(list(forgetGateBias));
        if (!notes.isEmpty()) sb.append("; ").append(notes);
        return sb.append(" [").append(source).append("]").toString();
    }

    private static String list(double[] v) {
        return Arrays.stream(v).mapToObj(x -> x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }
}
