package dev.jnn.optim.lr;

import dev.jnn.optim.Optimizer;

/**
 * Cosine annealing from {@code initial_lr} down to {@code etaMin} over {@code tMax} epochs, PyTorch
 * 1.13's {@code CosineAnnealingLR} in its recursive form:
 * <pre>
 * epoch 0:                          lr = initial_lr
 * (epoch - 1 - T_max) % (2 T_max) == 0:  lr = lr + (initial_lr - eta_min) * (1 - cos(pi / T_max)) / 2
 * otherwise:                        lr = (1 + cos(pi e / T_max)) / (1 + cos(pi (e - 1) / T_max)) * (lr - eta_min) + eta_min
 * </pre>
 * Past {@code tMax} the rate climbs back up (the cosine continues). The recursion accumulates
 * rounding, so its values differ in the last digits from the closed form
 * {@code eta_min + (initial_lr - eta_min) * (1 + cos(pi e / T_max)) / 2}; jnn follows PyTorch's.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /**
     * Creates the scheduler and sets epoch 0's rate.
     *
     * @throws IllegalArgumentException if {@code tMax < 1}
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: T_max must be >= 1, got " + tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    /** With PyTorch's default {@code eta_min} 0. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    @Override
    protected double[] computeLr() {
        int e = lastEpoch();
        double[] lrs = new double[groups()];
        for (int i = 0; i < lrs.length; i++) {
            double lr = groupLr(i);
            if (e == 0) {
                lrs[i] = lr;
            } else if (Math.floorMod(e - 1 - tMax, 2 * tMax) == 0) {
                lrs[i] = lr + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + Math.cos(Math.PI * e / tMax)) / (1 + Math.cos(Math.PI * (e - 1) / tMax))
                        * (lr - etaMin) + etaMin;
            }
        }
        return lrs;
    }
}
