package dev.jnn.core.spi;

import java.lang.foreign.MemorySegment;

/**
 * The memory half of a backend: allocation and the explicit copies between host and backend
 * memory. Every kernel family extends it, so that its reference kernels can copy their operands to
 * the host and back on the backend they run on.
 */
public interface MemoryOps {
    /** Allocates {@code bytes} bytes of uninitialised memory, from a cache where possible. */
    MemoryBlock allocate(long bytes);

    /** Bytes currently allocated to live blocks (not counting the allocator's cache). */
    long liveBytes();

    /** Copies {@code bytes} bytes from host memory into {@code dst}. */
    void copyFromHost(MemorySegment src, long srcOffset, MemoryBlock dst, long dstOffset, long bytes);

    /** Copies {@code bytes} bytes from {@code src} into host memory. */
    void copyToHost(MemoryBlock src, long srcOffset, MemorySegment dst, long dstOffset, long bytes);
}
