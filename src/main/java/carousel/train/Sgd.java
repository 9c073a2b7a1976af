package carousel.train;

import carousel.layer.Param;
import carousel.tensor.Ops;
import carousel.tensor.Tensor;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with (heavy-ball) momentum and L2 weight decay, as PyTorch's SGD:
 * g ← g + λθ;  v ← μv + g;  θ ← θ − η v   (μ = 0: plain SGD, θ ← θ − η g).
 * Rumelhart, Hinton &amp; Williams 1986; Polyak 1964 for momentum. The update is the kernel
 * {@link Ops#sgdStep}.
 */
public final class Sgd implements Optimizer {
    private final double momentum, weightDecay;
    private final Map<String, Tensor> velocity = new LinkedHashMap<>();
    private long steps;

    public Sgd(double momentum, double weightDecay) {
        if (momentum < 0 || momentum >= 1) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (weightDecay < 0) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(Collection<Param> params, double lr) {
        for (Param p : params) {
            Tensor w = p.value();
            Tensor v = momentum == 0 ? null : velocity.computeIfAbsent(p.name(), k -> Tensor.zeros(w.dtype, w.shape));
            Ops.of(w.dtype).sgdStep(w, p.grad(), v, w.size(), lr, momentum, weightDecay);
        }
        steps++;
    }

    @Override public long steps() { return steps; }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        velocity.forEach((k, v) -> s.put("momentum/" + k, v));
        s.put("step", Tensor.wrap(new float[]{steps}, 1));
        return s;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        velocity.clear();
        state.forEach((k, v) -> { if (k.startsWith("momentum/")) velocity.put(k.substring(9), v.copy()); });
        Tensor st = state.get("step");
        steps = st == null ? 0 : (long) st.get(0);
    }

    @Override public String describe() { return "SGD(momentum " + momentum + ", weight decay " + weightDecay + ")"; }
}
