package carousel.train;

import carousel.layer.Param;
import carousel.tensor.Tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with (heavy-ball) momentum and L2 weight decay, as PyTorch's SGD:
 * g ← g + λθ;  v ← μv + g;  θ ← θ − η v   (μ = 0: plain SGD, θ ← θ − η g).
 * Rumelhart, Hinton &amp; Williams 1986; Polyak 1964 for momentum.
 */
public final class Sgd implements Optimizer {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
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
        float eta = (float) lr, mu = (float) momentum, wd = (float) weightDecay;
        FloatVector etaV = FloatVector.broadcast(S, eta), negEtaV = FloatVector.broadcast(S, -eta);
        FloatVector muV = FloatVector.broadcast(S, mu), wdV = FloatVector.broadcast(S, wd);
        for (Param p : params) {
            float[] w = p.value().f, g = p.grad().f;
            int n = w.length, i = 0, bound = S.loopBound(n);
            if (momentum == 0) {
                // w ← w − η (g + λ w), Vector API with a scalar tail
                for (; i < bound; i += S.length()) {
                    FloatVector wv = FloatVector.fromArray(S, w, i);
                    wv.sub(wv.fma(wdV, FloatVector.fromArray(S, g, i)).mul(etaV)).intoArray(w, i);
                }
                for (; i < n; i++) w[i] -= eta * (g[i] + wd * w[i]);
            } else {
                float[] v = velocity.computeIfAbsent(p.name(), k -> Tensor.f32(p.value().shape)).f;
                // v ← μ v + g + λ w;  w ← w − η v
                for (; i < bound; i += S.length()) {
                    FloatVector wv = FloatVector.fromArray(S, w, i);
                    FloatVector vv = FloatVector.fromArray(S, v, i).fma(muV, wv.fma(wdV, FloatVector.fromArray(S, g, i)));
                    vv.intoArray(v, i);
                    vv.fma(negEtaV, wv).intoArray(w, i);
                }
                for (; i < n; i++) {
                    v[i] = mu * v[i] + g[i] + wd * w[i];
                    w[i] -= eta * v[i];
                }
            }
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
