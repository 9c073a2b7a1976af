package carousel.layer;

import carousel.tensor.Ops;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.util.List;

/**
 * Affine map applied to every frame: y = x Wᵀ + b, x (N, I), W (O, I), b (O), y (N, O); N = T·B
 * for sequences. Backward: dW += dyᵀ x, db += Σ_rows dy, dx += dy W.
 */
public final class Linear {
    private final Ops ops;
    private final int in, out;
    public final Param weight, bias;

    public Linear(int inputSize, int outputSize, Ops ops) {
        if (inputSize < 1 || outputSize < 1) throw new IllegalArgumentException("Linear sizes must be positive, got " + inputSize + " -> " + outputSize);
        this.ops = ops;
        this.in = inputSize;
        this.out = outputSize;
        weight = new Param("weight", ops.zeros(out, in), ops.zeros(out, in));
        bias = new Param("bias", ops.zeros(out), ops.zeros(out));
    }

    public int inputSize() { return in; }
    public int outputSize() { return out; }
    public List<Param> params() { return List.of(weight, bias); }

    /** PyTorch's default range 1/√in for both weight and bias. */
    public void initialize(Rng rng, double range) {
        rng.fillUniform(weight.value(), range);
        rng.fillUniform(bias.value(), range);
    }

    /** y (N, O) = x (N, I) · Wᵀ + b, the product by {@code products} (this layer's kernels or {@link Ops#withProducts} of them). */
    public void forward(Ops products, Tensor x, int n, Tensor y) {
        products.gemm(false, true, n, out, in, 1, x, 0, in, weight.value(), 0, in, 0, y, 0, out);
        ops.addRowVector(y, 0, n, out, out, bias.value(), 0);
    }

    /** dW += dyᵀ x, db += Σ dy, and dx += dy W when dx is non-null; the products by {@code products}, as in {@link #forward}. */
    public void backward(Ops products, Tensor x, Tensor dy, int n, Tensor dx) {
        products.gemm(true, false, out, in, n, 1, dy, 0, out, x, 0, in, 1, weight.grad(), 0, in);
        ops.addColumnSums(dy, 0, n, out, out, bias.grad(), 0);
        if (dx != null) products.gemm(false, false, n, in, out, 1, dy, 0, out, weight.value(), 0, in, 1, dx, 0, in);
    }
}
