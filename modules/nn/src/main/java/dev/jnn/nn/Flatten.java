package dev.jnn.nn;

import dev.jnn.core.Tensor;

/** Flattens dimensions {@code start..end} (default 1..-1: everything but the batch) into one. */
public final class Flatten extends Layer {
    private final int start;
    private final int end;

    /** Flattens all but the batch dimension. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dimensions {@code start..end}, inclusive. */
    public Flatten(int start, int end) {
        this.start = start;
        this.end = end;
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.flatten(start, end);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + start + ", end_dim=" + end;
    }
}
