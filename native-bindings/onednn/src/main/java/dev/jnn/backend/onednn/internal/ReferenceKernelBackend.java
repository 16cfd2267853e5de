package dev.jnn.backend.onednn.internal;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.MemoryBlock;
import java.lang.foreign.MemorySegment;

/**
 * Core's reference kernels (the SPI's default methods) as a backend object, used for the ops
 * oneDNN lacks when no vector backend is installed. Its memory methods are the onednn backend's,
 * so anything a reference kernel allocates lands in onednn's allocator.
 */
final class ReferenceKernelBackend implements Backend {
    private final Backend owner;

    ReferenceKernelBackend(Backend owner) {
        this.owner = owner;
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "jnn core's reference kernels";
    }

    @Override
    public int threads() {
        return 1;
    }

    @Override
    public MemoryBlock allocate(long bytes) {
        return owner.allocate(bytes);
    }

    @Override
    public long liveBytes() {
        return owner.liveBytes();
    }

    @Override
    public void copyFromHost(MemorySegment src, long srcOffset, MemoryBlock dst, long dstOffset, long bytes) {
        owner.copyFromHost(src, srcOffset, dst, dstOffset, bytes);
    }

    @Override
    public void copyToHost(MemoryBlock src, long srcOffset, MemorySegment dst, long dstOffset, long bytes) {
        owner.copyToHost(src, srcOffset, dst, dstOffset, bytes);
    }

    /** Nothing of its own to free. */
    @Override
    public void close() {
    }
}
