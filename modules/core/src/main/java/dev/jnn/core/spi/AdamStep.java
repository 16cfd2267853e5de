package dev.jnn.core.spi;

/**
 * Hyper-parameters of one Adam/AdamW update at 1-based step {@code step}, PyTorch 1.13's rule.
 *
 * <p>Adam: {@code g = grad + weightDecay*p}; AdamW ({@code decoupled}): {@code p *= 1 - lr*weightDecay}.
 * Then {@code m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g*g; vmax = max(vmax, v) if amsgrad;
 * denom = sqrt(v or vmax)/sqrt(1-b2^t) + eps; p -= lr/(1-b1^t) * m/denom}.
 */
public record AdamStep(float lr, float beta1, float beta2, float eps, float weightDecay, boolean decoupled,
                       boolean amsgrad, long step) {
}
