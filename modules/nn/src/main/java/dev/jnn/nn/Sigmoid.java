package dev.jnn.nn;

import dev.jnn.core.Tensor;

/** Element-wise {@code 1 / (1 + e^-x)}, like {@code nn.Sigmoid}. */
public final class Sigmoid extends Activation {
    /** The layer. */
    public Sigmoid() {
        super(Tensor::sigmoid);
    }
}
