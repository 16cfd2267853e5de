package dev.jnn.tck;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.HostAllocator;
import dev.jnn.core.spi.MemoryBlock;
import java.lang.foreign.MemorySegment;

/**
 * The smallest possible backend: host memory and nothing else, so every kernel is core's scalar
 * reference. The kit compares the backend under test against it.
 */
public final class ReferenceBackend implements Backend {
    private final HostAllocator allocator = new HostAllocator();

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "reference: scalar Java kernels of jnn's core";
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public MemoryBlock allocate(long bytes) {
        return allocator.allocate(bytes);
    }

    @Override
    public long liveBytes() {
        return allocator.liveBytes();
    }

    @Override
    public void copyFromHost(MemorySegment src, long srcOffset, MemoryBlock dst, long dstOffset, long bytes) {
        MemorySegment.copy(src, srcOffset, dst.segment(), dstOffset, bytes);
    }

    @Override
    public void copyToHost(MemoryBlock src, long srcOffset, MemorySegment dst, long dstOffset, long bytes) {
        MemorySegment.copy(src.segment(), srcOffset, dst, dstOffset, bytes);
    }

    @Override
    public void close() {
        allocator.close();
    }
}
