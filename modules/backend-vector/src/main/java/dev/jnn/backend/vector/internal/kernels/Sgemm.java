package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.GemmKernel.MR;
import static dev.jnn.backend.vector.internal.kernels.GemmKernel.NR;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Single-precision GEMM on row-major float32 matrices in memory segments:
 * {@code C = alpha * op(A) * op(B) + beta * C}, with op(X) = X or X<sup>T</sup>.
 *
 * <p>op(A) is m x k, op(B) is k x n, C is m x n. Offsets and leading dimensions count floats
 * (elements), not bytes: element (i, j) of a matrix X lives at {@code xOff + i * ldx + j}. When
 * beta is 0, C is not read (NaNs in it do not propagate), as in BLAS.
 *
 * <p>The vector path is GotoBLAS-style: op(B) is packed in KC x NC blocks and op(A) in MC x KC
 * blocks into per-thread buffers, and a register-tiled micro-kernel ({@link GemmKernel}) computes
 * MR x NR tiles with FMA. Threads split C by columns (or rows when C is tall), never K, and every
 * element is summed in the same order, so results are bit-identical for any thread count.
 */
public final class Sgemm {

    /** Depth of a packed block: a kc x NR panel of B (32 KiB with AVX-512) stays in L1. */
    static final int KC = 256;
    /** Rows of a packed A block: MC x KC floats (about 200 KiB) stay in L2. */
    static final int MC = 20 * MR;
    /** Columns of a packed B block: KC x NC floats stay in L3. */
    static final int NC = NR * 128;
    /** Below this many flops a product runs on the caller only: a hand-off costs more. */
    static final long PARALLEL_FLOPS = 1L << 21;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** Per-thread packing buffers, allocated once per thread and reused by every call. */
    private static final class Buffers {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tmp = new float[MR * NR];
    }

    private Sgemm() {
    }

    /**
     * Computes {@code C = alpha * op(A) * op(B) + beta * C} on {@code par}.
     *
     * @param transA use A<sup>T</sup> (A is stored k x m) instead of A (stored m x k)
     * @param transB use B<sup>T</sup> (B is stored n x k) instead of B (stored k x n)
     * @throws IllegalArgumentException if a size is negative or a leading dimension too small
     * @throws IndexOutOfBoundsException if a matrix does not fit its segment
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                             float beta, MemorySegment c, long cOff, int ldc, Parallel par) {
        check(transA, transB, m, n, k, lda, ldb, ldc);
        if (Simd.SCALAR) {
            SgemmScalar.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        sgemmVector(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, par);
    }

    /**
     * Runs {@code batch} independent products; matrix {@code t} of X starts at
     * {@code xOff + t * strideX}. Small products are spread over the pool one per task; large ones
     * run one after another, each on the whole pool.
     */
    public static void sgemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                                    float alpha, MemorySegment a, long aOff, int lda, long strideA,
                                    MemorySegment b, long bOff, int ldb, long strideB, float beta,
                                    MemorySegment c, long cOff, int ldc, long strideC, Parallel par) {
        if (batch < 0) {
            throw new IllegalArgumentException("batch count must be >= 0, got " + batch);
        }
        check(transA, transB, m, n, k, lda, ldb, ldc);
        long flops = 2L * m * n * k;
        if (flops >= PARALLEL_FLOPS * 4 || batch == 1) {
            for (int t = 0; t < batch; t++) {
                sgemm(transA, transB, m, n, k, alpha, a, aOff + t * strideA, lda, b, bOff + t * strideB, ldb,
                        beta, c, cOff + t * strideC, ldc, par);
            }
            return;
        }
        long grain = Math.max(1, PARALLEL_FLOPS / Math.max(1, flops));
        par.forRange(batch, grain, (from, to) -> {
            for (long t = from; t < to; t++) {
                sgemm(transA, transB, m, n, k, alpha, a, aOff + t * strideA, lda, b, bOff + t * strideB, ldb,
                        beta, c, cOff + t * strideC, ldc, Parallel.serial());
            }
        });
    }

    /** The vector path, whatever {@code jnn.vector.scalar} says; see {@link #sgemm}. */
    public static void sgemmVector(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                   MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                                   float beta, MemorySegment c, long cOff, int ldc, Parallel par) {
        check(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            SgemmScalar.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        long flops = 2L * m * n * k;
        int threads = par.threads();
        if (threads == 1 || flops < PARALLEL_FLOPS) {
            blocked(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (m < 2 * MC && (n >= m || m < 2 * MR)) {
            // Few rows: split the columns. Each thread packs all of op(A), which is small here.
            int panels = (n + NR - 1) / NR;
            long grain = Math.max(1, (panels + threads - 1) / threads);
            par.forRange(panels, grain, (from, to) -> blocked(transA, transB, 0, m,
                    (int) from * NR, (int) Math.min(n, to * NR), k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc));
        } else {
            // Many rows: split them, so each thread packs only its part of op(A) (the strided,
            // scalar packing) and both share the cheap vector packing of op(B).
            int slivers = (m + MR - 1) / MR;
            long grain = Math.max(1, (slivers + threads - 1) / threads);
            par.forRange(slivers, grain, (from, to) -> blocked(transA, transB,
                    (int) from * MR, (int) Math.min(m, to * MR), 0, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc));
        }
    }

    /** The GotoBLAS loop nest over C[i0:i1, j0:j1] on the calling thread. */
    private static void blocked(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                                float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, long bOff,
                                int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        blocked(transA, transB, i0, i1, j0, j1, k, alpha, a, aOff, lda, b, null, bOff, ldb, beta, c, null, cOff, ldc);
    }

    /**
     * The loop nest, with B read from {@code bArr} when it is not null (else the segment) and C
     * written to {@code cArr} when it is not null (else the segment).
     */
    private static void blocked(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                                float alpha, MemorySegment a, long aOff, int lda, MemorySegment b, float[] bArr,
                                long bOff, int ldb, float beta, MemorySegment c, float[] cArr, long cOff, int ldc) {
        Buffers buf = BUFFERS.get();
        long ldcb = 4L * ldc;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                if (bArr != null) {
                    GemmPack.packB(transB, bArr, (int) bOff, ldb, pc, kc, jc, nc, buf.b);
                } else {
                    GemmPack.packB(transB, b, bOff, ldb, pc, kc, jc, nc, buf.b);
                }
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    GemmPack.packA(transA, a, aOff, lda, ic, mc, pc, kc, buf.a);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            long ce = cOff + (long) (ic + ir) * ldc + jc + jr;
                            if (cArr != null) {
                                GemmKernel.tileToArray(kc, buf.a, ir * kc, buf.b, jr * kc, cArr, (int) ce, ldc,
                                        Math.min(MR, mc - ir), nr, alpha, betaBlock, buf.tmp);
                            } else {
                                GemmKernel.tile(kc, buf.a, ir * kc, buf.b, jr * kc, c, 4 * ce, ldcb,
                                        Math.min(MR, mc - ir), nr, alpha, betaBlock, buf.tmp);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Serial {@code C = alpha * op(A) * op(B) + beta * C} with B a float array (an im2col matrix
     * built on the heap): saves copying it to native memory first.
     */
    static void sgemmArrayB(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a,
                            long aOff, int lda, float[] b, int bOff, int ldb, float beta, MemorySegment c, long cOff,
                            int ldc) {
        check(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            SgemmScalar.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        blocked(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, null, b, bOff, ldb, beta, c, null, cOff, ldc);
    }

    /** Serial {@code C = alpha * op(A) * op(B)} into a float array C (beta 0: C is only written). */
    static void sgemmArrayC(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a,
                            long aOff, int lda, MemorySegment b, long bOff, int ldb, float[] c, int ldc) {
        check(transA, transB, m, n, k, lda, ldb, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, i * ldc, i * ldc + n, 0f);
            }
            return;
        }
        blocked(transA, transB, 0, m, 0, n, k, alpha, a, aOff, lda, b, null, bOff, ldb, 0f, null, c, 0, ldc);
    }

    static void check(boolean transA, boolean transB, int m, int n, int k, int lda, int ldb, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        int minLda = Math.max(1, transA ? m : k);
        int minLdb = Math.max(1, transB ? k : n);
        if (lda < minLda || ldb < minLdb || ldc < Math.max(1, n)) {
            throw new IllegalArgumentException("sgemm leading dimensions too small: lda=" + lda + " (need >= "
                    + minLda + "), ldb=" + ldb + " (need >= " + minLdb + "), ldc=" + ldc + " (need >= "
                    + Math.max(1, n) + ")");
        }
    }
}
