package carousel.layer;

import carousel.tensor.Activation;
import carousel.tensor.Ops;
import carousel.tensor.Products;
import carousel.tensor.Rng;
import carousel.tensor.Tensor;

import java.util.List;

/**
 * Simple recurrent layer (Elman 1990), the network whose error flow vanishes or explodes
 * (Hochreiter 1991; Bengio, Simard &amp; Frasconi 1994):
 * <pre>
 *   h_t = f(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)        f = tanh or logistic
 * </pre>
 * Backward: dz_t = (dy_t + dh_t) ⊙ f'(z_t), dh_{t-1} = W_hhᵀ dz_t; so the error reaching step t−q is
 * scaled by q factors of f'(net)·W_hh. Names and shapes as PyTorch's nn.RNN: weight_ih (H, I),
 * weight_hh (H, H), bias_ih (H), bias_hh (H).
 *
 * <p>Cache: h (T+1, B, H) with h_0 the initial state; f' is computed from h. Backward keeps dz (T, B, H).
 */
public final class Rnn implements SequenceLayer {
    public record Config(int inputSize, int hiddenSize, Activation nonlinearity) {
        public Config {
            if (inputSize < 1) throw new IllegalArgumentException("input_size must be at least 1, got " + inputSize);
            if (hiddenSize < 1) throw new IllegalArgumentException("hidden_size must be at least 1, got " + hiddenSize);
            if (nonlinearity != Activation.TANH && nonlinearity != Activation.SIGMOID && nonlinearity != Activation.RELU)
                throw new IllegalArgumentException("RNN nonlinearity must be tanh, sigmoid or relu, got " + nonlinearity.configName());
        }
        public Config withInputSize(int in) { return new Config(in, hiddenSize, nonlinearity); }
    }

    private final Config cfg;
    private final Ops ops;
    private final int I, H;
    public final Param weightIh, weightHh, biasIh, biasHh;

    public Rnn(Config cfg, Ops ops) {
        this.cfg = cfg;
        this.ops = ops;
        I = cfg.inputSize(); H = cfg.hiddenSize();
        weightIh = new Param("weight_ih", ops.zeros(H, I), ops.zeros(H, I));
        weightHh = new Param("weight_hh", ops.zeros(H, H), ops.zeros(H, H));
        biasIh = new Param("bias_ih", ops.zeros(H), ops.zeros(H));
        biasHh = new Param("bias_hh", ops.zeros(H), ops.zeros(H));
    }

    public Config config() { return cfg; }
    @Override public int inputSize() { return I; }
    @Override public int outputSize() { return H; }
    @Override public Ops ops() { return ops; }
    @Override public List<Param> params() { return List.of(weightIh, weightHh, biasIh, biasHh); }
    @Override public int[][] stateShapes(int batch) { return new int[][]{{batch, H}}; }

    /** PyTorch's default: all parameters uniform in [-range, range] (range = 1/√H there). */
    public void initialize(Rng rng, double range) {
        for (Param p : params()) rng.fillUniform(p.value(), range);
    }

    static final class RnnCache implements Cache {
        int T = -1, B = -1;
        int[] lengths;
        Tensor x, h, y, dz, dhA, dhB;
        Tensor[] finalState;
        final Ops chunk;   // the whole-chunk products' kernels (Ops#withProducts)
        RnnCache(Ops chunk) { this.chunk = chunk; }
        @Override public long bytes() {
            long n = 0;
            for (Tensor t : new Tensor[]{h, y, dz, dhA, dhB}) if (t != null) n += (long) t.size() * (t.f != null ? 4 : 8);
            return n;
        }
    }

    @Override public Cache newCache(Products p) { return new RnnCache(ops.withProducts(p)); }

    @Override
    public Tensor forward(Cache cache, Tensor x, int T, int B, int[] lengths, Tensor[] initial) {
        RnnCache k = (RnnCache) cache;
        if (x.size() < T * B * I) throw new IllegalArgumentException("RNN input must be (T, B, " + I + "), got " + x.shapeString());
        if (k.T != T || k.B != B) {
            k.T = T; k.B = B;
            k.h = ops.zeros(T + 1, B, H);
            k.y = ops.zeros(T, B, H);
            k.dz = null;
            k.finalState = new Tensor[]{ops.zeros(B, H)};
        }
        k.x = x; k.lengths = lengths;
        if (initial != null) Tensor.copy(initial[0], 0, k.h, 0, B * H);
        else for (int i = 0; i < B * H; i++) k.h.set(i, 0);
        // pre-activations of all steps, written into h[1..T]: x · W_ihᵀ + b_ih + b_hh
        k.chunk.gemm(false, true, T * B, H, I, 1, x, 0, I, weightIh.value(), 0, I, 0, k.h, B * H, H);
        ops.addRowVector(k.h, B * H, T * B, H, H, biasIh.value(), 0);
        ops.addRowVector(k.h, B * H, T * B, H, H, biasHh.value(), 0);
        for (int t = 0; t < T; t++) {
            int prev = t * B * H, cur = prev + B * H;
            ops.gemm(false, true, B, H, H, 1, k.h, prev, H, weightHh.value(), 0, H, 1, k.h, cur, H);
            ops.activate(cfg.nonlinearity(), k.h, cur, k.h, cur, B * H);
            ops.carryInactive(k.h, prev, k.h, cur, B, H, lengths, t);
        }
        Tensor.copy(k.h, B * H, k.y, 0, T * B * H);
        if (lengths != null) for (int t = 0; t < T; t++) ops.zeroInactive(k.y, t * B * H, B, H, H, lengths, t);
        Tensor.copy(k.h, T * B * H, k.finalState[0], 0, B * H);
        return k.y;
    }

    @Override public Tensor[] finalState(Cache cache) { return ((RnnCache) cache).finalState; }

    @Override
    public void backward(Cache cache, Tensor dy, Tensor[] dFinal, Tensor dx, Tensor[] dInitial) {
        RnnCache k = (RnnCache) cache;
        int T = k.T, B = k.B;
        if (k.dz == null) { k.dz = ops.zeros(T, B, H); k.dhA = ops.zeros(B, H); k.dhB = ops.zeros(B, H); }
        Tensor dhNext = k.dhA, dhCur = k.dhB;
        if (dFinal != null) Tensor.copy(dFinal[0], 0, dhNext, 0, B * H); else dhNext.zero();
        for (int t = T - 1; t >= 0; t--) {
            int z0 = t * B * H;
            // dh_t = dy_t (active rows) + dh from t+1;  dz_t = dh_t ⊙ f'(h_t), zero on inactive rows
            ops.addRowsActive(dy, z0, H, dhNext, 0, H, B, H, k.lengths, t);
            ops.activateBackward(cfg.nonlinearity(), k.h, z0 + B * H, dhNext, 0, k.dz, z0, B * H);
            ops.zeroInactive(k.dz, z0, B, H, H, k.lengths, t);
            ops.gemm(false, false, B, H, H, 1, k.dz, z0, H, weightHh.value(), 0, H, 0, dhCur, 0, H);
            ops.carryInactive(dhNext, 0, dhCur, 0, B, H, k.lengths, t);
            Tensor s = dhNext; dhNext = dhCur; dhCur = s;
        }
        k.chunk.gemm(true, false, H, I, T * B, 1, k.dz, 0, H, k.x, 0, I, 1, weightIh.grad(), 0, I);
        k.chunk.gemm(true, false, H, H, T * B, 1, k.dz, 0, H, k.h, 0, H, 1, weightHh.grad(), 0, H);
        ops.addColumnSums(k.dz, 0, T * B, H, H, biasIh.grad(), 0);
        ops.addColumnSums(k.dz, 0, T * B, H, H, biasHh.grad(), 0);
        if (dx != null) k.chunk.gemm(false, false, T * B, I, H, 1, k.dz, 0, H, weightIh.value(), 0, I, 1, dx, 0, I);
        if (dInitial != null) Tensor.copy(dhNext, 0, dInitial[0], 0, B * H);
    }
}
