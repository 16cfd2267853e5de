package dev.jnn.optim;

import dev.jnn.core.Tensor;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.Entries;
import java.util.List;
import java.util.Map;

/**
 * Averaged stochastic gradient descent, PyTorch 1.13's {@code torch.optim.ASGD}.
 *
 * <p>Per parameter {@code p} with gradient {@code g} (negated when {@code maximize}), at step
 * {@code t = 1, 2, ...}, with {@code eta} starting at {@code lr} and {@code mu} at 1:
 * <pre>
 * g = g + weight_decay * p
 * p = p * (1 - lambd * eta)
 * p = p - eta * g
 * ax = mu == 1 ? p : ax + mu * (p - ax)
 * eta = lr / (1 + lambd * lr * t)^alpha
 * mu = 1 / max(1, t - t0)
 * </pre>
 * {@code eta} and {@code mu} are kept in float32, as PyTorch keeps them in one-element tensors.
 * The averaged parameters {@code ax} are what ASGD is for: read them with {@link #averaged(Tensor)}.
 *
 * <p>Defaults: {@code lr} 1e-2, {@code lambd} 1e-4, {@code alpha} 0.75, {@code t0} 1e6,
 * {@code weight_decay} 0, {@code maximize} false. State: {@code step}, {@code eta}, {@code mu},
 * {@code ax}.
 */
public final class ASGD extends Optimizer {
    record State(long step, float eta, float mu, Tensor ax) implements ParamState {
        @Override
        public Map<String, Tensor> tensors() {
            return Entries.tensors("ax", ax);
        }

        @Override
        public Map<String, Double> scalars() {
            return Map.of("step", (double) step, "eta", (double) eta, "mu", (double) mu);
        }
    }

    private ASGD(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("ASGD", defaults, groups);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The running average {@code ax} of {@code param} (the optimizer's own tensor: copy it before
     * changing it), or null before the parameter's first step.
     */
    public Tensor averaged(Tensor param) {
        State s = state(param);
        return s == null ? null : s.ax();
    }

    /** The current step size {@code eta} of {@code param}, or NaN before its first step. */
    public double eta(Tensor param) {
        State s = state(param);
        return s == null ? Double.NaN : s.eta();
    }

    /** The current averaging weight {@code mu} of {@code param}, or NaN before its first step. */
    public double mu(Tensor param) {
        State s = state(param);
        return s == null ? Double.NaN : s.mu();
    }

    @Override
    protected void validate(ParamGroup g) {
        Checks.atLeast(name(), g, "lr", 0);
        Checks.atLeast(name(), g, "lambd", 0);
        Checks.atLeast(name(), g, "alpha", 0);
        Checks.atLeast(name(), g, "t0", 0);
        Checks.atLeast(name(), g, "weight_decay", 0);
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad) {
        double lr = g.lr();
        double lambd = g.number("lambd");
        State s = state(p);
        if (s == null) s = new State(0, (float) lr, 1f, persistentZeros(p));
        long step = s.step() + 1;
        Tensor d = direction(g, grad);
        double wd = g.number("weight_decay");
        if (wd != 0) d = d.add(p.mul((float) wd));
        p.mulInPlace((float) (1 - lambd * s.eta()));
        p.addInPlace(d, -s.eta());
        if (s.mu() != 1f) {
            s.ax().addInPlace(p.sub(s.ax()).mul(s.mu()), 1f);
        } else {
            s.ax().copyFrom(p);
        }
        float eta = (float) (lr / Math.pow(1 + lambd * lr * step, g.number("alpha")));
        float mu = (float) (1 / Math.max(1, step - g.number("t0")));
        putState(p, new State(step, eta, mu, s.ax()));
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        return new State((long) saved.scalar("step"), (float) saved.scalar("eta"), (float) saved.scalar("mu"),
                saved.tensor("ax"));
    }

    /** Builds an {@link ASGD}. */
    public static final class Builder extends OptimizerBuilder<Builder, ASGD> {
        Builder() {
            put("lr", 1e-2).put("lambd", 1e-4).put("alpha", 0.75).put("t0", 1e6).put("weight_decay", 0.0)
                    .put("maximize", false);
        }

        /** Decay term (default 1e-4). */
        public Builder lambd(double v) {
            return put("lambd", v);
        }

        /** Power of the eta update (default 0.75). */
        public Builder alpha(double v) {
            return put("alpha", v);
        }

        /** Step at which averaging starts (default 1e6). */
        public Builder t0(double v) {
            return put("t0", v);
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
        protected ASGD create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new ASGD(defaults, groups);
        }
    }
}
