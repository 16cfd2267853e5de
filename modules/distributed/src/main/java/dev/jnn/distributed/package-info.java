/**
 * Data-parallel training across processes, as PyTorch's {@code torch.distributed} and
 * {@code DistributedDataParallel} do it: a {@link dev.jnn.distributed.ProcessGroup} (rank, world
 * size, all-reduce, broadcast, barrier, abort) from a provider found by {@code ServiceLoader}
 * ({@link dev.jnn.distributed.ProcessGroups}: {@code mpi} on CPUs, {@code nccl} on GPUs), and
 * {@link dev.jnn.distributed.DistributedDataParallel}, which averages the gradients in buckets while
 * the backward pass is still running.
 *
 * <pre>{@code
 * LaunchEnvironment launch = LaunchEnvironment.detect(System.getenv());   // mpirun, torchrun-style, srun
 * try (ProcessGroup group = ProcessGroups.load().create("mpi", GroupConfig.of(backend, launch))) {
 *     DistributedDataParallel ddp = DistributedDataParallel.builder(group, model.namedParameters()).build();
 *     ddp.broadcastFromRank0(model.stateDict());
 *     for (...) {                       // each rank reads its Shard of the data
 *         opt.zeroGrad();
 *         loss.apply(model.call(x), y).backward();   // buckets are all-reduced as their gradients are ready
 *         ddp.awaitGradients();         // every .grad is now the average over the ranks
 *         opt.step();
 *     }
 * }
 * }</pre>
 */
package dev.jnn.distributed;
