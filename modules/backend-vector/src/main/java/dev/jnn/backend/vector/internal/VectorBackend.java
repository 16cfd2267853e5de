package dev.jnn.backend.vector.internal;

import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.BackendConfig;
import dev.jnn.core.spi.HostAllocator;
import dev.jnn.core.spi.MemoryBlock;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The pure-Java SIMD backend: off-heap host memory from a caching allocator, kernels written with
 * the Vector API, run on a fixed pool of {@code threads} threads.
 */
public final class VectorBackend implements Backend {
    private final HostAllocator allocator = new HostAllocator();
    private final int threads;

    VectorBackend(BackendConfig config) {
        this.threads = config.threads();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public String description() {
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        return "vector: CPU, " + lanes * 32 + "-bit SIMD (" + lanes + " floats), " + threads + " thread" + (threads == 1 ? "" : "s");
    }

    @Override
    public int threads() {
        return threads;
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
