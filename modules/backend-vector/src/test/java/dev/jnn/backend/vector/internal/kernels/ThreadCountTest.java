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
    void columnSumsIgnoreTheThreadCount() {
        int n = 8, c = 5, hw = 4099;
        float[] x = Seg.random(1, n * c * hw);
        sameOnOneAndTwoThreads("column sums", (arena, par) -> {
            MemorySegment sx = Seg.of(arena, x), cols = Seg.of(arena, new float[c * hw]);
            Reduce.sumColumns(sx, 0, n, c * hw, cols, 0, par);
            return Seg.floats(cols, c * hw);
        });
    }
}
