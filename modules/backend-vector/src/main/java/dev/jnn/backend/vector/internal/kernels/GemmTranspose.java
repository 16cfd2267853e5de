package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.ORDER;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * In-register transposes for packing with 512-bit vectors: 16 x 16 for B<sup>T</sup> panels and
 * 8 x 8 for slivers of a row-major A. Butterfly stages of two-vector permutes
 * ({@code selectFrom(v1, v2)}, one vpermt2ps each on AVX-512) replace one scalar load and store
 * per element.
 */
final class GemmTranspose {

    private GemmTranspose() {
    }

    /** Lane indices of the stage that swaps blocks of size d: lanes with bit d clear come from a. */
    private static FloatVector index(int d, boolean low) {
        int n = F.length();
        float[] idx = new float[n];
        for (int l = 0; l < n; l++) {
            boolean clear = (l & d) == 0;
            // Two-vector selectFrom: index i < n picks a[i], i >= n picks b[i - n].
            idx[l] = low ? (clear ? l : n + l - d) : (clear ? l + d : n + l);
        }
        return FloatVector.fromArray(F, idx, 0);
    }

    private static final FloatVector LO8 = F.length() == 16 ? index(8, true) : null;
    private static final FloatVector HI8 = F.length() == 16 ? index(8, false) : null;
    private static final FloatVector LO4 = F.length() == 16 ? index(4, true) : null;
    private static final FloatVector HI4 = F.length() == 16 ? index(4, false) : null;
    private static final FloatVector LO2 = F.length() == 16 ? index(2, true) : null;
    private static final FloatVector HI2 = F.length() == 16 ? index(2, false) : null;
    private static final FloatVector LO1 = F.length() == 16 ? index(1, true) : null;
    private static final FloatVector HI1 = F.length() == 16 ? index(1, false) : null;

    /**
     * Reads 16 rows of 16 floats ({@code b[src + t * ld + i]}, t the row) and writes their
     * transpose to {@code dst[o + i * dstStride + t]}. Only for 16-lane species.
     *
     * <p>The rows are first copied to where their transpose goes, then transposed there by the
     * array version (which loads all 16 rows before it stores): one butterfly for both sources,
     * without handing the array version a heap segment, which would make the segment loads of
     * every kernel bimorphic (see {@link Conv2d}).
     */
    static void block16(MemorySegment b, long src, int ld, float[] dst, int o, int dstStride) {
        for (int t = 0; t < 16; t++) {
            FloatVector.fromMemorySegment(F, b, (src + (long) t * ld) << 2, ORDER).intoArray(dst, o + t * dstStride);
        }
        block16(dst, o, dstStride, dst, o, dstStride);
    }

    /**
     * Reads 16 rows of 16 floats ({@code b[src + t * ld + i]}, t the row) and writes their
     * transpose to {@code dst[o + i * dstStride + t]}; {@code b} may be {@code dst} with the same
     * block (in place): every row is loaded before anything is stored. Only for 16-lane species.
     */
    static void block16(float[] b, int src, int ld, float[] dst, int o, int dstStride) {
        FloatVector v0 = FloatVector.fromArray(F, b, src + 0 * ld);
        FloatVector v1 = FloatVector.fromArray(F, b, src + 1 * ld);
        FloatVector v2 = FloatVector.fromArray(F, b, src + 2 * ld);
        FloatVector v3 = FloatVector.fromArray(F, b, src + 3 * ld);
        FloatVector v4 = FloatVector.fromArray(F, b, src + 4 * ld);
        FloatVector v5 = FloatVector.fromArray(F, b, src + 5 * ld);
        FloatVector v6 = FloatVector.fromArray(F, b, src + 6 * ld);
        FloatVector v7 = FloatVector.fromArray(F, b, src + 7 * ld);
        FloatVector v8 = FloatVector.fromArray(F, b, src + 8 * ld);
        FloatVector v9 = FloatVector.fromArray(F, b, src + 9 * ld);
        FloatVector v10 = FloatVector.fromArray(F, b, src + 10 * ld);
        FloatVector v11 = FloatVector.fromArray(F, b, src + 11 * ld);
        FloatVector v12 = FloatVector.fromArray(F, b, src + 12 * ld);
        FloatVector v13 = FloatVector.fromArray(F, b, src + 13 * ld);
        FloatVector v14 = FloatVector.fromArray(F, b, src + 14 * ld);
        FloatVector v15 = FloatVector.fromArray(F, b, src + 15 * ld);
        FloatVector s8_0 = LO8.selectFrom(v0, v8);
        FloatVector s8_8 = HI8.selectFrom(v0, v8);
        FloatVector s8_1 = LO8.selectFrom(v1, v9);
        FloatVector s8_9 = HI8.selectFrom(v1, v9);
        FloatVector s8_2 = LO8.selectFrom(v2, v10);
        FloatVector s8_10 = HI8.selectFrom(v2, v10);
        FloatVector s8_3 = LO8.selectFrom(v3, v11);
        FloatVector s8_11 = HI8.selectFrom(v3, v11);
        FloatVector s8_4 = LO8.selectFrom(v4, v12);
        FloatVector s8_12 = HI8.selectFrom(v4, v12);
        FloatVector s8_5 = LO8.selectFrom(v5, v13);
        FloatVector s8_13 = HI8.selectFrom(v5, v13);
        FloatVector s8_6 = LO8.selectFrom(v6, v14);
        FloatVector s8_14 = HI8.selectFrom(v6, v14);
        FloatVector s8_7 = LO8.selectFrom(v7, v15);
        FloatVector s8_15 = HI8.selectFrom(v7, v15);
        FloatVector s4_0 = LO4.selectFrom(s8_0, s8_4);
        FloatVector s4_4 = HI4.selectFrom(s8_0, s8_4);
        FloatVector s4_1 = LO4.selectFrom(s8_1, s8_5);
        FloatVector s4_5 = HI4.selectFrom(s8_1, s8_5);
        FloatVector s4_2 = LO4.selectFrom(s8_2, s8_6);
        FloatVector s4_6 = HI4.selectFrom(s8_2, s8_6);
        FloatVector s4_3 = LO4.selectFrom(s8_3, s8_7);
        FloatVector s4_7 = HI4.selectFrom(s8_3, s8_7);
        FloatVector s4_8 = LO4.selectFrom(s8_8, s8_12);
        FloatVector s4_12 = HI4.selectFrom(s8_8, s8_12);
        FloatVector s4_9 = LO4.selectFrom(s8_9, s8_13);
        FloatVector s4_13 = HI4.selectFrom(s8_9, s8_13);
        FloatVector s4_10 = LO4.selectFrom(s8_10, s8_14);
        FloatVector s4_14 = HI4.selectFrom(s8_10, s8_14);
        FloatVector s4_11 = LO4.selectFrom(s8_11, s8_15);
        FloatVector s4_15 = HI4.selectFrom(s8_11, s8_15);
        FloatVector s2_0 = LO2.selectFrom(s4_0, s4_2);
        FloatVector s2_2 = HI2.selectFrom(s4_0, s4_2);
        FloatVector s2_1 = LO2.selectFrom(s4_1, s4_3);
        FloatVector s2_3 = HI2.selectFrom(s4_1, s4_3);
        FloatVector s2_4 = LO2.selectFrom(s4_4, s4_6);
        FloatVector s2_6 = HI2.selectFrom(s4_4, s4_6);
        FloatVector s2_5 = LO2.selectFrom(s4_5, s4_7);
        FloatVector s2_7 = HI2.selectFrom(s4_5, s4_7);
        FloatVector s2_8 = LO2.selectFrom(s4_8, s4_10);
        FloatVector s2_10 = HI2.selectFrom(s4_8, s4_10);
        FloatVector s2_9 = LO2.selectFrom(s4_9, s4_11);
        FloatVector s2_11 = HI2.selectFrom(s4_9, s4_11);
        FloatVector s2_12 = LO2.selectFrom(s4_12, s4_14);
        FloatVector s2_14 = HI2.selectFrom(s4_12, s4_14);
        FloatVector s2_13 = LO2.selectFrom(s4_13, s4_15);
        FloatVector s2_15 = HI2.selectFrom(s4_13, s4_15);
        FloatVector s1_0 = LO1.selectFrom(s2_0, s2_1);
        FloatVector s1_1 = HI1.selectFrom(s2_0, s2_1);
        FloatVector s1_2 = LO1.selectFrom(s2_2, s2_3);
        FloatVector s1_3 = HI1.selectFrom(s2_2, s2_3);
        FloatVector s1_4 = LO1.selectFrom(s2_4, s2_5);
        FloatVector s1_5 = HI1.selectFrom(s2_4, s2_5);
        FloatVector s1_6 = LO1.selectFrom(s2_6, s2_7);
        FloatVector s1_7 = HI1.selectFrom(s2_6, s2_7);
        FloatVector s1_8 = LO1.selectFrom(s2_8, s2_9);
        FloatVector s1_9 = HI1.selectFrom(s2_8, s2_9);
        FloatVector s1_10 = LO1.selectFrom(s2_10, s2_11);
        FloatVector s1_11 = HI1.selectFrom(s2_10, s2_11);
        FloatVector s1_12 = LO1.selectFrom(s2_12, s2_13);
        FloatVector s1_13 = HI1.selectFrom(s2_12, s2_13);
        FloatVector s1_14 = LO1.selectFrom(s2_14, s2_15);
        FloatVector s1_15 = HI1.selectFrom(s2_14, s2_15);
        s1_0.intoArray(dst, o + 0 * dstStride);
        s1_1.intoArray(dst, o + 1 * dstStride);
        s1_2.intoArray(dst, o + 2 * dstStride);
        s1_3.intoArray(dst, o + 3 * dstStride);
        s1_4.intoArray(dst, o + 4 * dstStride);
        s1_5.intoArray(dst, o + 5 * dstStride);
        s1_6.intoArray(dst, o + 6 * dstStride);
        s1_7.intoArray(dst, o + 7 * dstStride);
        s1_8.intoArray(dst, o + 8 * dstStride);
        s1_9.intoArray(dst, o + 9 * dstStride);
        s1_10.intoArray(dst, o + 10 * dstStride);
        s1_11.intoArray(dst, o + 11 * dstStride);
        s1_12.intoArray(dst, o + 12 * dstStride);
        s1_13.intoArray(dst, o + 13 * dstStride);
        s1_14.intoArray(dst, o + 14 * dstStride);
        s1_15.intoArray(dst, o + 15 * dstStride);
    }

    /** 8-lane species for {@link #block8}: 256-bit, with AVX-512VL's two-vector permutes. */
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

    private static FloatVector index8(int d, boolean low) {
        float[] idx = new float[8];
        for (int l = 0; l < 8; l++) {
            boolean clear = (l & d) == 0;
            idx[l] = low ? (clear ? l : 8 + l - d) : (clear ? l + d : 8 + l);
        }
        return FloatVector.fromArray(F8, idx, 0);
    }

    private static final FloatVector LO8_4 = index8(4, true);
    private static final FloatVector HI8_4 = index8(4, false);
    private static final FloatVector LO8_2 = index8(2, true);
    private static final FloatVector HI8_2 = index8(2, false);
    private static final FloatVector LO8_1 = index8(1, true);
    private static final FloatVector HI8_1 = index8(1, false);

    /**
     * Reads 8 rows of 8 floats ({@code a[src + t * ld + i]}, t the row) and writes their transpose
     * to {@code dst[o + 8 * i + t]}: 64 contiguous floats, one 8-row sliver column after another.
     */
    static void block8(MemorySegment a, long src, int ld, float[] dst, int o) {
        FloatVector v0 = FloatVector.fromMemorySegment(F8, a, (src + 0L * ld) << 2, ORDER);
        FloatVector v1 = FloatVector.fromMemorySegment(F8, a, (src + 1L * ld) << 2, ORDER);
        FloatVector v2 = FloatVector.fromMemorySegment(F8, a, (src + 2L * ld) << 2, ORDER);
        FloatVector v3 = FloatVector.fromMemorySegment(F8, a, (src + 3L * ld) << 2, ORDER);
        FloatVector v4 = FloatVector.fromMemorySegment(F8, a, (src + 4L * ld) << 2, ORDER);
        FloatVector v5 = FloatVector.fromMemorySegment(F8, a, (src + 5L * ld) << 2, ORDER);
        FloatVector v6 = FloatVector.fromMemorySegment(F8, a, (src + 6L * ld) << 2, ORDER);
        FloatVector v7 = FloatVector.fromMemorySegment(F8, a, (src + 7L * ld) << 2, ORDER);
        FloatVector t4_0 = LO8_4.selectFrom(v0, v4);
        FloatVector t4_4 = HI8_4.selectFrom(v0, v4);
        FloatVector t4_1 = LO8_4.selectFrom(v1, v5);
        FloatVector t4_5 = HI8_4.selectFrom(v1, v5);
        FloatVector t4_2 = LO8_4.selectFrom(v2, v6);
        FloatVector t4_6 = HI8_4.selectFrom(v2, v6);
        FloatVector t4_3 = LO8_4.selectFrom(v3, v7);
        FloatVector t4_7 = HI8_4.selectFrom(v3, v7);
        FloatVector t2_0 = LO8_2.selectFrom(t4_0, t4_2);
        FloatVector t2_2 = HI8_2.selectFrom(t4_0, t4_2);
        FloatVector t2_1 = LO8_2.selectFrom(t4_1, t4_3);
        FloatVector t2_3 = HI8_2.selectFrom(t4_1, t4_3);
        FloatVector t2_4 = LO8_2.selectFrom(t4_4, t4_6);
        FloatVector t2_6 = HI8_2.selectFrom(t4_4, t4_6);
        FloatVector t2_5 = LO8_2.selectFrom(t4_5, t4_7);
        FloatVector t2_7 = HI8_2.selectFrom(t4_5, t4_7);
        FloatVector t1_0 = LO8_1.selectFrom(t2_0, t2_1);
        FloatVector t1_1 = HI8_1.selectFrom(t2_0, t2_1);
        FloatVector t1_2 = LO8_1.selectFrom(t2_2, t2_3);
        FloatVector t1_3 = HI8_1.selectFrom(t2_2, t2_3);
        FloatVector t1_4 = LO8_1.selectFrom(t2_4, t2_5);
        FloatVector t1_5 = HI8_1.selectFrom(t2_4, t2_5);
        FloatVector t1_6 = LO8_1.selectFrom(t2_6, t2_7);
        FloatVector t1_7 = HI8_1.selectFrom(t2_6, t2_7);
        t1_0.intoArray(dst, o + 0);
        t1_1.intoArray(dst, o + 8);
        t1_2.intoArray(dst, o + 16);
        t1_3.intoArray(dst, o + 24);
        t1_4.intoArray(dst, o + 32);
        t1_5.intoArray(dst, o + 40);
        t1_6.intoArray(dst, o + 48);
        t1_7.intoArray(dst, o + 56);
    }
}
