package dev.jnn.train;

/**
 * How a {@link Trainer} takes part in data-parallel training (one process per rank, each reading its
 * shard of every batch, as {@code dev.jnn.distributed.DistributedDataParallel} sets it up): the few
 * points where the ranks must agree. Every rank's trainer calls these at the same steps.
 *
 * <ul>
 *   <li>{@link #awaitGradients()} after each backward pass, before gradients are read (clipping,
 *       checks, the optimizer);</li>
 *   <li>{@link #sum} once per step for the stop flag (a Ctrl-C on any rank stops all of them after
 *       the same step), after each evaluation of an LBFGS closure for the mean loss (LBFGS decides on
 *       it), and at each epoch's end for the training loss, accuracy and samples of all shards, and for
 *       the value a ReduceLROnPlateau steps with (rank 0's).</li>
 * </ul>
 *
 * <p>Evaluation, listeners and checkpoints are the application's to give to rank 0 only.
 */
public interface DataParallel {
    /** This process's rank; rank 0 reports and writes. */
    int rank();

    /** The number of ranks. */
    int worldSize();

    /** Returns once every parameter's gradient is the average over all ranks (the all-reduce started during backward). */
    void awaitGradients();

    /** Adds {@code values} element-wise over all ranks, in place; every rank gets the same sums. */
    void sum(double[] values);
}
