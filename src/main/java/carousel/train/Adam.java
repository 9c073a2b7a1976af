package carousel.train;

import carousel.layer.Param;
import carousel.tensor.Tensor;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), with L2 weight
 * decay added to the gradient as PyTorch's Adam does:
 * g ← g + λθ;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η·m̂/(√v̂ + ε),
 * m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 */
public final class Adam implements Optimizer {
    private final double beta1, beta2, eps, weightDecay;
    private final Map<String, Tensor> m = new LinkedHashMap<>(), v = new LinkedHashMap<>();
    private long steps;

    public Adam(double beta1, double beta2, double eps, double weightDecay) {
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1) throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        if (eps <= 0) throw new IllegalArgumentException("Adam eps must be positive, got " + eps);
        if (weightDecay < 0) throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        this.beta1 = beta1; this.beta2 = beta2; this.eps = eps; this.weightDecay = weightDecay;
    }

    public Adam() { this(0.9, 0.999, 1e-8, 0); }

    @Override
    public void step(Collection<Param> params, double lr) {
        steps++;
        double c1 = 1 - Math.pow(beta1, steps), c2 = 1 - Math.pow(beta2, steps);
        float b1 = (float) beta1, b2 = (float) beta2, wd = (float) weightDecay;
        float stepSize = (float) (lr / c1), invSqrtC2 = (float) (1 / Math.sqrt(c2)), e = (float) eps;
        for (Param p : params) {
            float[] w = p.value().f, g = p.grad().f;
            float[] mm = m.computeIfAbsent(p.name(), k -> Tensor.f32(p.value().shape)).f;
            float[] vv = v.computeIfAbsent(p.name(), k -> Tensor.f32(p.value().shape)).f;
            for (int i = 0; i < w.length; i++) {
                float gi = g[i] + wd * w[i];
                mm[i] = b1 * mm[i] + (1 - b1) * gi;
                vv[i] = b2 * vv[i] + (1 - b2) * gi * gi;
                w[i] -= stepSize * mm[i] / ((float) Math.sqrt(vv[i]) * invSqrtC2 + e);
            }
        }
    }

    @Override public long steps() { return steps; }

    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> s = new LinkedHashMap<>();
        m.forEach((k, t) -> s.put("exp_avg/" + k, t));
        v.forEach((k, t) -> s.put("exp_avg_sq/" + k, t));
        s.put("step", Tensor.wrap(new float[]{steps}, 1));
        return s;
    }

    @Override
    public void loadState(Map<String, Tensor> state) {
        m.clear(); v.clear();
        state.forEach((k, t) -> {
            if (k.startsWith("exp_avg/")) m.put(k.substring(8), t.copy());
            else if (k.startsWith("exp_avg_sq/")) v.put(k.substring(11), t.copy());
        });
        Tensor st = state.get("step");
        steps = st == null ? 0 : (long) st.get(0);
    }

    @Override public String describe() { return "Adam(beta1 " + beta1 + ", beta2 " + beta2 + ", eps " + eps + ", weight decay " + weightDecay + ")"; }
}
