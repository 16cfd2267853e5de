package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.GemmKernel.MR;
import static dev.jnn.backend.vector.internal.kernels.GemmKernel.NR;
import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.FLOAT;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.ORDER;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Packs blocks of op(A) and op(B) into the layouts {@link GemmKernel} streams through: A as
 * slivers of MR rows (MR floats per k), B as panels of NR columns (NR floats per k), zero-padded
 * at the edges so the kernel always runs full tiles.
 */
final class GemmPack {

    private GemmPack() {
    }

    /** Packs op(A)[i0:i0+mc, p0:p0+kc] into {@code ap}; op(A)(i,p) is A[i,p] or A[p,i]. */
    static void packA(boolean trans, MemorySegment a, long aOff, int lda,
                      int i0, int mc, int p0, int kc, float[] ap) {
        for (int s = 0; s * MR < mc; s++) {
            int mr = Math.min(MR, mc - s * MR);
            int o = s * kc * MR;
            int ib = i0 + s * MR;
            if (mr < MR) {
                Arrays.fill(ap, o, o + kc * MR, 0f);
            }
            if (!trans) {
                int p = 0;
                if (mr == 8 && MR == 8 && L == 16) {
                    for (; p + 8 <= kc; p += 8) {
                        GemmTranspose.block8(a, aOff + (long) ib * lda + p0 + p, lda, ap, o + p * MR);
                    }
                }
                for (int r = 0; r < mr; r++) {
                    long base = aOff + (long) (ib + r) * lda + p0;
                    for (int pp = p; pp < kc; pp++) {
                        ap[o + pp * MR + r] = a.getAtIndex(FLOAT, base + pp);
                    }
                }
            } else if (mr == 8 && MR == 8) {
                // A^T: a sliver column is 8 contiguous floats of A, one 256-bit copy.
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromMemorySegment(FloatVector.SPECIES_256, a, (aOff + (long) (p0 + p) * lda + ib) << 2,
                            ORDER).intoArray(ap, o + p * MR);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    long base = aOff + (long) (p0 + p) * lda + ib;
                    int q = o + p * MR;
                    for (int r = 0; r < mr; r++) {
                        ap[q + r] = a.getAtIndex(FLOAT, base + r);
                    }
                }
            }
        }
    }

    /** Packs op(B)[p0:p0+kc, j0:j0+nc] into {@code bp}; op(B)(p,j) is B[p,j] or B[j,p]. */
    static void packB(boolean trans, MemorySegment b, long bOff, int ldb,
                      int p0, int kc, int j0, int nc, float[] bp) {
        for (int q = 0; q * NR < nc; q++) {
            int nr = Math.min(NR, nc - q * NR);
            int o = q * kc * NR;
            int jb = j0 + q * NR;
            if (nr < NR) {
                Arrays.fill(bp, o, o + kc * NR, 0f);
            }
            if (!trans) {
                if (nr == NR) {
                    for (int p = 0; p < kc; p++) {
                        long byteOff = (bOff + (long) (p0 + p) * ldb + jb) << 2;
                        FloatVector.fromMemorySegment(F, b, byteOff, ORDER).intoArray(bp, o + p * NR);
                        FloatVector.fromMemorySegment(F, b, byteOff + 4L * L, ORDER)
                                .intoArray(bp, o + p * NR + L);
                    }
                } else {
                    int head = nr >= L ? L : 0;  // one full vector, then scalars
                    for (int p = 0; p < kc; p++) {
                        long base = bOff + (long) (p0 + p) * ldb + jb;
                        if (head > 0) {
                            FloatVector.fromMemorySegment(F, b, base << 2, ORDER).intoArray(bp, o + p * NR);
                        }
                        for (int j = head; j < nr; j++) {
                            bp[o + p * NR + j] = b.getAtIndex(FLOAT, base + j);
                        }
                    }
                }
            } else {
                int p = 0;
                // Whole groups of 16 columns through the in-register transpose, the rest scalar.
                int groups = L == 16 ? nr / 16 : 0;
                if (groups > 0) {
                    for (; p + 16 <= kc; p += 16) {
                        for (int h = 0; h < groups; h++) {
                            long src = bOff + (long) (jb + 16 * h) * ldb + p0 + p;
                            GemmTranspose.block16(b, src, ldb, bp, o + p * NR + 16 * h, NR);
                        }
                    }
                }
                for (int j = 0; j < nr; j++) {
                    long base = bOff + (long) (jb + j) * ldb + p0;
                    int from = j < 16 * groups ? p : 0;
                    for (int pp = from; pp < kc; pp++) {
                        bp[o + pp * NR + j] = b.getAtIndex(FLOAT, base + pp);
                    }
                }
            }
        }
    }

    /** {@link #packB} from a float array: op(B)(p, j) is b[bOff + p * ldb + j] or b[bOff + j * ldb + p]. */
    static void packB(boolean trans, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] bp) {
        for (int q = 0; q * NR < nc; q++) {
            int nr = Math.min(NR, nc - q * NR);
            int o = q * kc * NR;
            int jb = j0 + q * NR;
            if (nr < NR) {
                Arrays.fill(bp, o, o + kc * NR, 0f);
            }
            if (!trans && nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + jb;
                    FloatVector.fromArray(F, b, src).intoArray(bp, o + p * NR);
                    FloatVector.fromArray(F, b, src + L).intoArray(bp, o + p * NR + L);
                }
            } else if (!trans) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (p0 + p) * ldb + jb, bp, o + p * NR, nr);
                }
            } else {
                int p = 0;
                int groups = L == 16 ? nr / 16 : 0;
                if (groups > 0) {
                    for (; p + 16 <= kc; p += 16) {
                        for (int h = 0; h < groups; h++) {
                            GemmTranspose.block16(b, bOff + (jb + 16 * h) * ldb + p0 + p, ldb, bp, o + p * NR + 16 * h, NR);
                        }
                    }
                }
                for (int j = 0; j < nr; j++) {
                    int base = bOff + (jb + j) * ldb + p0;
                    for (int pp = j < 16 * groups ? p : 0; pp < kc; pp++) {
                        bp[o + pp * NR + j] = b[base + pp];
                    }
                }
            }
        }
    }
}
