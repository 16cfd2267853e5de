package dev.jnn.core.spi;

import dev.jnn.core.Tensor;
import dev.jnn.core.internal.reference.ReferenceKernels;

/** Reductions. See {@link Backend} for the contract. */
public interface ReductionOps {
    /**
     * Reduces {@code x} along {@code dim}; {@code out} has {@code x}'s shape with that dimension
     * removed (or set to 1: only the element count matters).
     */
    default void reduce(ReduceOp op, Tensor x, int dim, Tensor out) {
        ReferenceKernels.reduce((Backend) this, op, x, dim, out);
    }

    /**
     * Sums {@code x} down to {@code out}'s shape, which broadcasts to {@code x}'s: the gradient of a
     * broadcast.
     */
    default void sumToShape(Tensor x, Tensor out) {
        ReferenceKernels.sumToShape((Backend) this, x, out);
    }
}
