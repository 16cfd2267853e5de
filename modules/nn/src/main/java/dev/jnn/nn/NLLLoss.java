package dev.jnn.nn;

import dev.jnn.core.Functional;
import dev.jnn.core.Functional.Reduction;
import dev.jnn.core.Tensor;

/** Negative log-likelihood of log-probabilities [N, C] at class indices [N], like {@code nn.NLLLoss}. */
public final class NLLLoss implements Loss {
    private final Reduction reduction;

    /** Mean reduction. */
    public NLLLoss() {
        this(Reduction.MEAN);
    }

    /** The given reduction. */
    public NLLLoss(Reduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public Tensor apply(Tensor logProbs, Tensor target) {
        return Functional.nllLoss(logProbs, target, reduction);
    }
}
