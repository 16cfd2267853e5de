package dev.jnn.optim;

import dev.jnn.core.Tensor;

/**
 * Re-evaluates the model for an optimizer that needs the loss more than once per step (LBFGS), like
 * the closure of PyTorch's {@code optimizer.step(closure)}:
 *
 * <pre>{@code
 * optimizer.step(() -> {
 *     optimizer.zeroGrad();
 *     Tensor loss = criterion.apply(model.forward(x), y);
 *     loss.backward();
 *     return loss;
 * });
 * }</pre>
 *
 * <p>It must clear the gradients, compute the loss with autograd on, call {@code backward()} and
 * return the one-element loss tensor. It runs outside the optimizer's no-grad region.
 */
@FunctionalInterface
public interface Closure {
    /** Recomputes the loss and its gradients; returns the loss (one element). */
    Tensor evaluate();
}
