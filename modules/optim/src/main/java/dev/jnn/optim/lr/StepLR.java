package dev.jnn.optim.lr;

import dev.jnn.optim.Optimizer;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs, PyTorch 1.13's
 * {@code StepLR}: {@code lr(epoch) = initial_lr * gamma^floor(epoch / stepSize)}, computed
 * recursively ({@code lr *= gamma} when {@code epoch % stepSize == 0}, epoch &gt; 0).
 *
 * <p>Seed 004's rule "lr × 0.1 every 5 epochs" is {@code new StepLR(optimizer, 5, 0.1)}, stepped
 * once per epoch.
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /**
     * Creates the scheduler and sets epoch 0's rate.
     *
     * @throws IllegalArgumentException if {@code stepSize < 1}
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) throw new IllegalArgumentException("StepLR: step_size must be >= 1, got " + stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    /** With PyTorch's default {@code gamma} 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = new double[groups()];
        boolean decay = lastEpoch() != 0 && lastEpoch() % stepSize == 0;
        for (int i = 0; i < lrs.length; i++) lrs[i] = decay ? groupLr(i) * gamma : groupLr(i);
        return lrs;
    }
}
