package dev.jnn.nn;

import dev.jnn.core.Tensor;
import java.util.function.UnaryOperator;

/** A parameter-free element-wise layer; see {@link ReLU}, {@link Sigmoid}, {@link Tanh}. */
abstract class Activation extends Layer {
    private final UnaryOperator<Tensor> f;

    Activation(UnaryOperator<Tensor> f) {
        this.f = f;
    }

    @Override
    public final Tensor forward(Tensor x) {
        return f.apply(x);
    }
}
