package dev.jnn.optim;

import dev.jnn.core.Tensor;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.Entries;
import java.util.List;
import java.util.Map;

/**
 * Adadelta, PyTorch 1.13's {@code torch.optim.Adadelta}.
 *
 * <p>Per parameter {@code p} with gradient {@code g} (negated when {@code maximize}):
 * <pre>
 * g = g + weight_decay * p
 * v = rho * v + (1 - rho) * g * g
 * delta = sqrt(u + eps) / sqrt(v + eps) * g
 * u = rho * u + (1 - rho) * delta * delta
 * p = p - lr * delta
 * </pre>
 *
 * <p>Defaults: {@code lr} 1.0, {@code rho} 0.9, {@code eps} 1e-6, {@code weight_decay} 0,
 * {@code maximize} false. State: {@code step}, {@code square_avg} (v), {@code acc_delta} (u).
 */
public final class Adadelta extends Optimizer {
    record State(long step, Tensor squareAvg, Tensor accDelta) implements ParamState {
        @Override
        public Map<String, Tensor> tensors() {
            return Entries.tensors("square_avg", squareAvg, "acc_delta", accDelta);
        }

        @Override
        public Map<String, Double> scalars() {
            return Map.of("step", (double) step);
        }
    }

    private Adadelta(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("Adadelta", defaults, groups);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(ParamGroup g) {
        Checks.atLeast(name(), g, "lr", 0);
        Checks.unitClosed(name(), g, "rho");
        Checks.atLeast(name(), g, "eps", 0);
        Checks.atLeast(name(), g, "weight_decay", 0);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad) {
        State s = state(p);
        if (s == null) s = new State(0, persistentZeros(p), persistentZeros(p));
        s = new State(s.step() + 1, s.squareAvg(), s.accDelta());
        putState(p, s);
        float rho = (float) g.number("rho");
        float eps = (float) g.number("eps");
        Tensor d = direction(g, grad);
        double wd = g.number("weight_decay");
        if (wd != 0) d = d.add(p.mul((float) wd));
        s.squareAvg().mulInPlace(rho).addInPlace(d.square(), 1f - rho);
        Tensor std = s.squareAvg().add(eps).sqrt();
        Tensor delta = s.accDelta().add(eps).sqrt().div(std).mul(d);
        s.accDelta().mulInPlace(rho).addInPlace(delta.square(), 1f - rho);
        p.addInPlace(delta, (float) -g.lr());
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        return new State((long) saved.scalar("step"), saved.tensor("square_avg"), saved.tensor("acc_delta"));
    }

    /** Builds an {@link Adadelta}. */
    public static final class Builder extends OptimizerBuilder<Builder, Adadelta> {
        Builder() {
            put("lr", 1.0).put("rho", 0.9).put("eps", 1e-6).put("weight_decay", 0.0).put("maximize", false);
        }

        /** Decay of the running averages (default 0.9). */
        public Builder rho(double v) {
            return put("rho", v);
        }

        /** Added inside the square roots (default 1e-6). */
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
        protected Adadelta create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new Adadelta(defaults, groups);
        }
    }
}
