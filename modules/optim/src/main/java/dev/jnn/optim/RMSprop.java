package dev.jnn.optim;

import dev.jnn.core.Tensor;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.Entries;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, PyTorch 1.13's {@code torch.optim.RMSprop}.
 *
 * <p>Per parameter {@code p} with gradient {@code g} (negated when {@code maximize}):
 * <pre>
 * g = g + weight_decay * p
 * v = alpha * v + (1 - alpha) * g * g
 * if centered: m = alpha * m + (1 - alpha) * g;  avg = sqrt(v - m * m) + eps
 * else:        avg = sqrt(v) + eps
 * if momentum > 0: buf = momentum * buf + g / avg;  p = p - lr * buf
 * else:            p = p - lr * g / avg
 * </pre>
 *
 * <p>Defaults: {@code lr} 1e-2, {@code alpha} 0.99, {@code eps} 1e-8, {@code weight_decay} 0,
 * {@code momentum} 0, {@code centered} false, {@code maximize} false. State: {@code step},
 * {@code square_avg}, {@code momentum_buffer} (momentum &gt; 0), {@code grad_avg} (centered).
 */
public final class RMSprop extends Optimizer {
    record State(long step, Tensor squareAvg, Tensor momentumBuffer, Tensor gradAvg) implements ParamState {
        @Override
        public Map<String, Tensor> tensors() {
            return Entries.tensors("square_avg", squareAvg, "momentum_buffer", momentumBuffer, "grad_avg", gradAvg);
        }

        @Override
        public Map<String, Double> scalars() {
            return Map.of("step", (double) step);
        }
    }

    private RMSprop(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("RMSprop", defaults, groups);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(ParamGroup g) {
        Checks.atLeast(name(), g, "lr", 0);
        Checks.atLeast(name(), g, "eps", 0);
        Checks.atLeast(name(), g, "momentum", 0);
        Checks.atLeast(name(), g, "weight_decay", 0);
        Checks.atLeast(name(), g, "alpha", 0);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad) {
        float momentum = (float) g.number("momentum");
        boolean centered = g.flag("centered");
        State s = state(p);
        if (s == null) s = new State(0, persistentZeros(p), null, null);
        // Buffers appear when a scheduler or the user turns momentum or centering on later.
        Tensor buf = s.momentumBuffer() == null && momentum > 0 ? persistentZeros(p) : s.momentumBuffer();
        Tensor gradAvg = s.gradAvg() == null && centered ? persistentZeros(p) : s.gradAvg();
        s = new State(s.step() + 1, s.squareAvg(), buf, gradAvg);
        putState(p, s);

        float alpha = (float) g.number("alpha");
        Tensor d = direction(g, grad);
        double wd = g.number("weight_decay");
        if (wd != 0) d = d.add(p.mul((float) wd));
        s.squareAvg().mulInPlace(alpha).addInPlace(d.square(), 1f - alpha);
        Tensor avg;
        if (centered) {
            gradAvg.mulInPlace(alpha).addInPlace(d, 1f - alpha);
            avg = s.squareAvg().sub(gradAvg.square()).sqrt();
        } else {
            avg = s.squareAvg().sqrt();
        }
        avg = avg.add((float) g.number("eps"));
        float lr = (float) g.lr();
        if (momentum > 0) {
            buf.mulInPlace(momentum).addInPlace(d.div(avg), 1f);
            p.addInPlace(buf, -lr);
        } else {
            p.addInPlace(d.div(avg), -lr);
        }
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        return new State((long) saved.scalar("step"), saved.tensor("square_avg"),
                saved.optionalTensor("momentum_buffer"), saved.optionalTensor("grad_avg"));
    }

    /** Builds an {@link RMSprop}. */
    public static final class Builder extends OptimizerBuilder<Builder, RMSprop> {
        Builder() {
            put("lr", 1e-2).put("alpha", 0.99).put("eps", 1e-8).put("weight_decay", 0.0)
                    .put("momentum", 0.0).put("centered", false).put("maximize", false);
        }

        /** Smoothing constant of the squared-gradient average (default 0.99). */
        public Builder alpha(double v) {
            return put("alpha", v);
        }

        /** Added to the denominator (default 1e-8). */
        public Builder eps(double v) {
            return put("eps", v);
        }

        /** L2 penalty (default 0). */
        public Builder weightDecay(double v) {
            return put("weight_decay", v);
        }

        /** Momentum factor (default 0). */
        public Builder momentum(double v) {
            return put("momentum", v);
        }

        /** Normalise by the estimated variance of the gradient (default false). */
        public Builder centered(boolean v) {
            return put("centered", v);
        }

        /** Maximize the objective (default false). */
        public Builder maximize(boolean v) {
            return put("maximize", v);
        }

        @Override
        protected RMSprop create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new RMSprop(defaults, groups);
        }
    }
}
