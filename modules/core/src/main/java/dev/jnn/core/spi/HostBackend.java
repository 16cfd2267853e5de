package dev.jnn.core.spi;

import java.lang.foreign.MemorySegment;

/**
 * The memory half of a CPU backend: off-heap host memory from a {@link HostAllocator}, with host
 * copies as plain segment copies. A CPU backend extends it and adds only its kernels (and its name);
 * whatever it does not override runs core's reference kernels.
 */
public abstract class HostBackend implements Backend {
    private final HostAllocator allocator = new HostAllocator();

    /** The allocator, for kernels that need scratch memory of the backend's own. */
    protected final HostAllocator allocator() {
        return allocator;
    }

    @Override
    public final MemoryBlock allocate(long bytes) {
        return allocator.allocate(bytes);
    }

    @Override
    public final long liveBytes() {
        return allocator.liveBytes();
    }

    @Override
    public final void copyFromHost(MemorySegment src, long srcOffset, MemoryBlock dst, long dstOffset, long bytes) {
        MemorySegment.copy(src, srcOffset, dst.segment(), dstOffset, bytes);
    }

    @Override
    public final void copyToHost(MemoryBlock src, long srcOffset, MemorySegment dst, long dstOffset, long bytes) {
        MemorySegment.copy(src.segment(), srcOffset, dst, dstOffset, bytes);
    }

    /** Frees the cached memory; subclasses that hold more resources close them, then call this. */
    @Override
    public void close() {
        allocator.close();
    }
}
