package dev.jnn.core.spi;

/**
 * Reductions. See {@link Backend} for the contract.
 *
 * <p>The defaults are the reference kernels ({@code ReductionReference}, beside this interface): scalar Java on
 * host copies, correct but slow; a backend overrides what it can do better.
 */
public interface ReductionOps extends MemoryOps {
    /**
     * Reduces {@code x} along {@code dim}; {@code out} has {@code x}'s shape with that dimension
     * removed (or set to 1: only the element count matters).
     */
    default void reduce(ReduceOp op, TensorView x, int dim, TensorView out) {
        ReductionReference.reduce(this, op, x, dim, out);
    }

    /**
     * Sums {@code x} down to {@code out}'s shape, which broadcasts to {@code x}'s: the gradient of a
     * broadcast.
     */
    default void sumToShape(TensorView x, TensorView out) {
        ReductionReference.sumToShape(this, x, out);
    }
}
