package dev.jnn.backend.vector.internal.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Shared constants of the kernels: the vector species, byte order and the scalar switch. */
final class Simd {

    /** The widest float species this CPU runs natively (16 lanes with AVX-512, 8 with AVX2). */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Lanes per vector. */
    static final int L = F.length();

    /** Segments hold floats in the platform's order, as FFM allocates them. */
    static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Float layout for element access; segments are at least 4-byte aligned. */
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    /** Int layout for argmax indices and labels. */
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;

    /** True when {@code -Djnn.vector.scalar=true}: every kernel then takes its scalar twin. */
    static final boolean SCALAR = Boolean.getBoolean("jnn.vector.scalar");

    private Simd() {
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
