package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Kernels big enough to split over threads give the same bits on one thread and on two. */
class ThreadCountTest {

    private static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    private static void sameOnOneAndTwoThreads(String what, BiFunction<Arena, Parallel, float[]> run) {
        try (Arena arena = Arena.ofShared()) {
            float[] one = run.apply(arena, Parallel.serial());
            float[] two = run.apply(arena, TWO);
            assertThat(two).as(what).isEqualTo(one);
        }
    }

    @Test
    void batchNormSoftmaxCrossEntropyAndReductionsIgnoreTheThreadCount() {
        int n = 8, c = 5, hw = 4099, rows = 5003, classes = 10;
        float[] x = Seg.random(1, n * c * hw), g = Seg.random(2, n * c * hw), logits = Seg.random(3, rows * classes);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i * 7 % classes;
        }
        for (int[] shape : new int[][] {{n, c, hw}, {hw, n * c, 1}}) {
            int bn = shape[0], bc = shape[1], bhw = shape[2];
            sameOnOneAndTwoThreads("batch norm " + bc, (arena, par) -> {
                MemorySegment sx = Seg.of(arena, x), y = Seg.of(arena, new float[x.length]);
                MemorySegment sm = Seg.of(arena, new float[bc]), si = Seg.of(arena, new float[bc]);
                MemorySegment gx = Seg.of(arena, new float[x.length]), dg = Seg.of(arena, new float[bc]);
                BatchNorm.forwardTrain(sx, 0, bn, bc, bhw, null, 0, null, 0, 1e-5f, 0.1f, null, 0, null, 0, sm, 0, si, 0,
                        y, 0, par);
                BatchNorm.backward(Seg.of(arena, g), 0, sx, 0, bn, bc, bhw, null, 0, sm, 0, si, 0, gx, 0, dg, 0, null, 0,
                        par);
                float[] out = Seg.floats(y, x.length);
                float[] grad = Seg.floats(gx, x.length);
                float[] both = new float[2 * x.length + bc];
                System.arraycopy(out, 0, both, 0, x.length);
                System.arraycopy(grad, 0, both, x.length, x.length);
                System.arraycopy(Seg.floats(dg, bc), 0, both, 2 * x.length, bc);
                return both;
            });
        }
        sameOnOneAndTwoThreads("cross-entropy", (arena, par) -> {
            MemorySegment p = Seg.of(arena, new float[logits.length]), gx = Seg.of(arena, new float[logits.length]);
            MemorySegment l = Seg.ofInts(arena, labels);
            float loss = CrossEntropy.forward(Seg.of(arena, logits), 0, rows, classes, l, 0, LabelType.INT32, -100,
                    0.1f, p, 0, par);
            CrossEntropy.backward(p, 0, rows, classes, l, 0, LabelType.INT32, -100, 0.1f, 1f, gx, 0, par);
            float[] out = Seg.floats(gx, logits.length);
            out[0] += loss;
            return out;
        });
        sameOnOneAndTwoThreads("reductions", (arena, par) -> {
            MemorySegment sx = Seg.of(arena, x), cols = Seg.of(arena, new float[c * hw]);
            Reduce.sumColumns(sx, 0, n, c * hw, cols, 0, par);
            float[] out = Seg.floats(cols, c * hw);
            out[0] += Reduce.sumAll(sx, 0, x.length, par);
            return out;
        });
    }
}
