package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ReduceTest {

    private static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    @Test
    void rowColumnAndChannelReductionsMatchReference() {
        for (int[] s : new int[][] {{1, 1}, {3, Simd.L - 1}, {5, Simd.L + 1}, {64, 10}, {13, 300}, {2, 0}}) {
            int rows = s[0], cols = s[1];
            float[] x = Seg.random(rows * 31L + cols, rows * cols);
            try (Arena arena = Arena.ofShared()) {
                MemorySegment sx = Seg.of(arena, x);
                MemorySegment r = Seg.of(arena, new float[rows]), c = Seg.of(arena, new float[cols]);
                MemorySegment arg = Seg.ofInts(arena, new int[rows]);
                Reduce.sumRows(sx, 0, rows, cols, r, 0, TWO);
                float[] sums = Seg.floats(r, rows);
                Reduce.maxRows(sx, 0, rows, cols, r, 0, TWO);
                float[] maxes = Seg.floats(r, rows);
                if (cols > 0) {
                    Reduce.argmaxRows(sx, 0, rows, cols, arg, 0, TWO);
                }
                int[] args = Seg.ints(arg, rows);
                for (int i = 0; i < rows; i++) {
                    double sum = 0;
                    float max = Float.NEGATIVE_INFINITY;
                    int am = 0;
                    for (int j = 0; j < cols; j++) {
                        sum += x[i * cols + j];
                        if (x[i * cols + j] > max) {
                            max = x[i * cols + j];
                            am = j;
                        }
                    }
                    assertThat((double) sums[i]).isCloseTo(sum, offset(1e-5 * Math.max(1, cols)));
                    assertThat(maxes[i]).isEqualTo(max);
                    if (cols > 0) {
                        assertThat(args[i]).isEqualTo(am);
                    }
                }
                Reduce.sumColumns(sx, 0, rows, cols, c, 0, TWO);
                float[] colSums = Seg.floats(c, cols);
                for (int j = 0; j < cols; j++) {
                    double sum = 0;
                    for (int i = 0; i < rows; i++) {
                        sum += x[i * cols + j];
                    }
                    assertThat((double) colSums[j]).isCloseTo(sum, offset(1e-5 * rows));
                }
            }
        }
    }

    @Test
    void sumChannelsAddsEachChannelOverBatchAndPixels() {
        int n = 3, c = 4, hw = 5;
        float[] x = Seg.random(9, n * c * hw);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment out = Seg.of(arena, new float[c]);
            Reduce.sumChannels(Seg.of(arena, x), 0, n, c, hw, out, 0, TWO);
            float[] got = Seg.floats(out, c);
            for (int ch = 0; ch < c; ch++) {
                double s = 0;
                for (int b = 0; b < n; b++) {
                    for (int p = 0; p < hw; p++) {
                        s += x[(b * c + ch) * hw + p];
                    }
                }
                assertThat((double) got[ch]).isCloseTo(s, offset(1e-5));
            }
        }
    }

    @Test
    void sumAllAndMaxAllAreIndependentOfThreadCount() {
        int n = 3 * Reduce.CHUNK + 17;
        float[] x = Seg.random(10, n);
        x[n - 2] = 7f;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment sx = Seg.of(arena, x);
            double ref = 0;
            for (float v : x) {
                ref += v;
            }
            float one = Reduce.sumAll(sx, 0, n, Parallel.serial());
            assertThat(Reduce.sumAll(sx, 0, n, TWO)).isEqualTo(one);
            assertThat((double) one).isCloseTo(ref, offset(1e-2));
            assertThat(Reduce.maxAll(sx, 0, n, TWO)).isEqualTo(7f);
            assertThat(Reduce.sumAll(sx, 0, 0, TWO)).isZero();
            assertThat(Reduce.maxAll(sx, 0, 0, TWO)).isEqualTo(Float.NEGATIVE_INFINITY);
        }
    }
}
