package dev.jnn.nn;

import dev.jnn.core.Tensor;

/** Softmax along {@code dim}, like {@code nn.Softmax(dim)}. */
public final class Softmax extends Layer {
    private final int dim;

    /** Softmax along {@code dim}. */
    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.softmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
