/** The "nccl" ProcessGroup: NVIDIA's NCCL through FFM, all-reducing GPU memory, for data-parallel training on GPUs. */
module dev.jnn.distributed.nccl {
    requires dev.jnn.distributed;

    provides dev.jnn.distributed.spi.ProcessGroupProvider
        with dev.jnn.distributed.nccl.internal.NcclProvider;
}
