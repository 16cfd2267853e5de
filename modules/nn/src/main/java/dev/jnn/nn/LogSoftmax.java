package dev.jnn.nn;

import dev.jnn.core.Tensor;

/** Log-softmax along {@code dim}, like {@code nn.LogSoftmax(dim)}. */
public final class LogSoftmax extends Layer {
    private final int dim;

    /** Log-softmax along {@code dim}. */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}
