package dev.jnn.core.spi;

import dev.jnn.core.Tensor;
import dev.jnn.core.internal.reference.ReferenceKernels;

/** Fused losses. See {@link Backend} for the contract. */
public interface LossOps {
    /**
     * Cross-entropy of {@code logits[N,C]} against integer class {@code targets[N]} (as floats),
     * with label smoothing {@code s}: {@code loss[i] = -(1-s)*logp[i,t] - s/C * sum_c logp[i,c]}.
     * Writes {@code loss[N]} and {@code probs[N,C]} (softmax, kept for the backward pass).
     *
     * @throws IllegalArgumentException if a target is outside [0, C)
     */
    default void crossEntropy(Tensor logits, Tensor targets, float smoothing, Tensor loss, Tensor probs) {
        ReferenceKernels.crossEntropy((Backend) this, logits, targets, smoothing, loss, probs);
    }

    /**
     * {@code gx[i,c] = gLoss[i] * (probs[i,c] - (1-s)*[c==t_i] - s/C)}.
     */
    default void crossEntropyBackward(Tensor probs, Tensor targets, float smoothing, Tensor gLoss, Tensor gx) {
        ReferenceKernels.crossEntropyBackward((Backend) this, probs, targets, smoothing, gLoss, gx);
    }
}
