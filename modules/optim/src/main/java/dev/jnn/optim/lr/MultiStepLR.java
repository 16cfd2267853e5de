package dev.jnn.optim.lr;

import dev.jnn.optim.Optimizer;
import java.util.HashMap;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code gamma} at each milestone epoch, PyTorch 1.13's
 * {@code MultiStepLR}: {@code lr *= gamma^k} at an epoch listed {@code k} times.
 */
public final class MultiStepLR extends LRScheduler {
    private final Map<Integer, Integer> milestones = new HashMap<>();
    private final double gamma;

    /**
     * Creates the scheduler and sets epoch 0's rate.
     *
     * @throws IllegalArgumentException if a milestone is negative
     */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        for (int m : milestones) {
            if (m < 0) throw new IllegalArgumentException("MultiStepLR: milestones must be >= 0, got " + m);
            this.milestones.merge(m, 1, Integer::sum);
        }
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = new double[groups()];
        Integer k = milestones.get(lastEpoch());
        for (int i = 0; i < lrs.length; i++) lrs[i] = k == null ? groupLr(i) : groupLr(i) * Math.pow(gamma, k);
        return lrs;
    }
}
