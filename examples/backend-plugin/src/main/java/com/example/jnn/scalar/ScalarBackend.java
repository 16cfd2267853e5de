package com.example.jnn.scalar;

import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import dev.jnn.core.spi.HostAllocator;
import dev.jnn.core.spi.MemoryBlock;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The smallest useful backend: it owns host memory and implements one kernel itself (element-wise
 * unary ops, directly on the memory), and core's default layer composes everything else from
 * its reference kernels. A real plugin grows from here by overriding more kernel methods.
 */
final class ScalarBackend implements Backend {
    private final HostAllocator allocator = new HostAllocator();
    private long unaryCalls;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public String description() {
        return "scalar: example plugin, plain Java loops on 1 thread (" + unaryCalls + " unary kernel calls so far)";
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

    /** Our own kernel: reads and writes the tensors' host memory in place, no copies. */
    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        unaryCalls++;
        MemorySegment in = x.segment();
        MemorySegment o = out.segment();
        for (long i = 0; i < x.numel(); i++) {
            o.setAtIndex(ValueLayout.JAVA_FLOAT, i, op.apply(in.getAtIndex(ValueLayout.JAVA_FLOAT, i)));
        }
    }

    @Override
    public void close() {
        allocator.close();
    }
}
