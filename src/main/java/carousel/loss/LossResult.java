package carousel.loss;

/** Mean loss over the counted frames, how many were counted, and (for classification) how many were right. */
public record LossResult(double loss, long frames, long correct) {
    public double accuracy() { return frames == 0 ? Double.NaN : (double) correct / frames; }
}
