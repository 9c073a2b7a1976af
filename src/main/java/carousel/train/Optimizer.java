package carousel.train;

import carousel.layer.Param;
import carousel.tensor.Tensor;

import java.util.Collection;
import java.util.Map;

/**
 * Updates parameters from their gradients. Call order per training step: zero the gradients,
 * forward, backward (gradients accumulate), optionally {@link GradientClipping}, then
 * {@link #step}. Optimizers keep per-parameter state by parameter name; {@link #state()} exposes
 * it for checkpoints and {@link #loadState} restores it, so a resumed run continues exactly.
 * Parameters are float32 (training runs in float32; float64 is for gradient checks).
 */
public interface Optimizer {
    /** One update with learning rate lr. */
    void step(Collection<Param> params, double lr);

    /** Number of steps taken so far. */
    long steps();

    /** Named state tensors (e.g. "exp_avg/lstm.weight_ih_l0") plus the step count as "step". */
    Map<String, Tensor> state();

    void loadState(Map<String, Tensor> state);

    String describe();
}
