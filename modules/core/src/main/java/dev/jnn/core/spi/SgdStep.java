package dev.jnn.core.spi;

/**
 * Hyper-parameters of one SGD update, PyTorch's rule:
 * {@code g = grad + weightDecay*p; buf = firstStep ? g : momentum*buf + (1-dampening)*g;
 * g = nesterov ? g + momentum*buf : buf; p -= lr*g} (no buffer when momentum is 0).
 */
public record SgdStep(float lr, float momentum, float dampening, float weightDecay, boolean nesterov,
                      boolean firstStep) {
}
