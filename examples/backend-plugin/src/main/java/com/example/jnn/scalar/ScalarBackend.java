package com.example.jnn.scalar;

import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.HostBackend;
import dev.jnn.core.spi.UnaryOp;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The smallest useful backend: host memory comes from core's {@link HostBackend}, it implements one
 * kernel itself (element-wise unary ops, directly on the memory), and core's default layer composes
 * everything else from its reference kernels. A real plugin grows from here by overriding more
 * kernel methods.
 */
final class ScalarBackend extends HostBackend {
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

    /** Our own kernel: reads and writes the tensors' host memory in place, no copies. */
    @Override
    public void unary(UnaryOp op, TensorView x, TensorView out) {
        unaryCalls++;
        MemorySegment in = x.segment();
        MemorySegment o = out.segment();
        for (long i = 0; i < x.numel(); i++) {
            o.setAtIndex(ValueLayout.JAVA_FLOAT, i, op.apply(in.getAtIndex(ValueLayout.JAVA_FLOAT, i)));
        }
    }
}
