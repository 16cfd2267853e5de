package dev.jnn.backend.vector.internal;

import dev.jnn.core.spi.TensorView;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Shared pieces of the backend's own kernels: the vector species, element access on a tensor's
 * host memory, and the parallel grain. Offsets count floats, not bytes.
 */
public final class Lanes {
    /** The widest float species the CPU runs natively. */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Floats per vector. */
    static final int L = F.length();
    /** Elements per parallel chunk of an element-wise loop: below two chunks an op runs inline. */
    static final long GRAIN = 1 << 15;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    // Lane rotations by 8, 4, 2 and 1 for the fixed-order lane sum (only those below L are used).
    private static final VectorShuffle<Float> ROT8 = VectorShuffle.fromOp(F, i -> (i + 8) % L);
    private static final VectorShuffle<Float> ROT4 = VectorShuffle.fromOp(F, i -> (i + 4) % L);
    private static final VectorShuffle<Float> ROT2 = VectorShuffle.fromOp(F, i -> (i + 2) % L);
    private static final VectorShuffle<Float> ROT1 = VectorShuffle.fromOp(F, i -> (i + 1) % L);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private Lanes() {
    }

    /** The whole storage segment of {@code t}; the tensor starts {@link #off} floats into it. */
    static MemorySegment seg(TensorView t) {
        return t.block().segment();
    }

    /** The tensor's first element, in floats from the start of {@link #seg}. */
    static long off(TensorView t) {
        return t.offset();
    }

    /** Rows per parallel chunk for rows of {@code rowLength} elements. */
    static long rowGrain(long rowLength) {
        return Math.max(1, GRAIN / Math.max(1, rowLength));
    }

    /**
     * The sum of the lanes in a fixed pairwise order: lane i plus lane i+L/2, and so on down to one
     * lane. {@code reduceLanes(ADD)} leaves the order open, and it differs in practice: the JIT's
     * intrinsic adds as a tree, the interpreter's and C1's fallback from lane 0 up, so one kernel's
     * result would change with the compilation tier (the first steps of a run against the later
     * ones, or one run against the next). Rotations and lane-wise adds are exact in every tier.
     */
    public static float sum(FloatVector v) {
        for (int half = L / 2; half > 8; half /= 2) {
            int h = half;
            v = v.add(v.rearrange(VectorShuffle.fromOp(F, i -> (i + h) % L)));  // only species wider than 512 bits
        }
        if (L > 8) v = v.add(v.rearrange(ROT8));
        if (L > 4) v = v.add(v.rearrange(ROT4));
        if (L > 2) v = v.add(v.rearrange(ROT2));
        if (L > 1) v = v.add(v.rearrange(ROT1));
        return v.lane(0);
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
