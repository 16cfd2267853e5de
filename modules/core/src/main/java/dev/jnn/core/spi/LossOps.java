package dev.jnn.core.spi;

/**
 * Fused losses. See {@link Backend} for the contract.
 *
 * <p>The defaults are the reference kernels ({@code LossReference}, beside this interface): scalar Java on
 * host copies, correct but slow; a backend overrides what it can do better.
 */
public interface LossOps extends MemoryOps {
    /**
     * Cross-entropy of {@code logits[N,C]} against integer class {@code targets[N]} (as floats),
     * with label smoothing {@code s}: {@code loss[i] = -(1-s)*logp[i,t] - s/C * sum_c logp[i,c]}.
     * Writes {@code loss[N]} and {@code probs[N,C]} (softmax, kept for the backward pass).
     *
     * @throws IllegalArgumentException if a target is outside [0, C)
     */
    default void crossEntropy(TensorView logits, TensorView targets, float smoothing, TensorView loss, TensorView probs) {
        LossReference.crossEntropy(this, logits, targets, smoothing, loss, probs);
    }

    /**
     * {@code gx[i,c] = gLoss[i] * (probs[i,c] - (1-s)*[c==t_i] - s/C)}.
     */
    default void crossEntropyBackward(TensorView probs, TensorView targets, float smoothing, TensorView gLoss, TensorView gx) {
        LossReference.crossEntropyBackward(this, probs, targets, smoothing, gLoss, gx);
    }
}
