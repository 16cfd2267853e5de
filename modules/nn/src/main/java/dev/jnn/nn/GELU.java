package dev.jnn.nn;

import dev.jnn.core.Tensor;

/** Element-wise {@code x * Φ(x)}, Φ the standard normal CDF, like {@code nn.GELU()} (exact, not tanh). */
public final class GELU extends Activation {
    /** The layer. */
    public GELU() {
        super(Tensor::gelu);
    }
}
