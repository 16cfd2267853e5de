package dev.jnn.optim;

import dev.jnn.core.Tensor;
import dev.jnn.core.spi.SgdStep;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.Entries;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, PyTorch 1.13's {@code torch.optim.SGD}.
 *
 * <p>Per parameter {@code p} with gradient {@code g} (negated when {@code maximize}):
 * <pre>
 * g = g + weight_decay * p
 * if momentum != 0:
 *     buf = g                                   on the first step
 *     buf = momentum * buf + (1 - dampening) * g  afterwards
 *     g = nesterov ? g + momentum * buf : buf
 * p = p - lr * g
 * </pre>
 *
 * <p>Hyper-parameters and defaults: {@code lr} (required), {@code momentum} 0, {@code dampening} 0,
 * {@code weight_decay} 0, {@code nesterov} false (needs momentum &gt; 0 and dampening 0),
 * {@code maximize} false. State: {@code momentum_buffer}. The update runs as the backend's fused
 * {@code sgdUpdate} kernel.
 */
public final class SGD extends Optimizer {
    /** Per-parameter state: the momentum buffer, null while momentum is 0. */
    record State(Tensor momentumBuffer) implements ParamState {
        @Override
        public Map<String, Tensor> tensors() {
            return Entries.tensors("momentum_buffer", momentumBuffer);
        }
    }

    private SGD(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("SGD", defaults, groups);
    }

    /** A builder with PyTorch's defaults; {@code lr} must be set. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(ParamGroup g) {
        Checks.required(name(), g, "lr");
        Checks.atLeast(name(), g, "lr", 0);
        Checks.atLeast(name(), g, "momentum", 0);
        Checks.atLeast(name(), g, "weight_decay", 0);
        if (g.flag("nesterov") && (g.number("momentum") <= 0 || g.number("dampening") != 0)) {
            throw new IllegalArgumentException("SGD: nesterov needs momentum > 0 and dampening 0, got momentum "
                    + Checks.fmt(g.number("momentum")) + " and dampening " + Checks.fmt(g.number("dampening")));
        }
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad) {
        float momentum = (float) g.number("momentum");
        State s = state(p);
        boolean first = false;
        if (momentum != 0 && (s == null || s.momentumBuffer() == null)) {
            s = new State(persistentZeros(p));
            first = true;
        } else if (s == null) {
            s = new State(null);
        }
        putState(p, s);
        SgdStep h = new SgdStep((float) g.lr(), momentum, (float) g.number("dampening"),
                (float) g.number("weight_decay"), g.flag("nesterov"), first);
        p.backend().sgdUpdate(h, p, direction(g, grad), momentum == 0 ? null : s.momentumBuffer());
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        return new State(saved.optionalTensor("momentum_buffer"));
    }

    /** Builds an {@link SGD}. */
    public static final class Builder extends OptimizerBuilder<Builder, SGD> {
        Builder() {
            put("momentum", 0.0).put("dampening", 0.0).put("weight_decay", 0.0)
                    .put("nesterov", false).put("maximize", false);
        }

        /** Momentum factor (default 0). */
        public Builder momentum(double v) {
            return put("momentum", v);
        }

        /** Dampening of the momentum (default 0). */
        public Builder dampening(double v) {
            return put("dampening", v);
        }

        /** L2 penalty (default 0). */
        public Builder weightDecay(double v) {
            return put("weight_decay", v);
        }

        /** Nesterov momentum (default false). */
        public Builder nesterov(boolean v) {
            return put("nesterov", v);
        }

        /** Maximize the objective instead of minimizing (default false). */
        public Builder maximize(boolean v) {
            return put("maximize", v);
        }

        @Override
        protected SGD create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new SGD(defaults, groups);
        }
    }
}
