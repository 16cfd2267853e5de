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
    void rowMaximaAndColumnSumsMatchReference() {
        for (int[] s : new int[][] {{1, 1}, {3, Simd.L - 1}, {5, Simd.L + 1}, {64, 10}, {13, 300}, {2, 0}}) {
            int rows = s[0], cols = s[1];
            float[] x = Seg.random(rows * 31L + cols, rows * cols);
            try (Arena arena = Arena.ofShared()) {
                MemorySegment sx = Seg.of(arena, x);
                MemorySegment r = Seg.of(arena, new float[rows]), c = Seg.of(arena, new float[cols]);
                Reduce.maxRows(sx, 0, rows, cols, r, 0, TWO);
                float[] maxes = Seg.floats(r, rows);
                for (int i = 0; i < rows; i++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < cols; j++) {
                        max = Math.max(max, x[i * cols + j]);
                    }
                    assertThat(maxes[i]).isEqualTo(max);
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
}
