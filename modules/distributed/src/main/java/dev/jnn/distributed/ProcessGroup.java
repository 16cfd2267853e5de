package dev.jnn.distributed;

import dev.jnn.core.Tensor;

/**
 * The processes of one data-parallel job and the collective operations between them, like PyTorch's
 * {@code torch.distributed} process group. Every process calls the same operations in the same order
 * (that is what makes them collective); ranks are {@code 0 .. size()-1}, and rank 0 is the one that
 * writes files.
 *
 * <p>Tensor operations work in place on the memory of the group's compute backend: host memory for
 * {@code mpi}, GPU memory for {@code nccl}. A group is used from one thread at a time, except
 * {@link #abort}. When a peer dies, operations fail with a {@link CollectiveException} naming it, or,
 * where the library cannot be interrupted (MPI), the group's loss handler ends the process.
 */
public interface ProcessGroup extends AutoCloseable {
    /** The provider's id: {@code mpi}, {@code nccl}. */
    String name();

    /** One line for users: library and version, transport, devices. */
    String description();

    /** This process's rank, in {@code [0, size())}. */
    int rank();

    /** The number of processes (the world size). */
    int size();

    /**
     * Starts combining {@code tensor} element-wise across all ranks with {@code op}, in place: when
     * the returned work completes, every rank's tensor holds the same result. Operations complete in
     * the order they were started.
     *
     * @throws CollectiveException if it cannot be started (a peer is already gone)
     */
    Work allReduce(Tensor tensor, ReduceOp op);

    /** Combines host values across all ranks, in place, and waits (metrics, flags: small arrays). */
    void allReduce(double[] values, ReduceOp op);

    /** Copies rank {@code root}'s {@code tensor} into every other rank's (same shape), and waits. */
    void broadcast(Tensor tensor, int root);

    /** Copies rank {@code root}'s bytes into every other rank's array (same length), and waits. */
    void broadcast(byte[] bytes, int root);

    /** Waits until every rank has called it. */
    void barrier();

    /**
     * Ends the job's collective work now, because this rank cannot go on: every peer stops (with a line
     * naming this rank and {@code reason}) instead of waiting for it. Safe from any thread. The
     * caller then exits; it must not call {@link #close()}.
     */
    void abort(String reason);

    /**
     * Leaves the group cleanly: every rank calls it after its last operation (MPI_Finalize, NCCL's
     * communicator destroyed). A peer that ends without it counts as lost.
     */
    @Override
    void close();
}
