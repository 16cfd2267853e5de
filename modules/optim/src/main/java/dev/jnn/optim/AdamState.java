package dev.jnn.optim;

import dev.jnn.core.Tensor;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.optim.internal.Checks;
import dev.jnn.optim.internal.Entries;
import java.util.Map;

/** Adam's and AdamW's per-parameter state and their shared step, on the backend's fused kernel. */
record AdamState(long step, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq) implements ParamState {
    @Override
    public Map<String, Tensor> tensors() {
        return Entries.tensors("exp_avg", expAvg, "exp_avg_sq", expAvgSq, "max_exp_avg_sq", maxExpAvgSq);
    }

    @Override
    public Map<String, Double> scalars() {
        return Map.of("step", (double) step);
    }

    static void validate(String opt, ParamGroup g) {
        Checks.atLeast(opt, g, "lr", 0);
        Checks.atLeast(opt, g, "eps", 0);
        Checks.unitOpen(opt, g, "beta1");
        Checks.unitOpen(opt, g, "beta2");
        Checks.atLeast(opt, g, "weight_decay", 0);
    }

    /** One step of {@code p}; returns the new state. */
    static AdamState step(AdamState s, ParamGroup g, Tensor p, Tensor grad, boolean decoupled) {
        boolean amsgrad = g.flag("amsgrad");
        if (s == null) s = new AdamState(0, Optimizer.persistentZeros(p), Optimizer.persistentZeros(p), null);
        Tensor max = s.maxExpAvgSq() == null && amsgrad ? Optimizer.persistentZeros(p) : s.maxExpAvgSq();
        s = new AdamState(s.step() + 1, s.expAvg(), s.expAvgSq(), max);
        AdamStep h = new AdamStep((float) g.lr(), (float) g.number("beta1"), (float) g.number("beta2"),
                (float) g.number("eps"), (float) g.number("weight_decay"), decoupled, amsgrad, s.step());
        p.backend().adamUpdate(h, p, Optimizer.direction(g, grad), s.expAvg(), s.expAvgSq(), amsgrad ? max : null);
        return s;
    }

    static AdamState restore(SavedParamState saved) {
        return new AdamState((long) saved.scalar("step"), saved.tensor("exp_avg"), saved.tensor("exp_avg_sq"),
                saved.optionalTensor("max_exp_avg_sq"));
    }
}
