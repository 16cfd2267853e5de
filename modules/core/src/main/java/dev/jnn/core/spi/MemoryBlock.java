package dev.jnn.core.spi;

import java.lang.foreign.MemorySegment;

/**
 * A block of backend memory, owned by exactly one {@link dev.jnn.core.Storage}, which frees it once.
 */
public interface MemoryBlock {
    /** The size in bytes. */
    long bytes();

    /**
     * The memory as a segment: host memory that Java code may read and write when
     * {@link #hostAccessible()}, otherwise a zero-length segment carrying the device address.
     */
    MemorySegment segment();

    /** True when {@link #segment()} is ordinary host memory. */
    boolean hostAccessible();

    /** Gives the memory back to the backend's allocator. Called exactly once. */
    void free();
}
