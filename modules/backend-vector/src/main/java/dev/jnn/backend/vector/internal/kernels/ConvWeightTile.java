package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;

import jdk.incubator.vector.FloatVector;

/**
 * The weight-gradient tile of {@link ConvRows}, generated from one template: {@link #R} output
 * channels times 5 kernel columns, each accumulator a vector of per-lane partial sums over pixels, kept in
 * an array between calls (one call per chunk of images) and reduced to one number at the end in a
 * fixed lane order. Step i reads the padded
 * input at {@code at[2i] + xTile + t} (kernel column t) and the output gradient at
 * {@code at[2i + 1] + dTile + j * dPlane} (output channel j).
 */
final class ConvWeightTile {
    /**
     * Output channels per tile: 4 with 32 vector registers (20 accumulators, 5 input vectors, one
     * gradient vector), 2 with AVX2's 16 (10 + 5 + 1). Four on AVX2 spill accumulators to the
     * stack in the inner loop: 8 against 35-40 GFLOP/s for two, measured on a Zen 3 core.
     */
    static final int R = L >= 16 ? 4 : 2;
    /** Kernel columns per tile. */
    static final int T = 5;

    private ConvWeightTile() {
    }

    /**
     * Adds the steps' products to the tile's R * T lane-wise partial sums at {@code acc[accBase]}
     * ({@code R * T * L} floats, accumulator k at {@code accBase + k * L}); see the class comment.
     */
    static void accumulate(float[] x, int[] at, int xTile, float[] d, int dTile, int dPlane, int steps, float[] acc,
                           int accBase) {
        if (R == 4) {
            accumulate4(x, at, xTile, d, dTile, dPlane, steps, acc, accBase);
        } else {
            accumulate2(x, at, xTile, d, dTile, dPlane, steps, acc, accBase);
        }
    }

    private static void accumulate4(float[] x, int[] at, int xTile, float[] d, int dTile, int dPlane, int steps, float[] acc,
                                    int accBase) {
        FloatVector a00 = FloatVector.fromArray(F, acc, accBase + 0 * L);
        FloatVector a01 = FloatVector.fromArray(F, acc, accBase + 1 * L);
        FloatVector a02 = FloatVector.fromArray(F, acc, accBase + 2 * L);
        FloatVector a03 = FloatVector.fromArray(F, acc, accBase + 3 * L);
        FloatVector a04 = FloatVector.fromArray(F, acc, accBase + 4 * L);
        FloatVector a10 = FloatVector.fromArray(F, acc, accBase + 5 * L);
        FloatVector a11 = FloatVector.fromArray(F, acc, accBase + 6 * L);
        FloatVector a12 = FloatVector.fromArray(F, acc, accBase + 7 * L);
        FloatVector a13 = FloatVector.fromArray(F, acc, accBase + 8 * L);
        FloatVector a14 = FloatVector.fromArray(F, acc, accBase + 9 * L);
        FloatVector a20 = FloatVector.fromArray(F, acc, accBase + 10 * L);
        FloatVector a21 = FloatVector.fromArray(F, acc, accBase + 11 * L);
        FloatVector a22 = FloatVector.fromArray(F, acc, accBase + 12 * L);
        FloatVector a23 = FloatVector.fromArray(F, acc, accBase + 13 * L);
        FloatVector a24 = FloatVector.fromArray(F, acc, accBase + 14 * L);
        FloatVector a30 = FloatVector.fromArray(F, acc, accBase + 15 * L);
        FloatVector a31 = FloatVector.fromArray(F, acc, accBase + 16 * L);
        FloatVector a32 = FloatVector.fromArray(F, acc, accBase + 17 * L);
        FloatVector a33 = FloatVector.fromArray(F, acc, accBase + 18 * L);
        FloatVector a34 = FloatVector.fromArray(F, acc, accBase + 19 * L);
        for (int i = 0; i < steps; i++) {
            int xb = at[2 * i] + xTile;
            int db = at[2 * i + 1] + dTile;
            FloatVector x0 = FloatVector.fromArray(F, x, xb + 0);
            FloatVector x1 = FloatVector.fromArray(F, x, xb + 1);
            FloatVector x2 = FloatVector.fromArray(F, x, xb + 2);
            FloatVector x3 = FloatVector.fromArray(F, x, xb + 3);
            FloatVector x4 = FloatVector.fromArray(F, x, xb + 4);
            FloatVector d0 = FloatVector.fromArray(F, d, db);
            a00 = d0.fma(x0, a00);
            a01 = d0.fma(x1, a01);
            a02 = d0.fma(x2, a02);
            a03 = d0.fma(x3, a03);
            a04 = d0.fma(x4, a04);
            FloatVector d1 = FloatVector.fromArray(F, d, db + 1 * dPlane);
            a10 = d1.fma(x0, a10);
            a11 = d1.fma(x1, a11);
            a12 = d1.fma(x2, a12);
            a13 = d1.fma(x3, a13);
            a14 = d1.fma(x4, a14);
            FloatVector d2 = FloatVector.fromArray(F, d, db + 2 * dPlane);
            a20 = d2.fma(x0, a20);
            a21 = d2.fma(x1, a21);
            a22 = d2.fma(x2, a22);
            a23 = d2.fma(x3, a23);
            a24 = d2.fma(x4, a24);
            FloatVector d3 = FloatVector.fromArray(F, d, db + 3 * dPlane);
            a30 = d3.fma(x0, a30);
            a31 = d3.fma(x1, a31);
            a32 = d3.fma(x2, a32);
            a33 = d3.fma(x3, a33);
            a34 = d3.fma(x4, a34);
        }
        a00.intoArray(acc, accBase + 0 * L);
        a01.intoArray(acc, accBase + 1 * L);
        a02.intoArray(acc, accBase + 2 * L);
        a03.intoArray(acc, accBase + 3 * L);
        a04.intoArray(acc, accBase + 4 * L);
        a10.intoArray(acc, accBase + 5 * L);
        a11.intoArray(acc, accBase + 6 * L);
        a12.intoArray(acc, accBase + 7 * L);
        a13.intoArray(acc, accBase + 8 * L);
        a14.intoArray(acc, accBase + 9 * L);
        a20.intoArray(acc, accBase + 10 * L);
        a21.intoArray(acc, accBase + 11 * L);
        a22.intoArray(acc, accBase + 12 * L);
        a23.intoArray(acc, accBase + 13 * L);
        a24.intoArray(acc, accBase + 14 * L);
        a30.intoArray(acc, accBase + 15 * L);
        a31.intoArray(acc, accBase + 16 * L);
        a32.intoArray(acc, accBase + 17 * L);
        a33.intoArray(acc, accBase + 18 * L);
        a34.intoArray(acc, accBase + 19 * L);
    }

    private static void accumulate2(float[] x, int[] at, int xTile, float[] d, int dTile, int dPlane, int steps, float[] acc,
                                    int accBase) {
        FloatVector a00 = FloatVector.fromArray(F, acc, accBase + 0 * L);
        FloatVector a01 = FloatVector.fromArray(F, acc, accBase + 1 * L);
        FloatVector a02 = FloatVector.fromArray(F, acc, accBase + 2 * L);
        FloatVector a03 = FloatVector.fromArray(F, acc, accBase + 3 * L);
        FloatVector a04 = FloatVector.fromArray(F, acc, accBase + 4 * L);
        FloatVector a10 = FloatVector.fromArray(F, acc, accBase + 5 * L);
        FloatVector a11 = FloatVector.fromArray(F, acc, accBase + 6 * L);
        FloatVector a12 = FloatVector.fromArray(F, acc, accBase + 7 * L);
        FloatVector a13 = FloatVector.fromArray(F, acc, accBase + 8 * L);
        FloatVector a14 = FloatVector.fromArray(F, acc, accBase + 9 * L);
        for (int i = 0; i < steps; i++) {
            int xb = at[2 * i] + xTile;
            int db = at[2 * i + 1] + dTile;
            FloatVector x0 = FloatVector.fromArray(F, x, xb + 0);
            FloatVector x1 = FloatVector.fromArray(F, x, xb + 1);
            FloatVector x2 = FloatVector.fromArray(F, x, xb + 2);
            FloatVector x3 = FloatVector.fromArray(F, x, xb + 3);
            FloatVector x4 = FloatVector.fromArray(F, x, xb + 4);
            FloatVector d0 = FloatVector.fromArray(F, d, db);
            a00 = d0.fma(x0, a00);
            a01 = d0.fma(x1, a01);
            a02 = d0.fma(x2, a02);
            a03 = d0.fma(x3, a03);
            a04 = d0.fma(x4, a04);
            FloatVector d1 = FloatVector.fromArray(F, d, db + 1 * dPlane);
            a10 = d1.fma(x0, a10);
            a11 = d1.fma(x1, a11);
            a12 = d1.fma(x2, a12);
            a13 = d1.fma(x3, a13);
            a14 = d1.fma(x4, a14);
        }
        a00.intoArray(acc, accBase + 0 * L);
        a01.intoArray(acc, accBase + 1 * L);
        a02.intoArray(acc, accBase + 2 * L);
        a03.intoArray(acc, accBase + 3 * L);
        a04.intoArray(acc, accBase + 4 * L);
        a10.intoArray(acc, accBase + 5 * L);
        a11.intoArray(acc, accBase + 6 * L);
        a12.intoArray(acc, accBase + 7 * L);
        a13.intoArray(acc, accBase + 8 * L);
        a14.intoArray(acc, accBase + 9 * L);
    }

    /** The sum of the L floats at {@code v[at]}: lane i plus lane i + L/2, and so on down to one (as Simd.sumLanesPairwise). */
    static float pairwiseSum(float[] v, int at) {
        for (int half = L / 2; half > 0; half /= 2) {
            for (int i = 0; i < half; i++) v[at + i] += v[at + i + half];
        }
        return v[at];
    }
}
