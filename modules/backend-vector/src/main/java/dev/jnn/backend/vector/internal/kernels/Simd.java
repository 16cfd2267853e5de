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

    /**
     * Copies {@code n} floats from {@code src[si...]} to {@code dst[di...]}: full vectors, then a
     * scalar tail. For the short runs of im2col, where {@code MemorySegment.copy}'s fixed cost
     * dominates. (Masked segment loads fall back to Java code on JDK 25: avoid them.)
     */
    static void copyRun(MemorySegment src, long si, MemorySegment dst, long di, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            store(load(src, si + i), dst, di + i);
        }
        for (; i < n; i++) {
            set(dst, di + i, get(src, si + i));
        }
    }

    /** Sets {@code n} floats of {@code dst[di...]} to zero, as {@link #copyRun} copies. */
    static void zeroRun(MemorySegment dst, long di, int n) {
        FloatVector z = FloatVector.zero(F);
        int i = 0;
        for (; i <= n - L; i += L) {
            store(z, dst, di + i);
        }
        for (; i < n; i++) {
            set(dst, di + i, 0f);
        }
    }

    /** {@code dst[di + i] += src[si + i]} for i in [0, n), as {@link #copyRun} copies. */
    static void addRun(MemorySegment src, long si, MemorySegment dst, long di, int n) {
        int i = 0;
        for (; i <= n - L; i += L) {
            store(load(dst, di + i).add(load(src, si + i)), dst, di + i);
        }
        for (; i < n; i++) {
            set(dst, di + i, get(dst, di + i) + get(src, si + i));
        }
    }

    /**
     * The sum of v's lanes in lane order. Not {@code reduceLanes(ADD)}: its order is unspecified
     * and differs between the interpreter and C2 (a tree), so results would change during warm-up.
     */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += v.lane(i);
        }
        return s;
    }
}
