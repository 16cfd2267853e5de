package dev.jnn.nn;

import dev.jnn.core.Tensor;

/** Element-wise {@code tanh(x)}, like {@code nn.Tanh}. */
public final class Tanh extends Activation {
    /** The layer. */
    public Tanh() {
        super(Tensor::tanh);
    }
}
