package dev.jnn.nn;

import dev.jnn.core.Functional;
import dev.jnn.core.Functional.Reduction;
import dev.jnn.core.Tensor;

/**
 * Cross-entropy of logits [N, C] against class indices [N], fused with log-softmax, like
 * {@code nn.CrossEntropyLoss(reduction, label_smoothing)}:
 * {@code loss_i = -(1-s)·log p[i, t_i] - (s/C)·Σ_c log p[i, c]}, then mean or sum.
 */
public final class CrossEntropyLoss implements Loss {
    private final Reduction reduction;
    private final float labelSmoothing;

    /** Mean reduction, no smoothing. */
    public CrossEntropyLoss() {
        this(Reduction.MEAN, 0f);
    }

    /** The given reduction and label smoothing in [0, 1]. */
    public CrossEntropyLoss(Reduction reduction, float labelSmoothing) {
        if (labelSmoothing < 0f || labelSmoothing > 1f) {
            throw new IllegalArgumentException("CrossEntropyLoss: label_smoothing must be in [0, 1], got " + labelSmoothing);
        }
        this.reduction = reduction;
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public Tensor apply(Tensor logits, Tensor target) {
        return Functional.crossEntropy(logits, target, reduction, labelSmoothing);
    }
}
