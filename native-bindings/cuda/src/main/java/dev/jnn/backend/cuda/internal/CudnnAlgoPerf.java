package dev.jnn.backend.cuda.internal;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;

/**
 * {@code cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t}, the same for all three directions: algo,
 * status, time (ms), memory (bytes), determinism, mathType, reserved[3], and the 4 bytes of tail
 * padding that C adds so that an array of them keeps the {@code size_t} aligned (48 bytes in all).
 * Kept apart from {@link Cudnn}, which loads the library, so that the layout can be checked anywhere.
 */
final class CudnnAlgoPerf {
    static final MemoryLayout LAYOUT = MemoryLayout.structLayout(JAVA_INT.withName("algo"), JAVA_INT.withName("status"),
            JAVA_FLOAT.withName("time"), MemoryLayout.paddingLayout(4), JAVA_LONG.withName("memory"),
            JAVA_INT.withName("determinism"), JAVA_INT.withName("mathType"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("reserved"), MemoryLayout.paddingLayout(4));
    static final long ALGO = LAYOUT.byteOffset(PathElement.groupElement("algo"));
    static final long STATUS = LAYOUT.byteOffset(PathElement.groupElement("status"));
    static final long MEMORY = LAYOUT.byteOffset(PathElement.groupElement("memory"));

    private CudnnAlgoPerf() {
    }
}
