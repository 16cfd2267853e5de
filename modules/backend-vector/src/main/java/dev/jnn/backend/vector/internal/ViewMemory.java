package dev.jnn.backend.vector.internal;

import dev.jnn.core.spi.TensorView;
import java.lang.foreign.MemorySegment;

/**
 * Where a view's floats are in host memory, as the kernels take them: its block's whole segment
 * and the float offset of its first element in it (no slice is made per call).
 */
final class ViewMemory {
    private ViewMemory() {
    }

    /** The whole storage segment of {@code t}; the view starts {@link #off} floats into it. */
    static MemorySegment seg(TensorView t) {
        return t.block().segment();
    }

    /** The view's first element, in floats from the start of {@link #seg}. */
    static long off(TensorView t) {
        return t.offset();
    }
}
