package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class Conv2dTest {

    private static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    private static final List<Conv2dGeometry> SHAPES = List.of(
            Conv2dGeometry.of(2, 1, 28, 28, 16, 5, 1, 2),          // cnn conv1 (batch cut to 2)
            Conv2dGeometry.of(3, 16, 14, 14, 32, 5, 1, 2),         // cnn conv2
            Conv2dGeometry.of(2, 6, 14, 14, 16, 5, 1, 0),          // LeNet conv2
            Conv2dGeometry.of(1, 3, 7, 5, 4, 3, 2, 1),             // stride 2, odd sizes
            Conv2dGeometry.of(2, 2, 9, 11, 3, 1, 1, 0),            // 1x1: no im2col
            new Conv2dGeometry(2, 3, 10, 13, 5, 3, 2, 2, 3, 1, 2, 2, 1), // mixed stride/pad/dilation
            new Conv2dGeometry(1, 2, 6, 6, 3, 2, 2, 1, 1, 3, 3, 1, 1),   // padding > kernel
            Conv2dGeometry.of(2, 1, 28, 28, 6, 5, 1, 2),           // LeNet conv1: direct, 4 + 2 channels
            Conv2dGeometry.of(1, 2, 4, 3, 5, 3, 1, 1),             // direct with rows narrower than a vector
            Conv2dGeometry.of(2, 3, 9, 9, 7, 5, 1, 2),             // odd channels and taps (3 x 25): tile tails
            Conv2dGeometry.of(1, 1, 1, 1, 1, 1, 1, 0));

    private record Out(float[] y, float[] dx, float[] dw) {
    }

    private static Out run(Conv2dGeometry g, boolean scalar, Parallel par) {
        float[] x = Seg.random(11, (int) (g.batch() * g.inImage()));
        float[] w = Seg.random(12, (int) g.weightSize());
        float[] b = Seg.random(13, g.outChannels());
        float[] dy = Seg.random(14, (int) (g.batch() * g.outImage()));
        try (Arena arena = Arena.ofShared()) {
            MemorySegment sx = Seg.of(arena, x), sw = Seg.of(arena, w), sb = Seg.of(arena, b), sdy = Seg.of(arena, dy);
            MemorySegment y = Seg.of(arena, new float[dy.length]), dx = Seg.of(arena, new float[x.length]);
            MemorySegment dw = Seg.of(arena, new float[w.length]);
            if (scalar) {
                Conv2dScalar.forward(g, sx, 0, sw, 0, sb, 0, y, 0);
                Conv2dScalar.backwardData(g, sdy, 0, sw, 0, dx, 0);
                Conv2dScalar.backwardWeights(g, sx, 0, sdy, 0, dw, 0);
            } else {
                Conv2d.forward(g, sx, 0, sw, 0, sb, 0, y, 0, par);
                Conv2d.backwardData(g, sdy, 0, sw, 0, dx, 0, par);
                Conv2d.backwardWeights(g, sx, 0, sdy, 0, dw, 0, par);
            }
            return new Out(Seg.floats(y, dy.length), Seg.floats(dx, x.length), Seg.floats(dw, w.length));
        }
    }

    @Test
    void vectorPathsMatchTheDirectDefinition() {
        for (Conv2dGeometry g : SHAPES) {
            Out ref = run(g, true, Parallel.serial());
            Out got = run(g, false, Parallel.serial());
            assertThat(Seg.maxRelErr(got.y(), ref.y())).as("forward %s", g).isLessThan(5e-5);
            assertThat(Seg.maxRelErr(got.dx(), ref.dx())).as("backward data %s", g).isLessThan(5e-5);
            assertThat(Seg.maxRelErr(got.dw(), ref.dw())).as("backward weights %s", g).isLessThan(5e-5);
        }
    }

    @Test
    void twoThreadsGiveBitIdenticalResults() {
        for (Conv2dGeometry g : List.of(Conv2dGeometry.of(7, 16, 14, 14, 32, 5, 1, 2),
                Conv2dGeometry.of(5, 1, 28, 28, 16, 5, 1, 2))) {
            Out one = run(g, false, Parallel.serial());
            Out two = run(g, false, TWO);
            assertThat(two.y()).isEqualTo(one.y());
            assertThat(two.dx()).isEqualTo(one.dx());
            assertThat(two.dw()).isEqualTo(one.dw());
        }
    }

    @Test
    void geometryComputesPyTorchOutputSizes() {
        Conv2dGeometry g = new Conv2dGeometry(1, 1, 28, 28, 1, 5, 5, 2, 2, 1, 1, 2, 2);
        assertThat(g.outHeight()).isEqualTo((28 + 2 - 2 * 4 - 1) / 2 + 1);
        assertThat(Conv2dGeometry.of(1, 6, 14, 14, 16, 5, 1, 0).outWidth()).isEqualTo(10);
        assertThatThrownBy(() -> Conv2dGeometry.of(1, 1, 3, 3, 1, 5, 1, 0)).hasMessageContaining("larger than");
    }
}
