package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Buffers.assertClose;
import static dev.jnn.backend.onednn.internal.Buffers.normal;
import static dev.jnn.backend.onednn.internal.Buffers.of;
import static dev.jnn.backend.onednn.internal.Buffers.out;
import static dev.jnn.backend.onednn.internal.Buffers.read;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.backend.onednn.internal.OneDnnInnerProduct.Geometry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Inner product (Linear) forward, backward data and backward weights against a naive reference. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneDnnInnerProductTest {
    private static final double TOL = 1e-4;
    private static final Geometry[] GEOMETRIES = {
        new Geometry(1, 1, 1), new Geometry(1, 784, 10), new Geometry(5, 17, 3), new Geometry(64, 33, 31),
        new Geometry(7, 128, 65)};

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
    void forwardMatchesReference() {
        for (Geometry g : GEOMETRIES) {
            for (boolean bias : new boolean[] {true, false}) {
                for (boolean relu : new boolean[] {false, true}) {
                    float[] x = normal(1, g.n() * g.in());
                    float[] w = normal(2, g.out() * g.in());
                    float[] b = bias ? normal(3, g.out()) : null;
                    try (Arena a = Arena.ofConfined()) {
                        MemorySegment y = out(a, g.n() * g.out());
                        ops.innerProduct().forward(g, of(a, x), of(a, w), b == null ? null : of(a, b), relu, y);
                        assertClose(g + " bias=" + bias + " relu=" + relu, read(y, g.n() * g.out()),
                                NaiveReference.linear(g.n(), g.in(), g.out(), x, w, b, relu), TOL);
                    }
                }
            }
        }
    }

    @Test
    void backwardMatchesReference() {
        for (Geometry g : GEOMETRIES) {
            float[] x = normal(4, g.n() * g.in());
            float[] w = normal(5, g.out() * g.in());
            float[] gy = normal(6, g.n() * g.out());
            double[] gx = new double[g.n() * g.in()];
            double[] gw = new double[g.out() * g.in()];
            double[] gb = new double[g.out()];
            for (int i = 0; i < g.n(); i++) {
                for (int o = 0; o < g.out(); o++) {
                    double d = gy[i * g.out() + o];
                    gb[o] += d;
                    for (int k = 0; k < g.in(); k++) {
                        gx[i * g.in() + k] += d * w[o * g.in() + k];
                        gw[o * g.in() + k] += d * x[i * g.in() + k];
                    }
                }
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment gxOut = out(a, gx.length);
                ops.innerProduct().backwardData(g, of(a, gy), of(a, w), gxOut);
                assertClose(g + " diff src", read(gxOut, gx.length), gx, TOL);
                MemorySegment gwOut = out(a, gw.length);
                MemorySegment gbOut = out(a, gb.length);
                ops.innerProduct().backwardWeights(g, of(a, x), of(a, gy), gwOut, gbOut);
                assertClose(g + " diff weights", read(gwOut, gw.length), gw, TOL);
                assertClose(g + " diff bias", read(gbOut, gb.length), gb, TOL);
                MemorySegment gwOnly = out(a, gw.length);
                ops.innerProduct().backwardWeights(g, of(a, x), of(a, gy), gwOnly, null);
                assertClose(g + " diff weights without bias", read(gwOnly, gw.length), gw, TOL);
            }
        }
    }
}
