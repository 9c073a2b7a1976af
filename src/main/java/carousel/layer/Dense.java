package carousel.layer;

import carousel.tensor.Activation;
import carousel.tensor.Ops;
import carousel.tensor.Products;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.util.List;

/**
 * A fully connected layer applied to every frame, with no recurrence: the hidden layer of the DNN
 * baseline (a feed-forward net on stacked frames, as compared with LSTM by Sak et al. 2014).
 * <pre>
 *   y = f(x Wᵀ + b)      x (T·B, I), W (H, I), b (H), y (T·B, H)
 *   dz = dy ⊙ f'(y);  dW += dzᵀ x;  db += Σ dz;  dx += dz W
 * </pre>
 * It has no state (its state list is empty); rows past a sequence's length are zero.
 */
public final class Dense implements SequenceLayer {
    private final Ops ops;
    private final int in, out;
    private final Activation f;
    public final Param weight, bias;

    public Dense(int inputSize, int outputSize, Activation f, Ops ops) {
        if (inputSize < 1 || outputSize < 1) throw new IllegalArgumentException("layer sizes must be positive, got " + inputSize + " -> " + outputSize);
        this.ops = ops; this.in = inputSize; this.out = outputSize; this.f = f;
        weight = new Param("weight", ops.zeros(out, in), ops.zeros(out, in));
        bias = new Param("bias", ops.zeros(out), ops.zeros(out));
    }

    @Override public int inputSize() { return in; }
    @Override public int outputSize() { return out; }
    @Override public Ops ops() { return ops; }
    @Override public List<Param> params() { return List.of(weight, bias); }
    @Override public int[][] stateShapes(int batch) { return new int[0][]; }

    public void initialize(Rng rng, double range) {
        rng.fillUniform(weight.value(), range);
        rng.fillUniform(bias.value(), range);
    }

    static final class DenseCache implements Cache {
        int T = -1, B = -1;
        int[] lengths;
        Tensor x, y, dz;
        final Ops chunk;   // the whole-chunk products' kernels (Ops#withProducts)
        DenseCache(Ops chunk) { this.chunk = chunk; }
        @Override public long bytes() {
            long n = 0;
            for (Tensor t : new Tensor[]{y, dz}) if (t != null) n += (long) t.size() * (t.f != null ? 4 : 8);
            return n;
        }
    }

    @Override public Cache newCache(Products p) { return new DenseCache(ops.withProducts(p)); }

    @Override
    public Tensor forward(Cache cache, Tensor x, int T, int B, int[] lengths, Tensor[] initial) {
        DenseCache k = (DenseCache) cache;
        if (k.T != T || k.B != B) { k.T = T; k.B = B; k.y = ops.zeros(T, B, out); k.dz = null; }
        k.x = x; k.lengths = lengths;
        k.chunk.gemm(false, true, T * B, out, in, 1, x, 0, in, weight.value(), 0, in, 0, k.y, 0, out);
        ops.addRowVector(k.y, 0, T * B, out, out, bias.value(), 0);
        ops.activate(f, k.y, 0, k.y, 0, T * B * out);
        if (lengths != null) for (int t = 0; t < T; t++) ops.zeroInactive(k.y, t * B * out, B, out, out, lengths, t);
        return k.y;
    }

    @Override public Tensor[] finalState(Cache cache) { return new Tensor[0]; }

    @Override
    public void backward(Cache cache, Tensor dy, Tensor[] dFinal, Tensor dx, Tensor[] dInitial) {
        DenseCache k = (DenseCache) cache;
        int T = k.T, B = k.B;
        if (k.dz == null) k.dz = ops.zeros(T, B, out);
        ops.activateBackward(f, k.y, 0, dy, 0, k.dz, 0, T * B * out);
        if (k.lengths != null) for (int t = 0; t < T; t++) ops.zeroInactive(k.dz, t * B * out, B, out, out, k.lengths, t);
        k.chunk.gemm(true, false, out, in, T * B, 1, k.dz, 0, out, k.x, 0, in, 1, weight.grad(), 0, in);
        ops.addColumnSums(k.dz, 0, T * B, out, out, bias.grad(), 0);
        if (dx != null) k.chunk.gemm(false, false, T * B, in, out, 1, k.dz, 0, out, weight.value(), 0, in, 1, dx, 0, in);
    }
}
