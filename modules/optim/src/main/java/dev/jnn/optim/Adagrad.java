package dev.jnn.optim;

import dev.jnn.core.Tensor;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.Entries;
import java.util.List;
import java.util.Map;

/**
 * Adagrad, PyTorch 1.13's {@code torch.optim.Adagrad}.
 *
 * <p>Per parameter {@code p} with gradient {@code g} (negated when {@code maximize}), at step
 * {@code t = 1, 2, ...}:
 * <pre>
 * g = g + weight_decay * p
 * clr = lr / (1 + (t - 1) * lr_decay)
 * sum = sum + g * g                      (sum starts at initial_accumulator_value)
 * p = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 *
 * <p>Defaults: {@code lr} 1e-2, {@code lr_decay} 0, {@code weight_decay} 0,
 * {@code initial_accumulator_value} 0, {@code eps} 1e-10, {@code maximize} false. State: {@code step},
 * {@code sum}.
 */
public final class Adagrad extends Optimizer {
    record State(long step, Tensor sum) implements ParamState {
        @Override
        public Map<String, Tensor> tensors() {
            return Entries.tensors("sum", sum);
        }

        @Override
        public Map<String, Double> scalars() {
            return Map.of("step", (double) step);
        }
    }

    private Adagrad(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("Adagrad", defaults, groups);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(ParamGroup g) {
        Checks.atLeast(name(), g, "lr", 0);
        Checks.atLeast(name(), g, "lr_decay", 0);
        Checks.atLeast(name(), g, "weight_decay", 0);
        Checks.atLeast(name(), g, "initial_accumulator_value", 0);
        Checks.atLeast(name(), g, "eps", 0);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad) {
        State s = state(p);
        if (s == null) s = new State(0, persistentFull(p, (float) g.number("initial_accumulator_value")));
        s = new State(s.step() + 1, s.sum());
        putState(p, s);
        Tensor d = direction(g, grad);
        double wd = g.number("weight_decay");
        if (wd != 0) d = d.add(p.mul((float) wd));
        double clr = g.lr() / (1 + (s.step() - 1) * g.number("lr_decay"));
        s.sum().addInPlace(d.square(), 1f);
        p.addInPlace(d.div(s.sum().sqrt().add((float) g.number("eps"))), (float) -clr);
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        return new State((long) saved.scalar("step"), saved.tensor("sum"));
    }

    /** Builds an {@link Adagrad}. */
    public static final class Builder extends OptimizerBuilder<Builder, Adagrad> {
        Builder() {
            put("lr", 1e-2).put("lr_decay", 0.0).put("weight_decay", 0.0)
                    .put("initial_accumulator_value", 0.0).put("eps", 1e-10).put("maximize", false);
        }

        /** Learning-rate decay per step (default 0). */
        public Builder lrDecay(double v) {
            return put("lr_decay", v);
        }

        /** L2 penalty (default 0). */
        public Builder weightDecay(double v) {
            return put("weight_decay", v);
        }

        /** Starting value of the sum of squares (default 0). */
        public Builder initialAccumulatorValue(double v) {
            return put("initial_accumulator_value", v);
        }

        /** Added to the denominator (default 1e-10). */
        public Builder eps(double v) {
            return put("eps", v);
        }

        /** Maximize the objective (default false). */
        public Builder maximize(boolean v) {
            return put("maximize", v);
        }

        @Override
        protected Adagrad create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new Adagrad(defaults, groups);
        }
    }
}
