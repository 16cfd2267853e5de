package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.ORDER;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * The SGEMM micro-kernel: one MR x (2 vectors) tile of C from packed slivers of A and B.
 *
 * <p>The accumulators are locals so that C2 keeps them in registers (an array of vectors would box
 * them and run about 20x slower). The tile bodies were generated from one template: every row is
 * the same. Accumulators leave through {@code tmp}, not a helper taking vectors: such helpers hit
 * C2's inlining node limit here and then box every vector.
 */
final class GemmKernel {

    /**
     * Rows of the register tile: 8 with 32 vector registers (AVX-512: 16 accumulators), else 4. AVX2
     * has 16: a 6-row tile (12 accumulators, two B vectors and the broadcasts C2 loads ahead) kept one
     * accumulator on the stack inside the loop (seen with -XX:+PrintAssembly), a store-load chain through
     * memory every k step; the 4-row tile runs SGEMM about 1.8x faster on a Zen 3 core (1024^3: 57-61
     * against 31-35 GFLOP/s; OpenBLAS 71).
     */
    static final int MR = L >= 16 ? 8 : 4;

    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * L;

    private GemmKernel() {
    }

    /**
     * C[0:mr, 0:nr] = alpha * (Ap * Bp) + beta * C, where Ap is an MR x kc sliver (k-major, MR
     * floats per k) and Bp a kc x NR panel (NR floats per k). C is not read when beta is 0.
     * {@code tmp} (MR * NR floats) receives the tile before it is written to C.
     */
    static void tile(int kc, float[] ap, int aBase, float[] bp, int bBase,
                     MemorySegment c, long cb, long ldcb, int mr, int nr,
                     float alpha, float beta, float[] tmp) {
        if (MR == 8) {
            tile8(kc, ap, aBase, bp, bBase, tmp);
        } else {
            tile4(kc, ap, aBase, bp, bBase, tmp);
        }
        writeBack(tmp, c, cb, ldcb, mr, nr, alpha, beta);
    }

    /**
     * As {@link #tile}, into a float array: C[r, j] at {@code c[cIdx + r * ldc + j]}, beta 0 or 1.
     * (Array targets get their own write-back so SGEMM's segment call sites stay monomorphic.)
     */
    static void tileToArray(int kc, float[] ap, int aBase, float[] bp, int bBase, float[] c, int cIdx, int ldc,
                            int mr, int nr, float alpha, float beta, float[] tmp) {
        if (MR == 8) {
            tile8(kc, ap, aBase, bp, bBase, tmp);
        } else {
            tile4(kc, ap, aBase, bp, bBase, tmp);
        }
        FloatVector va = FloatVector.broadcast(F, alpha);
        for (int r = 0; r < mr; r++) {
            int rb = cIdx + r * ldc;
            int j = 0;
            for (; j + L <= nr; j += L) {
                FloatVector v = FloatVector.fromArray(F, tmp, r * NR + j).mul(va);
                if (beta != 0f) {
                    v = FloatVector.fromArray(F, c, rb + j).fma(FloatVector.broadcast(F, beta), v);
                }
                v.intoArray(c, rb + j);
            }
            for (; j < nr; j++) {
                float v = alpha * tmp[r * NR + j];
                c[rb + j] = beta != 0f ? Math.fma(c[rb + j], beta, v) : v;
            }
        }
    }

    private static void tile8(int kc, float[] ap, int aBase, float[] bp, int bBase, float[] tmp) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        FloatVector c40 = z, c41 = z;
        FloatVector c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z;
        FloatVector c70 = z, c71 = z;
        int ai = aBase;
        int bi = bBase;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(F, ap[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(F, ap[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(F, ap[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(F, ap[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(F, ap[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
            ai += 8;
            bi += NR;
        }
        c00.intoArray(tmp, 0 * NR);
        c01.intoArray(tmp, 0 * NR + L);
        c10.intoArray(tmp, 1 * NR);
        c11.intoArray(tmp, 1 * NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
        c40.intoArray(tmp, 4 * NR);
        c41.intoArray(tmp, 4 * NR + L);
        c50.intoArray(tmp, 5 * NR);
        c51.intoArray(tmp, 5 * NR + L);
        c60.intoArray(tmp, 6 * NR);
        c61.intoArray(tmp, 6 * NR + L);
        c70.intoArray(tmp, 7 * NR);
        c71.intoArray(tmp, 7 * NR + L);
    }

    private static void tile4(int kc, float[] ap, int aBase, float[] bp, int bBase, float[] tmp) {
        FloatVector z = FloatVector.zero(F);
        FloatVector c00 = z, c01 = z;
        FloatVector c10 = z, c11 = z;
        FloatVector c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z;
        int ai = aBase;
        int bi = bBase;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
            FloatVector a0 = FloatVector.broadcast(F, ap[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(F, ap[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(F, ap[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(F, ap[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            ai += 4;
            bi += NR;
        }
        c00.intoArray(tmp, 0 * NR);
        c01.intoArray(tmp, 0 * NR + L);
        c10.intoArray(tmp, 1 * NR);
        c11.intoArray(tmp, 1 * NR + L);
        c20.intoArray(tmp, 2 * NR);
        c21.intoArray(tmp, 2 * NR + L);
        c30.intoArray(tmp, 3 * NR);
        c31.intoArray(tmp, 3 * NR + L);
    }

    /**
     * Writes the tile held in {@code tmp} to C. A separate method on purpose: helpers taking
     * vector arguments hit C2's inlining node limit in {@link #tile} and then box every vector.
     */
    private static void writeBack(float[] tmp, MemorySegment c, long cb, long ldcb, int mr, int nr,
                                  float alpha, float beta) {
        if (mr == MR && nr == NR) {
            FloatVector va = FloatVector.broadcast(F, alpha);
            FloatVector vb = FloatVector.broadcast(F, beta);
            for (int r = 0; r < MR; r++) {
                long rb = cb + r * ldcb;
                FloatVector r0 = FloatVector.fromArray(F, tmp, r * NR).mul(va);
                FloatVector r1 = FloatVector.fromArray(F, tmp, r * NR + L).mul(va);
                if (beta != 0f) {
                    r0 = FloatVector.fromMemorySegment(F, c, rb, ORDER).fma(vb, r0);
                    r1 = FloatVector.fromMemorySegment(F, c, rb + 4L * L, ORDER).fma(vb, r1);
                }
                r0.intoMemorySegment(c, rb, ORDER);
                r1.intoMemorySegment(c, rb + 4L * L, ORDER);
            }
        } else {
            edge(tmp, c, cb, ldcb, mr, nr, alpha, beta);
        }
    }

    private static void edge(float[] tmp, MemorySegment c, long cb, long ldcb, int mr, int nr,
                             float alpha, float beta) {
        FloatVector va = FloatVector.broadcast(F, alpha);
        FloatVector vb = FloatVector.broadcast(F, beta);
        for (int r = 0; r < mr; r++) {
            long rb = cb + r * ldcb;
            int j = 0;
            for (; j + L <= nr; j += L) {
                FloatVector v = FloatVector.fromArray(F, tmp, r * NR + j).mul(va);
                if (beta != 0f) {
                    v = FloatVector.fromMemorySegment(F, c, rb + 4L * j, ORDER).fma(vb, v);
                }
                v.intoMemorySegment(c, rb + 4L * j, ORDER);
            }
            for (; j < nr; j++) {
                float v = alpha * tmp[r * NR + j];
                long o = rb + 4L * j;
                if (beta != 0f) {
                    v = Math.fma(c.get(Simd.FLOAT, o), beta, v);
                }
                c.set(Simd.FLOAT, o, v);
            }
        }
    }
}
