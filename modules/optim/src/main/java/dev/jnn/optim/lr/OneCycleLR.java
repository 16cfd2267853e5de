package dev.jnn.optim.lr;

import dev.jnn.optim.Optimizer;
import dev.jnn.optim.ParamGroup;

/**
 * The 1cycle policy, PyTorch 1.13's {@code OneCycleLR}, stepped once per <em>batch</em>: the rate
 * rises from {@code max_lr / div_factor} to {@code max_lr} over the first {@code pct_start} of
 * {@code total_steps}, then falls to {@code initial_lr / final_div_factor}; with
 * {@code three_phase} it first falls back to {@code initial_lr} symmetrically and only then anneals
 * to the minimum. When {@code cycle_momentum} is on, the momentum (or Adam's {@code beta1}) moves
 * the opposite way between {@code max_momentum} and {@code base_momentum}.
 *
 * <p>Phase {@code k} spans steps {@code (start, end]} with {@code end} = {@code pct_start * total - 1}
 * (then {@code 2 * pct_start * total - 2} for the three-phase middle, and {@code total - 1}); within
 * it, {@code pct = (step - start) / (end - start)} and the value is
 * {@code cos}: {@code end_v + (start_v - end_v) / 2 * (cos(pi * pct) + 1)}, or
 * {@code linear}: {@code (end_v - start_v) * pct + start_v}.
 *
 * <pre>{@code
 * OneCycleLR sched = OneCycleLR.builder(0.1).totalSteps(epochs * batchesPerEpoch).build(optimizer);
 * }</pre>
 */
public final class OneCycleLR extends LRScheduler {
    /** How a phase interpolates. */
    public enum Anneal { COS, LINEAR }

    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {
    }

    private final int totalSteps;
    private final Phase[] phases;
    private final Anneal anneal;
    private final boolean cycleMomentum;
    private final boolean useBeta1;

    private OneCycleLR(Optimizer optimizer, Builder b, int totalSteps) {
        super(prepare(optimizer, b));
        this.totalSteps = totalSteps;
        this.anneal = b.anneal;
        this.cycleMomentum = b.cycleMomentum;
        this.useBeta1 = optimizer.defaults().containsKey("beta1");
        double pct = b.pctStart;
        phases = b.threePhase
                ? new Phase[] {
                    new Phase(pct * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(2 * pct * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                    new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")}
                : new Phase[] {
                    new Phase(pct * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")};
        initialStep();
    }

    /** Sets the groups' initial/max/min rates and momenta before the base class reads initial_lr. */
    private static Optimizer prepare(Optimizer optimizer, Builder b) {
        boolean beta1 = optimizer.defaults().containsKey("beta1");
        if (b.cycleMomentum && !beta1 && !optimizer.defaults().containsKey("momentum")) {
            throw new IllegalArgumentException("OneCycleLR: cycle_momentum needs an optimizer with momentum or betas, "
                    + optimizer.name() + " has neither; call cycleMomentum(false)");
        }
        for (ParamGroup g : optimizer.paramGroups()) {
            g.set("initial_lr", b.maxLr / b.divFactor);
            g.set("max_lr", b.maxLr);
            g.set("min_lr", g.number("initial_lr") / b.finalDivFactor);
            if (b.cycleMomentum) {
                g.set(beta1 ? "beta1" : "momentum", b.maxMomentum);
                g.set("max_momentum", b.maxMomentum);
                g.set("base_momentum", b.baseMomentum);
            }
        }
        return optimizer;
    }

    /** A builder for a cycle peaking at {@code maxLr}; set {@code totalSteps} or epochs and steps per epoch. */
    public static Builder builder(double maxLr) {
        return new Builder(maxLr);
    }

    @Override
    protected double[] computeLr() {
        int stepNum = lastEpoch();
        if (stepNum > totalSteps) {
            throw new IllegalStateException("OneCycleLR: stepped " + (stepNum + 1) + " times, but total_steps is "
                    + totalSteps + "; build it with more steps");
        }
        double[] lrs = new double[groups()];
        for (int i = 0; i < lrs.length; i++) {
            ParamGroup g = optimizer.paramGroups().get(i);
            double start = 0;
            for (int k = 0; k < phases.length; k++) {
                Phase ph = phases[k];
                if (stepNum <= ph.endStep() || k == phases.length - 1) {
                    double pct = (stepNum - start) / (ph.endStep() - start);
                    lrs[i] = anneal(g.number(ph.startLr()), g.number(ph.endLr()), pct);
                    if (cycleMomentum) {
                        double m = anneal(g.number(ph.startMomentum()), g.number(ph.endMomentum()), pct);
                        g.set(useBeta1 ? "beta1" : "momentum", m);
                    }
                    break;
                }
                start = ph.endStep();
            }
        }
        return lrs;
    }

    private double anneal(double start, double end, double pct) {
        return switch (anneal) {
            case COS -> end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
            case LINEAR -> (end - start) * pct + start;
        };
    }

    /** Builds a {@link OneCycleLR}, with PyTorch's defaults. */
    public static final class Builder {
        private final double maxLr;
        private Integer totalSteps;
        private int epochs;
        private int stepsPerEpoch;
        private double pctStart = 0.3;
        private Anneal anneal = Anneal.COS;
        private boolean cycleMomentum = true;
        private double baseMomentum = 0.85;
        private double maxMomentum = 0.95;
        private double divFactor = 25;
        private double finalDivFactor = 1e4;
        private boolean threePhase;

        private Builder(double maxLr) {
            this.maxLr = maxLr;
        }

        /** The number of {@code step()} calls in the cycle. */
        public Builder totalSteps(int v) {
            totalSteps = v;
            return this;
        }

        /** Epochs and steps per epoch, whose product is the total when {@code totalSteps} is not set. */
        public Builder epochs(int epochs, int stepsPerEpoch) {
            this.epochs = epochs;
            this.stepsPerEpoch = stepsPerEpoch;
            return this;
        }

        /** Fraction of the cycle spent increasing the rate (default 0.3). */
        public Builder pctStart(double v) {
            pctStart = v;
            return this;
        }

        /** Cosine or linear annealing (default cosine). */
        public Builder anneal(Anneal v) {
            anneal = v;
            return this;
        }

        /** Cycle momentum or beta1 inversely to the rate (default true). */
        public Builder cycleMomentum(boolean v) {
            cycleMomentum = v;
            return this;
        }

        /** Lower and upper momentum (default 0.85, 0.95). */
        public Builder momentum(double base, double max) {
            baseMomentum = base;
            maxMomentum = max;
            return this;
        }

        /** {@code initial_lr = max_lr / divFactor} (default 25). */
        public Builder divFactor(double v) {
            divFactor = v;
            return this;
        }

        /** {@code min_lr = initial_lr / finalDivFactor} (default 1e4). */
        public Builder finalDivFactor(double v) {
            finalDivFactor = v;
            return this;
        }

        /** Use the three-phase schedule (default false). */
        public Builder threePhase(boolean v) {
            threePhase = v;
            return this;
        }

        /**
         * Creates the scheduler over {@code optimizer} and sets step 0's rate.
         *
         * @throws IllegalArgumentException for a missing or bad setting, naming it
         */
        public OneCycleLR build(Optimizer optimizer) {
            int total;
            if (totalSteps != null) {
                if (totalSteps <= 0) throw new IllegalArgumentException("OneCycleLR: total_steps must be >= 1, got " + totalSteps);
                total = totalSteps;
            } else if (epochs != 0 || stepsPerEpoch != 0) {
                if (epochs <= 0) throw new IllegalArgumentException("OneCycleLR: epochs must be >= 1, got " + epochs);
                if (stepsPerEpoch <= 0) {
                    throw new IllegalArgumentException("OneCycleLR: steps_per_epoch must be >= 1, got " + stepsPerEpoch);
                }
                total = Math.multiplyExact(epochs, stepsPerEpoch);
            } else {
                throw new IllegalArgumentException("OneCycleLR: set totalSteps(n) or epochs(epochs, stepsPerEpoch)");
            }
            if (!(pctStart >= 0 && pctStart <= 1)) {
                throw new IllegalArgumentException("OneCycleLR: pct_start must be in [0, 1], got " + pctStart);
            }
            return new OneCycleLR(optimizer, this, total);
        }
    }
}
