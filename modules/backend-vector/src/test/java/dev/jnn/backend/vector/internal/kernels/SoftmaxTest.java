package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    private static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    @Test
    void softmaxAndLogSoftmaxMatchReferenceEvenForLargeLogits() {
        for (int cols : new int[] {1, Simd.L - 1, Simd.L + 1, 10, 37}) {
            int rows = 5;
            float[] x = Seg.random(cols, rows * cols);
            x[0] = 500f;  // exp would overflow without the max shift
            try (Arena arena = Arena.ofShared()) {
                MemorySegment sx = Seg.of(arena, x), y = Seg.of(arena, new float[x.length]);
                MemorySegment ly = Seg.of(arena, new float[x.length]);
                Softmax.forward(sx, 0, rows, cols, y, 0, TWO);
                Softmax.logForward(sx, 0, rows, cols, ly, 0, TWO);
                float[] p = Seg.floats(y, x.length), lp = Seg.floats(ly, x.length);
                for (int r = 0; r < rows; r++) {
                    double m = Double.NEGATIVE_INFINITY, s = 0;
                    for (int j = 0; j < cols; j++) {
                        m = Math.max(m, x[r * cols + j]);
                    }
                    for (int j = 0; j < cols; j++) {
                        s += Math.exp(x[r * cols + j] - m);
                    }
                    for (int j = 0; j < cols; j++) {
                        double ref = x[r * cols + j] - m - Math.log(s);
                        assertThat((double) lp[r * cols + j]).isCloseTo(ref, offset(1e-6 * Math.max(1, Math.abs(ref))));
                        assertThat((double) p[r * cols + j]).isCloseTo(Math.exp(ref), offset(1e-6));
                    }
                }
            }
        }
    }

    @Test
    void backwardMatchesCentralDifferences() {
        int rows = 3, cols = Simd.L + 3;
        float[] x = Seg.random(21, rows * cols), w = Seg.random(22, rows * cols);
        try (Arena arena = Arena.ofShared()) {
            for (boolean log : new boolean[] {false, true}) {
                MemorySegment sx = Seg.of(arena, x), y = Seg.of(arena, new float[x.length]);
                MemorySegment gy = Seg.of(arena, w), gx = Seg.of(arena, new float[x.length]);
                if (log) {
                    Softmax.logForward(sx, 0, rows, cols, y, 0, TWO);
                    Softmax.logBackward(gy, 0, y, 0, rows, cols, gx, 0, TWO);
                } else {
                    Softmax.forward(sx, 0, rows, cols, y, 0, TWO);
                    Softmax.backward(gy, 0, y, 0, rows, cols, gx, 0, TWO);
                }
                float[] g = Seg.floats(gx, x.length);
                for (int i = 0; i < x.length; i++) {
                    double h = 1e-3;
                    double num = (loss(x, w, rows, cols, i, h, log) - loss(x, w, rows, cols, i, -h, log)) / (2 * h);
                    assertThat((double) g[i]).as("log=%s i=%d", log, i).isCloseTo(num, offset(1e-4));
                }
            }
        }
    }

    /** sum(w * f(x + h e_i)) in double, f = softmax or log-softmax per row. */
    private static double loss(float[] x, float[] w, int rows, int cols, int i, double h, boolean log) {
        double total = 0;
        for (int r = 0; r < rows; r++) {
            double m = Double.NEGATIVE_INFINITY, s = 0;
            double[] v = new double[cols];
            for (int j = 0; j < cols; j++) {
                v[j] = x[r * cols + j] + (r * cols + j == i ? h : 0);
                m = Math.max(m, v[j]);
            }
            for (int j = 0; j < cols; j++) {
                s += Math.exp(v[j] - m);
            }
            for (int j = 0; j < cols; j++) {
                double lp = v[j] - m - Math.log(s);
                total += w[r * cols + j] * (log ? lp : Math.exp(lp));
            }
        }
        return total;
    }

    @Test
    void crossEntropyWithSmoothingMatchesPyTorch() {
        // torch 1.13: CrossEntropyLoss(label_smoothing=0.1) on these logits, labels [1, 2, 0]
        float[] x = {1.0f, 2.0f, 0.5f, -1.0f, 0.0f, -3.0f, 4.0f, 1.5f, 2.5f, 2.5f, -0.5f, 0.25f};
        float[] grad = {0.0664025918f, -0.105179988f, 0.0369962938f, 0.00178107503f, -0.00278975558f,
            -0.00805733539f, -0.00566415815f, 0.0165112596f, -0.153667659f, 0.146332324f, -0.000632984156f,
            0.00796830654f};
        try (Arena arena = Arena.ofShared()) {
            for (LabelType type : LabelType.values()) {
                MemorySegment labels = type == LabelType.INT32 ? Seg.ofInts(arena, new int[] {1, 2, 0})
                        : Seg.of(arena, new float[] {1f, 2f, 0f});
                MemorySegment probs = Seg.of(arena, new float[12]), gx = Seg.of(arena, new float[12]);
                float loss = CrossEntropy.forward(Seg.of(arena, x), 0, 3, 4, labels, 0, type, -100, 0.1f, probs, 0, TWO);
                assertThat(loss).isCloseTo(0.655270576f, offset(1e-6f));
                CrossEntropy.backward(probs, 0, 3, 4, labels, 0, type, -100, 0.1f, 1f, gx, 0, TWO);
                float[] g = Seg.floats(gx, 12);
                for (int i = 0; i < 12; i++) {
                    assertThat(g[i]).isCloseTo(grad[i], offset(1e-7f));
                }
            }
        }
    }

    @Test
    void crossEntropySkipsIgnoredRowsAndRejectsBadLabels() {
        float[] x = {1f, 2f, 3f, 0f, 0f, 0f};
        try (Arena arena = Arena.ofShared()) {
            MemorySegment sx = Seg.of(arena, x), probs = Seg.of(arena, new float[6]), gx = Seg.of(arena, new float[6]);
            MemorySegment labels = Seg.ofInts(arena, new int[] {2, -100});
            float loss = CrossEntropy.forward(sx, 0, 2, 3, labels, 0, LabelType.INT32, -100, 0f, probs, 0, TWO);
            double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
            assertThat((double) loss).isCloseTo(lse - 3, offset(1e-6));
            CrossEntropy.backward(probs, 0, 2, 3, labels, 0, LabelType.INT32, -100, 0f, 1f, gx, 0, TWO);
            assertThat(Seg.floats(gx, 6)).endsWith(0f, 0f, 0f);
            MemorySegment bad = Seg.ofInts(arena, new int[] {3, 0});
            assertThatThrownBy(() -> CrossEntropy.forward(sx, 0, 2, 3, bad, 0, LabelType.INT32, -100, 0f, probs, 0, TWO))
                    .hasMessageContaining("label 3 at row 0 is outside [0, 3)");
        }
    }
}
