package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SgemmTest {

    private static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    /** C = alpha*op(A)op(B) + beta*C in double precision, the naive reference. */
    private static float[] naive(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff,
                                 int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] out = c.clone();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                double prev = beta == 0 ? 0 : (double) beta * c[cOff + i * ldc + j];
                out[cOff + i * ldc + j] = (float) (alpha * s + prev);
            }
        }
        return out;
    }

    private record Result(float[] vector, float[] scalar, float[] reference) {
    }

    private static Result run(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int pad,
                              Parallel par) {
        int aOff = 3, bOff = 5, cOff = 7;
        int lda = Math.max(1, ta ? m : k) + pad, ldb = Math.max(1, tb ? k : n) + pad, ldc = Math.max(1, n) + pad;
        float[] a = Seg.random(1, aOff + (ta ? k : m) * lda);
        float[] b = Seg.random(2, bOff + (tb ? n : k) * ldb);
        float[] c = Seg.random(3, cOff + m * ldc);
        if (beta == 0) {
            Arrays.fill(c, Float.NaN);  // must not be read
        }
        try (Arena arena = Arena.ofShared()) {
            MemorySegment sa = Seg.of(arena, a), sb = Seg.of(arena, b);
            MemorySegment cv = Seg.of(arena, c), cs = Seg.of(arena, c);
            Sgemm.sgemmVector(ta, tb, m, n, k, alpha, sa, aOff, lda, sb, bOff, ldb, beta, cv, cOff, ldc, par);
            SgemmScalar.sgemm(ta, tb, m, n, k, alpha, sa, aOff, lda, sb, bOff, ldb, beta, cs, cOff, ldc);
            float[] ref = naive(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            // With beta 0 the padding keeps its NaNs in all three; computed elements must not be NaN.
            return new Result(Seg.floats(cv, c.length), Seg.floats(cs, c.length), ref);
        }
    }

    @Test
    void vectorAndScalarMatchNaiveReferenceOnAwkwardShapes() {
        int l = Simd.L;
        int[][] shapes = {{0, 3, 4}, {3, 0, 4}, {1, 1, 1}, {1, 1, 0}, {2, 3, 0}, {l - 1, l + 1, l}, {l + 1, 2 * l - 1, 3},
            {7, 13, 31}, {37, 5, 97}, {9, 57, 40}, {6, 32, 256}, {13, 67, 300}, {65, 33, 257}, {130, 70, 17}, {1, 300, 9}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                for (float beta : new float[] {0f, 1f, -0.5f}) {
                    Result r = run(ta, tb, s[0], s[1], s[2], 0.75f, beta, t, Parallel.serial());
                    String what = Arrays.toString(s) + " ta=" + ta + " tb=" + tb + " beta=" + beta;
                    assertThat(Seg.maxRelErr(r.vector(), r.reference())).as(what).isLessThan(1e-5);
                    assertThat(Seg.maxRelErr(r.scalar(), r.reference())).as(what).isLessThan(1e-5);
                }
            }
        }
    }

    @Test
    void twoThreadsGiveBitIdenticalResults() {
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            // {161, 2050, 260}: tall enough for the threads to split rows (m >= 2 MC), with two column
            // blocks (NC = 128 panels on AVX2) and two depth blocks (KC = 256) of op(B).
            for (int[] s : new int[][] {{97, 300, 61}, {300, 41, 130}, {64, 784, 64}, {161, 2050, 260}}) {
                Result one = run(ta, tb, s[0], s[1], s[2], 1f, 0.5f, 0, Parallel.serial());
                Result two = run(ta, tb, s[0], s[1], s[2], 1f, 0.5f, 0, TWO);
                assertThat(two.vector()).as(Arrays.toString(s)).isEqualTo(one.vector());
                // float sums of 260 products against double ones: 1.1e-5 at worst for the largest shape.
                assertThat(Seg.maxRelErr(two.vector(), two.reference())).as(Arrays.toString(s)).isLessThan(3e-5);
            }
        }
    }

    @Test
    void batchedRunsEachProductAtItsStride() {
        int batch = 5, m = 9, n = 17, k = 11;
        float[] a = Seg.random(4, batch * m * k), b = Seg.random(5, batch * k * n);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment sa = Seg.of(arena, a), sb = Seg.of(arena, b);
            MemorySegment c = Seg.of(arena, new float[batch * m * n]);
            Sgemm.sgemmBatched(batch, false, false, m, n, k, 1f, sa, 0, k, (long) m * k, sb, 0, n, (long) k * n,
                    0f, c, 0, n, (long) m * n, TWO);
            float[] got = Seg.floats(c, batch * m * n);
            for (int t = 0; t < batch; t++) {
                float[] ref = naive(false, false, m, n, k, 1f, a, t * m * k, k, b, t * k * n, n, 0f,
                        new float[m * n], 0, n);
                assertThat(Seg.maxRelErr(Arrays.copyOfRange(got, t * m * n, (t + 1) * m * n), ref)).isLessThan(1e-5);
            }
        }
    }

    @Test
    void tooSmallLeadingDimensionIsRejectedWithItsName() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment s = Seg.of(arena, new float[64]);
            assertThatThrownBy(() -> Sgemm.sgemm(false, false, 4, 4, 4, 1f, s, 0, 3, s, 0, 4, 0f, s, 0, 4,
                    Parallel.serial())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lda=3");
        }
    }
}
