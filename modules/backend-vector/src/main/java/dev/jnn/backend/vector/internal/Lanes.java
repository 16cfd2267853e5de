package dev.jnn.backend.vector.internal;

import dev.jnn.core.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Shared pieces of the backend's own kernels: the vector species, element access on a tensor's
 * host memory, and the parallel grain. Offsets count floats, not bytes.
 */
final class Lanes {
    /** The widest float species the CPU runs natively. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector. */
    static final int L = F.length();
    /** Elements per parallel chunk of an element-wise loop: below two chunks an op runs inline. */
    static final long GRAIN = 1 << 15;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private Lanes() {
    }

    /** The whole storage segment of {@code t}; the tensor starts {@link #off} floats into it. */
    static MemorySegment seg(Tensor t) {
        return t.storage().segment();
    }

    /** The tensor's first element, in floats from the start of {@link #seg}. */
    static long off(Tensor t) {
        return t.offset();
    }

    /** Rows per parallel chunk for rows of {@code rowLength} elements. */
    static long rowGrain(long rowLength) {
        return Math.max(1, GRAIN / Math.max(1, rowLength));
    }

    static float get(MemorySegment s, long i) {
        return s.getAtIndex(FLOAT, i);
    }

    static void set(MemorySegment s, long i, float v) {
        s.setAtIndex(FLOAT, i, v);
    }

    static FloatVector load(MemorySegment s, long i) {
        return FloatVector.fromMemorySegment(F, s, i << 2, ORDER);
    }

    static void store(FloatVector v, MemorySegment s, long i) {
        v.intoMemorySegment(s, i << 2, ORDER);
    }
}
