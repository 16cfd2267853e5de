package dev.jnn.nn;

import dev.jnn.core.Tensor;

/** Element-wise {@code max(x, 0)}, like {@code nn.ReLU}. */
public final class ReLU extends Activation {
    /** The layer. */
    public ReLU() {
        super(Tensor::relu);
    }
}
