package dev.jnn.optim;

import dev.jnn.core.Tensor;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.Entries;
import java.util.List;
import java.util.Map;

/**
 * Resilient back-propagation, PyTorch 1.13's {@code torch.optim.Rprop}.
 *
 * <p>Per element, with gradient {@code g} (negated when {@code maximize}), the previous step's
 * (masked) gradient {@code prev} (starting at 0) and a step size {@code s} (starting at {@code lr}):
 * <pre>
 * f = eta_plus if g * prev &gt; 0;  eta_minus if g * prev &lt; 0;  1 otherwise
 * s = clamp(s * f, step_size_min, step_size_max)
 * g = 0 where g * prev &lt; 0                  (skip the step after a sign change)
 * p = p - sign(g) * s
 * prev = g
 * </pre>
 *
 * <p>Defaults: {@code lr} 1e-2, {@code eta_minus} 0.5, {@code eta_plus} 1.2 (PyTorch's {@code etas}),
 * {@code step_size_min} 1e-6, {@code step_size_max} 50 ({@code step_sizes}), {@code maximize} false.
 * State: {@code step}, {@code prev}, {@code step_size}.
 */
public final class Rprop extends Optimizer {
    record State(long step, Tensor prev, Tensor stepSize) implements ParamState {
        @Override
        public Map<String, Tensor> tensors() {
            return Entries.tensors("prev", prev, "step_size", stepSize);
        }

        @Override
        public Map<String, Double> scalars() {
            return Map.of("step", (double) step);
        }
    }

    private Rprop(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("Rprop", defaults, groups);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(ParamGroup g) {
        Checks.atLeast(name(), g, "lr", 0);
        double minus = g.number("eta_minus");
        double plus = g.number("eta_plus");
        if (!(0 < minus && minus < 1 && 1 < plus)) {
            throw new IllegalArgumentException("Rprop: etas must satisfy 0 < eta_minus < 1 < eta_plus, got "
                    + Checks.fmt(minus) + ", " + Checks.fmt(plus));
        }
        Checks.atLeast(name(), g, "step_size_min", 0);
        if (!(g.number("step_size_max") >= g.number("step_size_min"))) {
            throw new IllegalArgumentException("Rprop: step_size_max must be >= step_size_min, got "
                    + Checks.fmt(g.number("step_size_max")) + " < " + Checks.fmt(g.number("step_size_min")));
        }
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad) {
        State s = state(p);
        if (s == null) s = new State(0, persistentZeros(p), persistentFull(p, (float) g.lr()));
        s = new State(s.step() + 1, s.prev(), s.stepSize());
        putState(p, s);
        Tensor d = direction(g, grad);
        Tensor sign = d.mul(s.prev()).sign();
        Tensor up = sign.gt(0f);
        Tensor down = sign.lt(0f);
        // Exactly one of the three terms is non-zero, so the factor is eta_plus, eta_minus or 1 exactly.
        Tensor factor = up.mul((float) g.number("eta_plus")).add(down.mul((float) g.number("eta_minus")))
                .add(sign.eq(0f));
        s.stepSize().copyFrom(s.stepSize().mul(factor)
                .clampMin((float) g.number("step_size_min")).clampMax((float) g.number("step_size_max")));
        Tensor kept = d.mul(down.eq(0f));
        p.addInPlace(kept.sign().mul(s.stepSize()), -1f);
        s.prev().copyFrom(kept);
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        return new State((long) saved.scalar("step"), saved.tensor("prev"), saved.tensor("step_size"));
    }

    /** Builds an {@link Rprop}. */
    public static final class Builder extends OptimizerBuilder<Builder, Rprop> {
        Builder() {
            put("lr", 1e-2).put("eta_minus", 0.5).put("eta_plus", 1.2).put("step_size_min", 1e-6)
                    .put("step_size_max", 50.0).put("maximize", false);
        }

        /** Step-size factors after a sign change and after agreement (default 0.5, 1.2). */
        public Builder etas(double etaMinus, double etaPlus) {
            return put("eta_minus", etaMinus).put("eta_plus", etaPlus);
        }

        /** Bounds of the step size (default 1e-6, 50). */
        public Builder stepSizes(double min, double max) {
            return put("step_size_min", min).put("step_size_max", max);
        }

        /** Maximize the objective (default false). */
        public Builder maximize(boolean v) {
            return put("maximize", v);
        }

        @Override
        protected Rprop create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new Rprop(defaults, groups);
        }
    }
}
