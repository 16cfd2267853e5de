package dev.jnn.optim;

import dev.jnn.core.Tensor;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.Entries;
import java.util.List;
import java.util.Map;

/**
 * Adamax (Adam with the infinity norm), PyTorch 1.13's {@code torch.optim.Adamax}.
 *
 * <p>Per parameter {@code p} with gradient {@code g} (negated when {@code maximize}), at step
 * {@code t = 1, 2, ...}:
 * <pre>
 * g = g + weight_decay * p
 * m = beta1 * m + (1 - beta1) * g
 * u = max(beta2 * u, |g| + eps)
 * p = p - lr / (1 - beta1^t) * m / u
 * </pre>
 *
 * <p>Defaults: {@code lr} 2e-3, {@code beta1} 0.9, {@code beta2} 0.999, {@code eps} 1e-8,
 * {@code weight_decay} 0, {@code maximize} false. State: {@code step}, {@code exp_avg} (m),
 * {@code exp_inf} (u).
 */
public final class Adamax extends Optimizer {
    record State(long step, Tensor expAvg, Tensor expInf) implements ParamState {
        @Override
        public Map<String, Tensor> tensors() {
            return Entries.tensors("exp_avg", expAvg, "exp_inf", expInf);
        }

        @Override
        public Map<String, Double> scalars() {
            return Map.of("step", (double) step);
        }
    }

    private Adamax(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("Adamax", defaults, groups);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(ParamGroup g) {
        Checks.atLeast(name(), g, "lr", 0);
        Checks.atLeast(name(), g, "eps", 0);
        Checks.unitOpen(name(), g, "beta1");
        Checks.unitOpen(name(), g, "beta2");
        Checks.atLeast(name(), g, "weight_decay", 0);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad) {
        State s = state(p);
        if (s == null) s = new State(0, persistentZeros(p), persistentZeros(p));
        s = new State(s.step() + 1, s.expAvg(), s.expInf());
        putState(p, s);
        float beta1 = (float) g.number("beta1");
        Tensor d = direction(g, grad);
        double wd = g.number("weight_decay");
        if (wd != 0) d = d.add(p.mul((float) wd));
        s.expAvg().mulInPlace(beta1).addInPlace(d, 1f - beta1);
        s.expInf().copyFrom(s.expInf().mul((float) g.number("beta2")).maximum(d.abs().add((float) g.number("eps"))));
        double clr = g.lr() / (1 - Math.pow(g.number("beta1"), s.step()));
        p.addInPlace(s.expAvg().div(s.expInf()), (float) -clr);
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        return new State((long) saved.scalar("step"), saved.tensor("exp_avg"), saved.tensor("exp_inf"));
    }

    /** Builds an {@link Adamax}. */
    public static final class Builder extends OptimizerBuilder<Builder, Adamax> {
        Builder() {
            put("lr", 2e-3).put("beta1", 0.9).put("beta2", 0.999).put("eps", 1e-8).put("weight_decay", 0.0)
                    .put("maximize", false);
        }

        /** Decay rates of the moment and the infinity norm (default 0.9, 0.999). */
        public Builder betas(double beta1, double beta2) {
            return put("beta1", beta1).put("beta2", beta2);
        }

        /** Added to |g| (default 1e-8). */
        public Builder eps(double v) {
            return put("eps", v);
        }

        /** L2 penalty (default 0). */
        public Builder weightDecay(double v) {
            return put("weight_decay", v);
        }

        /** Maximize the objective (default false). */
        public Builder maximize(boolean v) {
            return put("maximize", v);
        }

        @Override
        protected Adamax create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new Adamax(defaults, groups);
        }
    }
}
