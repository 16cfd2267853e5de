package dev.jnn.distributed;

/**
 * A collective operation in flight, like PyTorch's {@code dist.Work}: the tensor it was given must
 * not be read or written until {@link #await()} returns.
 */
public interface Work {
    /**
     * Waits until the operation is complete and its result is in the tensor.
     *
     * @throws CollectiveException if it failed, a peer is gone, or it did not finish within the group's timeout
     */
    void await();

    /**
     * Seconds the collective itself took, where the provider can tell (the time spent inside the
     * library call), else NaN; valid after {@link #await()}.
     */
    default double seconds() {
        return Double.NaN;
    }

    /** A completed operation (world size 1, an empty tensor). */
    static Work done() {
        return () -> { };
    }
}
