package carousel.layer;

import carousel.tensor.Tensor;

/** A named trainable tensor and its gradient (same shape), e.g. {@code weight_hh} of shape (4H, R). */
public record Param(String name, Tensor value, Tensor grad) {
    public Param {
        if (value.size() != grad.size()) throw new IllegalArgumentException("gradient of " + name + " has a different size");
    }

    public Param renamed(String newName) { return new Param(newName, value, grad); }
}
