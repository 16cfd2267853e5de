package dev.jnn.optim;

import dev.jnn.core.Tensor;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.Entries;
import java.util.List;
import java.util.Map;

/**
 * Lazy Adam for sparse gradients, PyTorch 1.13's {@code torch.optim.SparseAdam}.
 *
 * <p>jnn has no sparse tensors, so gradients arrive dense: <b>a row (a slice along dimension 0, as
 * an embedding row; an element of a 1-d parameter) whose gradient is exactly zero everywhere counts as
 * absent</b>, like an embedding row that no index of the batch looked up. Absent rows are neither
 * updated nor have their moments decayed; present rows follow Adam, with PyTorch's placement of eps
 * (outside the bias correction). With {@code mask} 1 on present rows, at step {@code t = 1, 2, ...}
 * (counted on every step the parameter has a gradient, whichever rows are present):
 * <pre>
 * m = m + mask * (1 - beta1) * (g - m)
 * v = v + mask * (1 - beta2) * (g * g - v)
 * p = p - mask * lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
 * </pre>
 * This is PyTorch's rule whenever every looked-up row receives some nonzero gradient, as in the
 * reference data; a looked-up row whose gradient is exactly zero is the one case that differs
 * (PyTorch decays its moments, jnn leaves them).
 *
 * <p>Defaults: {@code lr} 1e-3, {@code beta1} 0.9, {@code beta2} 0.999, {@code eps} 1e-8,
 * {@code maximize} false; no weight decay. State: {@code step}, {@code exp_avg}, {@code exp_avg_sq}.
 */
public final class SparseAdam extends Optimizer {
    record State(long step, Tensor expAvg, Tensor expAvgSq) implements ParamState {
        @Override
        public Map<String, Tensor> tensors() {
            return Entries.tensors("exp_avg", expAvg, "exp_avg_sq", expAvgSq);
        }

        @Override
        public Map<String, Double> scalars() {
            return Map.of("step", (double) step);
        }
    }

    private SparseAdam(Map<String, Object> defaults, List<ParamGroup> groups) {
        super("SparseAdam", defaults, groups);
    }

    /** A builder with PyTorch's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void validate(ParamGroup g) {
        Checks.positive(name(), g, "lr");
        Checks.positive(name(), g, "eps");
        Checks.unitOpen(name(), g, "beta1");
        Checks.unitOpen(name(), g, "beta2");
    }

    @Override
    protected void update(ParamGroup g, Tensor p, Tensor grad) {
        State s = state(p);
        if (s == null) s = new State(0, persistentZeros(p), persistentZeros(p));
        s = new State(s.step() + 1, s.expAvg(), s.expAvgSq());
        putState(p, s);
        double beta1 = g.number("beta1");
        double beta2 = g.number("beta2");
        Tensor d = direction(g, grad);
        Tensor mask = presentRows(d);
        s.expAvg().addInPlace(d.sub(s.expAvg()).mul(mask), (float) (1 - beta1));
        s.expAvgSq().addInPlace(d.square().sub(s.expAvgSq()).mul(mask), (float) (1 - beta2));
        double stepSize = g.lr() * Math.sqrt(1 - Math.pow(beta2, s.step())) / (1 - Math.pow(beta1, s.step()));
        Tensor denom = s.expAvgSq().sqrt().add((float) g.number("eps"));
        p.addInPlace(s.expAvg().div(denom).mul(mask), (float) -stepSize);
    }

    /** 1 on the rows (slices along dimension 0) of {@code g} that hold a nonzero, else 0; shaped like g. */
    private static Tensor presentRows(Tensor g) {
        if (g.rank() <= 1 || g.numel() == 0) return g.abs().gt(0f);
        int rows = g.size(0);
        int perRow = Math.toIntExact(g.numel() / rows);
        Tensor anyNonzero = g.abs().reshape(rows, perRow).max(1, true).gt(0f);
        return anyNonzero.expand(rows, perRow).reshape(g.shape().dims());
    }

    @Override
    protected ParamState restoreState(ParamGroup g, Tensor p, SavedParamState saved) {
        return new State((long) saved.scalar("step"), saved.tensor("exp_avg"), saved.tensor("exp_avg_sq"));
    }

    /** Builds a {@link SparseAdam}. */
    public static final class Builder extends OptimizerBuilder<Builder, SparseAdam> {
        Builder() {
            put("lr", 1e-3).put("beta1", 0.9).put("beta2", 0.999).put("eps", 1e-8).put("maximize", false);
        }

        /** Decay rates of the first and second moment averages (default 0.9, 0.999). */
        public Builder betas(double beta1, double beta2) {
            return put("beta1", beta1).put("beta2", beta2);
        }

        /** Added to the denominator (default 1e-8). */
        public Builder eps(double v) {
            return put("eps", v);
        }

        /** Maximize the objective (default false). */
        public Builder maximize(boolean v) {
            return put("maximize", v);
        }

        @Override
        protected SparseAdam create(Map<String, Object> defaults, List<ParamGroup> groups) {
            return new SparseAdam(defaults, groups);
        }
    }
}
