package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Buffers.assertClose;
import static dev.jnn.backend.onednn.internal.Buffers.normal;
import static dev.jnn.backend.onednn.internal.Buffers.of;
import static dev.jnn.backend.onednn.internal.Buffers.out;
import static dev.jnn.backend.onednn.internal.Buffers.read;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Softmax / log-softmax forward and backward, and dnnl_sgemm, against naive references. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneDnnSoftmaxAndGemmTest {
    private static final double TOL = 1e-4;

    private OneDnnOps ops;

    @BeforeAll
    void open() {
        assumeTrue(Natives.available(), Natives.reason());
        ops = new OneDnnOps(2);
    }

    @AfterAll
    void close() {
        if (ops != null) ops.close();
    }

    @Test
    void softmaxAndLogSoftmaxAlongAnyDimension() {
        // [outer, n, inner]: the last dimension (inner 1), the first (outer 1) and a middle one.
        int[][] shapes = {{1, 10, 1}, {64, 10, 1}, {4, 17, 1}, {1, 4, 17}, {2, 5, 3}, {3, 1, 1}};
        for (int[] s : shapes) {
            int size = s[0] * s[1] * s[2];
            for (boolean log : new boolean[] {false, true}) {
                float[] x = normal(1, size);
                float[] gy = normal(2, size);
                double[] y = NaiveReference.softmax(s[0], s[1], s[2], log, x);
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment ys = out(a, size);
                    ops.softmax().forward(s[0], s[1], s[2], log, of(a, x), ys);
                    float[] got = read(ys, size);
                    String what = (log ? "logSoftmax " : "softmax ") + s[0] + "x" + s[1] + "x" + s[2];
                    assertClose(what, got, y, TOL);
                    MemorySegment gx = out(a, size);
                    ops.softmax().backward(s[0], s[1], s[2], log, ys, of(a, gy), gx);
                    assertClose(what + " backward", read(gx, size),
                            NaiveReference.softmaxBackward(s[0], s[1], s[2], log, got, gy), TOL);
                }
            }
        }
    }

    @Test
    void gemmWithEveryTransposeAlphaAndBeta() {
        int[][] mnk = {{1, 1, 1}, {7, 5, 13}, {16, 15, 17}, {64, 51, 78}, {3, 65, 33}};
        for (int[] s : mnk) {
            int m = s[0], n = s[1], k = s[2];
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    float[] av = normal(1, m * k);
                    float[] bv = normal(2, k * n);
                    float[] cv = normal(3, m * n);
                    float alpha = 0.5f;
                    float beta = ta ? 0f : 2f;
                    double[] want = new double[m * n];
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double acc = 0;
                            for (int q = 0; q < k; q++) {
                                acc += (double) (ta ? av[q * m + i] : av[i * k + q]) * (tb ? bv[j * k + q] : bv[q * n + j]);
                            }
                            want[i * n + j] = alpha * acc + beta * cv[i * n + j];
                        }
                    }
                    try (Arena a = Arena.ofConfined()) {
                        MemorySegment c = beta == 0f ? out(a, m * n) : of(a, cv);   // NaN in C must not leak when beta is 0
                        ops.gemm(ta, tb, m, n, k, alpha, of(a, av), ta ? m : k, of(a, bv), tb ? k : n, beta, c, n);
                        assertClose("gemm " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb, read(c, m * n), want, TOL);
                    }
                }
            }
        }
    }

    @Test
    void threadCountChangesKeepResultsRight() {
        int m = 33, n = 31, k = 29;
        float[] av = normal(1, m * k);
        float[] bv = normal(2, k * n);
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) for (int q = 0; q < k; q++) want[i * n + j] += (double) av[i * k + q] * bv[q * n + j];
        for (int threads : new int[] {1, 2, 1}) {
            ops.setThreads(threads);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment c = out(a, m * n);
                ops.gemm(false, false, m, n, k, 1f, of(a, av), k, of(a, bv), n, 0f, c, n);
                assertClose("threads " + threads, read(c, m * n), want, TOL);
                MemorySegment y = out(a, 4 * 10);
                float[] x = normal(4, 40);
                ops.softmax().forward(4, 10, 1, false, of(a, x), y);
                assertClose("softmax threads " + threads, read(y, 40), NaiveReference.softmax(4, 10, 1, false, x), TOL);
            }
        }
        ops.setThreads(2);
    }

    @Test
    void closingTwiceIsHarmlessAndLaterUseFailsWithoutTouchingFreedMemory() {
        OneDnnOps closing = new OneDnnOps(1);
        try (Arena a = Arena.ofConfined()) {
            float[] x = normal(5, 12);
            MemorySegment y = out(a, 12);
            closing.softmax().forward(3, 4, 1, false, of(a, x), y);   // builds and caches a primitive
            closing.close();
            closing.close();
            assertThatThrownBy(() -> closing.softmax().forward(3, 4, 1, false, of(a, x), y))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }
}
