package dev.jnn.optim;

import dev.jnn.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Adam, PyTorch 1.13's {@code torch.optim.Adam}. {@link AdamW} decouples the weight decay.
 *
 * <p>Per parameter {@code p} with gradient {@code g} (negated when {@code maximize}), at step
 * {@code t = 1, 2, ...}:
 * <pre>
 * g = g + weight_decay * p                 (L2 penalty, coupled)
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * vmax = max(vmax, v)                        (amsgrad only; then v below means vmax)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p>Defaults: {@code lr} 1e-3, {@code beta1} 0.9, {@code beta2} 0.999 (PyTorch's {@code betas}),
 * {@code eps} 1e-8, {@code weight_decay} 0, {@code amsgrad} false, {@code maximize} false. State: {@code step},
 * {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq} (amsgrad). The update runs as the
 * backend's fused {@code adamUpdate} kernel.
 */
public final class Adam extends Optimizer {
    private Adam(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("Adam", defaults, groups);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(ParamGroup g) {
        AdamState.validate(name(), g);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad) {
        putState(p, AdamState.step(state(p), g, p, grad, false));
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        return AdamState.restore(saved);
    }

    /** Builds an {@link Adam}. */
    public static final class Builder extends AdamBuilder<Builder, Adam> {
        Builder() {
            super(0.0);
        }

        @Override
        protected Adam create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new Adam(defaults, groups);
        }
    }
}
