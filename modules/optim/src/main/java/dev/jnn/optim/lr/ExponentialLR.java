package dev.jnn.optim.lr;

import dev.jnn.optim.Optimizer;

/**
 * Multiplies the learning rate by {@code gamma} every epoch, PyTorch 1.13's {@code ExponentialLR}:
 * {@code lr(epoch) = initial_lr * gamma^epoch}, computed recursively.
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    /** Creates the scheduler and sets epoch 0's rate. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = new double[groups()];
        for (int i = 0; i < lrs.length; i++) lrs[i] = lastEpoch() == 0 ? groupLr(i) : groupLr(i) * gamma;
        return lrs;
    }
}
