package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.FLOAT;

import java.lang.foreign.MemorySegment;

/** The scalar twin of {@link Sgemm}: same contract, plain loops, the reference in tests. */
public final class SgemmScalar {

    private SgemmScalar() {
    }

    /** {@code C = alpha * op(A) * op(B) + beta * C}; see {@link Sgemm#sgemm}. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                             float beta, MemorySegment c, long cOff, int ldc) {
        Sgemm.check(transA, transB, m, n, k, lda, ldb, ldc);
        float[] row = new float[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0f);
            for (int p = 0; p < k; p++) {
                float av = a.getAtIndex(FLOAT, transA ? aOff + (long) p * lda + i : aOff + (long) i * lda + p);
                if (!transB) {
                    long base = bOff + (long) p * ldb;
                    for (int j = 0; j < n; j++) {
                        row[j] = Math.fma(av, b.getAtIndex(FLOAT, base + j), row[j]);
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        row[j] = Math.fma(av, b.getAtIndex(FLOAT, bOff + (long) j * ldb + p), row[j]);
                    }
                }
            }
            long cr = cOff + (long) i * ldc;
            for (int j = 0; j < n; j++) {
                float v = alpha * row[j];
                if (beta != 0f) {
                    v = Math.fma(c.getAtIndex(FLOAT, cr + j), beta, v);
                }
                c.setAtIndex(FLOAT, cr + j, v);
            }
        }
    }

    /** C = beta * C over an m x n block (C := 0 when beta is 0, without reading it). */
    static void scale(int m, int n, float beta, MemorySegment c, long cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            long cr = cOff + (long) i * ldc;
            for (int j = 0; j < n; j++) {
                c.setAtIndex(FLOAT, cr + j, beta == 0f ? 0f : beta * c.getAtIndex(FLOAT, cr + j));
            }
        }
    }
}
