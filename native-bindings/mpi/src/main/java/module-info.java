/** The "mpi" ProcessGroup: Open MPI's C API (libmpi) through FFM, for data-parallel training on CPUs. */
module dev.jnn.distributed.mpi {
    requires dev.jnn.distributed;

    provides dev.jnn.distributed.spi.ProcessGroupProvider
        with dev.jnn.distributed.mpi.internal.MpiProvider;
}
