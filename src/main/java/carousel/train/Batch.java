package carousel.train;

import carousel.loss.Frames;
import carousel.tensor.Tensor;

/**
 * One minibatch of sequences, time-major: x (T, B, I); lengths (B) or null when all are T;
 * targets either class indices (T·B, −1 = none) for softmax cross-entropy, or values (T, B, O)
 * for mean squared error; {@code frames} says which frames carry a loss.
 */
public record Batch(Tensor x, int steps, int batch, int[] lengths, int[] classTargets, Tensor valueTargets, Frames frames) {
    public Batch {
        if ((classTargets == null) == (valueTargets == null))
            throw new IllegalArgumentException("a batch needs exactly one of class targets and value targets");
        if (x.size() % (steps * batch) != 0) throw new IllegalArgumentException("x " + x.shapeString() + " is not (T=" + steps + ", B=" + batch + ", I)");
    }

    public int inputSize() { return x.size() / (steps * batch); }
}
