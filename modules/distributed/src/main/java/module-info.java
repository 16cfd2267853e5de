/** Data-parallel training: the ProcessGroup SPI that collective libraries (MPI, NCCL) plug into, and DistributedDataParallel. */
module dev.jnn.distributed {
    // ProcessGroup and DistributedDataParallel take Tensors; providers get the compute Backend.
    requires transitive dev.jnn.core;

    exports dev.jnn.distributed;
    exports dev.jnn.distributed.spi;

    uses dev.jnn.distributed.spi.ProcessGroupProvider;
}
