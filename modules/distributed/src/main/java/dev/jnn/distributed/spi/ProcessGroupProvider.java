package dev.jnn.distributed.spi;

import dev.jnn.core.spi.Availability;
import dev.jnn.distributed.ProcessGroup;

/**
 * The service a collective library's module provides
 * ({@code provides dev.jnn.distributed.spi.ProcessGroupProvider with ...}), in the spirit of
 * {@code BackendProvider}: cheap to construct and to {@linkplain #probe() probe} (no communication,
 * no process started), while the {@link ProcessGroup} it {@linkplain #create creates} joins the job.
 */
public interface ProcessGroupProvider {
    /** The short, stable, lower-case id users pass to {@code --distributed}: {@code mpi}, {@code nccl}. */
    String name();

    /**
     * Whether the library can run here, with every reason it cannot (library not found, with the
     * places searched; wrong ABI; no GPU) and, when available, its version and file. Never throws.
     */
    Availability probe();

    /**
     * Joins the job this process was launched into; every rank calls it. The caller closes the group.
     *
     * @throws IllegalStateException if {@link #probe()} says it is unavailable, or the configuration
     *     does not suit it (a CPU backend for a GPU library)
     * @throws dev.jnn.distributed.CollectiveException if the peers cannot be reached within the timeout
     */
    ProcessGroup create(GroupConfig config);
}
