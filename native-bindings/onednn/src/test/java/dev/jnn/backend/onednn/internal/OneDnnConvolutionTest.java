package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Buffers.assertClose;
import static dev.jnn.backend.onednn.internal.Buffers.normal;
import static dev.jnn.backend.onednn.internal.Buffers.of;
import static dev.jnn.backend.onednn.internal.Buffers.out;
import static dev.jnn.backend.onednn.internal.Buffers.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.backend.onednn.internal.OneDnnConvolution.Geometry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Convolution forward (bias, fused ReLU), backward data and backward weights against a naive reference. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneDnnConvolutionTest {
    private static final double TOL = 1e-4;
    private static final List<Geometry> GEOMETRIES = List.of(
            // n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw
            new Geometry(1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0, 1, 1),      // batch 1, single channel
            new Geometry(2, 1, 8, 8, 3, 5, 5, 1, 1, 2, 2, 1, 1),      // MNIST-like first layer
            new Geometry(1, 3, 7, 9, 4, 3, 3, 1, 1, 0, 0, 1, 1),      // non-square input
            new Geometry(2, 2, 9, 9, 3, 3, 3, 2, 2, 1, 1, 2, 2),      // stride 2, dilation 2
            new Geometry(1, 2, 6, 5, 2, 2, 3, 2, 1, 0, 1, 1, 1),      // non-square kernel and stride
            new Geometry(3, 16, 7, 7, 5, 5, 5, 1, 1, 2, 2, 1, 1),     // 16 channels: blocked layouts
            new Geometry(2, 17, 8, 8, 19, 3, 3, 2, 2, 1, 1, 1, 1));   // odd channel counts, floor mode

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
    void forwardMatchesReferenceWithAndWithoutBiasAndRelu() {
        for (Geometry g : GEOMETRIES) {
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean relu : new boolean[] {false, true}) {
                    float[] x = normal(1, g.n() * g.c() * g.h() * g.w());
                    float[] w = normal(2, g.o() * g.c() * g.kh() * g.kw());
                    float[] b = bias ? normal(3, g.o()) : null;
                    int ny = g.n() * g.o() * g.oh() * g.ow();
                    try (Arena a = Arena.ofConfined()) {
                        MemorySegment y = out(a, ny);
                        ops.convolution().forward(g, of(a, x), of(a, w), b == null ? null : of(a, b), relu, y);
                        assertClose(g + " bias=" + bias + " relu=" + relu, read(y, ny),
                                NaiveReference.convForward(g, x, w, b, relu), TOL);
                    }
                }
            }
        }
    }

    @Test
    void backwardDataAndWeightsMatchReference() {
        for (Geometry g : GEOMETRIES) {
            int nx = g.n() * g.c() * g.h() * g.w();
            int nw = g.o() * g.c() * g.kh() * g.kw();
            int ny = g.n() * g.o() * g.oh() * g.ow();
            float[] x = normal(4, nx);
            float[] w = normal(5, nw);
            float[] gy = normal(6, ny);
            double[] gx = new double[nx];
            double[] gw = new double[nw];
            double[] gb = new double[g.o()];
            NaiveReference.convBackward(g, x, w, gy, gx, gw, gb);
            try (Arena a = Arena.ofConfined()) {
                MemorySegment gxOut = out(a, nx);
                ops.convolution().backwardData(g, of(a, gy), of(a, w), gxOut);
                assertClose(g + " diff src", read(gxOut, nx), gx, TOL);
                MemorySegment gwOut = out(a, nw);
                MemorySegment gbOut = out(a, g.o());
                ops.convolution().backwardWeights(g, of(a, x), of(a, gy), gwOut, gbOut);
                assertClose(g + " diff weights", read(gwOut, nw), gw, TOL);
                assertClose(g + " diff bias", read(gbOut, g.o()), gb, TOL);
                MemorySegment gwOnly = out(a, nw);
                ops.convolution().backwardWeights(g, of(a, x), of(a, gy), gwOnly, null);
                assertClose(g + " diff weights without bias", read(gwOnly, nw), gw, TOL);
            }
        }
    }

    @Test
    void repeatedCallsReuseThePrimitiveAndSeeNewData() {
        Geometry g = GEOMETRIES.get(5);
        int nx = g.n() * g.c() * g.h() * g.w();
        int nw = g.o() * g.c() * g.kh() * g.kw();
        int ny = g.n() * g.o() * g.oh() * g.ow();
        try (Arena a = Arena.ofConfined()) {
            for (int round = 0; round < 3; round++) {
                float[] x = normal(10 + round, nx);
                float[] w = normal(20 + round, nw);   // weights change in place between steps, as in training
                MemorySegment y = out(a, ny);
                ops.convolution().forward(g, of(a, x), of(a, w), null, false, y);
                assertClose("round " + round, read(y, ny), NaiveReference.convForward(g, x, w, null, false), TOL);
            }
        }
        assertThat(ops.convolution().forwardImplementation(g, false, false)).isNotBlank();
    }
}
