package dev.jnn.train;

import dev.jnn.core.Functional;
import dev.jnn.core.Tensor;

/** A loss function: a scalar tensor from the model's output and the targets, differentiable in the output. */
@FunctionalInterface
public interface Loss {
    /**
     * The mean loss of a batch.
     *
     * @param output the model's output, e.g. logits [N, C]
     * @param targets class indices [N] as integer-valued floats
     * @return a one-element tensor
     */
    Tensor compute(Tensor output, Tensor targets);

    /** {@code nn.CrossEntropyLoss()}: log-softmax and negative log-likelihood, averaged over the batch. */
    static Loss crossEntropy() {
        return (output, targets) -> Functional.crossEntropy(output, targets, Functional.Reduction.MEAN, 0f);
    }

    /** {@code nn.NLLLoss()}, for models that end in log-softmax. */
    static Loss nll() {
        return (output, targets) -> Functional.nllLoss(output, targets, Functional.Reduction.MEAN);
    }
}
