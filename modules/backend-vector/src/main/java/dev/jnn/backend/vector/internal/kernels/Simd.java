package dev.jnn.backend.vector.internal.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD idioms every kernel of the vector backend shares (this package's and those in
 * {@code dev.jnn.backend.vector.internal}): the vector species, float access to native segments,
 * a lane sum in a fixed order, the parallel grain and the scalar switch. Offsets count floats,
 * not bytes.
 */
public final class Simd {

    /** The widest float species this CPU runs natively (16 lanes with AVX-512, 8 with AVX2). */
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** Lanes per vector. */
    public static final int L = F.length();

    /** Segments hold floats in the platform's order, as FFM allocates them. */
    public static final ByteOrder ORDER = ByteOrder.nativeOrder();

    /** Float layout for element access; segments are at least 4-byte aligned. */
    public static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    /** Int layout for argmax indices. */
    public static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;

    /** True when {@code -Djnn.vector.scalar=true}: every kernel then takes its scalar twin. */
    public static final boolean SCALAR = Boolean.getBoolean("jnn.vector.scalar");

    /** Elements per parallel chunk of a loop: below two chunks an op runs inline on the caller. */
    public static final long GRAIN = 1 << 15;

    // Lane rotations by 8, 4, 2 and 1 for the fixed-order lane sum (only those below L are used).
    private static final VectorShuffle<Float> ROT8 = VectorShuffle.fromOp(F, i -> (i + 8) % L);
    private static final VectorShuffle<Float> ROT4 = VectorShuffle.fromOp(F, i -> (i + 4) % L);
    private static final VectorShuffle<Float> ROT2 = VectorShuffle.fromOp(F, i -> (i + 2) % L);
    private static final VectorShuffle<Float> ROT1 = VectorShuffle.fromOp(F, i -> (i + 1) % L);

    private Simd() {
    }

    /** Rows per parallel chunk for rows of {@code rowLength} elements: {@link #GRAIN} elements, at least one row. */
    public static long rowGrain(long rowLength) {
        return Math.max(1, GRAIN / Math.max(1, rowLength));
    }

    /** The float at index {@code i} of {@code s}. */
    public static float get(MemorySegment s, long i) {
        return s.getAtIndex(FLOAT, i);
    }

    /** Sets the float at index {@code i} of {@code s}. */
    public static void set(MemorySegment s, long i, float v) {
        s.setAtIndex(FLOAT, i, v);
    }

    /** The {@link #L} floats from index {@code i} of {@code s}. */
    public static FloatVector load(MemorySegment s, long i) {
        return FloatVector.fromMemorySegment(F, s, i << 2, ORDER);
    }

    /** Stores {@code v} at index {@code i} of {@code s}. */
    public static void store(FloatVector v, MemorySegment s, long i) {
        v.intoMemorySegment(s, i << 2, ORDER);
    }

    /**
     * The sum of the lanes in a fixed pairwise order: lane i plus lane i+L/2, and so on down to one
     * lane. {@code reduceLanes(ADD)} leaves the order open, and it differs in practice: the JIT's
     * intrinsic adds as a tree, the interpreter's and C1's fallback from lane 0 up, so one kernel's
     * result would change with the compilation tier (the first steps of a run against the later
     * ones, or one run against the next). Rotations and lane-wise adds are exact in every tier.
     */
    public static float sumLanesPairwise(FloatVector v) {
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
}
