package dev.jnn.nn;

import dev.jnn.core.Functional;
import dev.jnn.core.Functional.Reduction;
import dev.jnn.core.Tensor;

/** Mean squared error between equally shaped tensors, like {@code nn.MSELoss}. */
public final class MSELoss implements Loss {
    private final Reduction reduction;

    /** Mean reduction. */
    public MSELoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public MSELoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Tensor apply(Tensor input, Tensor target) {
        return Functional.mseLoss(input, target, reduction);
    }
}
