package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.Buffers.assertClose;
import static dev.jnn.backend.onednn.internal.Buffers.normal;
import static dev.jnn.backend.onednn.internal.Buffers.of;
import static dev.jnn.backend.onednn.internal.Buffers.out;
import static dev.jnn.backend.onednn.internal.Buffers.read;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jnn.backend.onednn.internal.OneDnnPooling.Geometry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Average pooling against a naive reference (max pooling runs on the vector kernels; the conformance kit checks it). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OneDnnPoolingTest {
    private static final double TOL = 1e-4;
    private static final Geometry[] GEOMETRIES = {
        // n, c, h, w, kh, kw, sh, sw, ph, pw
        new Geometry(1, 1, 4, 4, 2, 2, 2, 2, 0, 0),
        new Geometry(2, 3, 9, 8, 2, 2, 2, 2, 0, 0),     // odd height: floor mode drops a row
        new Geometry(2, 3, 9, 8, 3, 3, 2, 2, 1, 1),     // padding
        new Geometry(2, 3, 9, 8, 2, 3, 1, 2, 1, 0),     // non-square window, stride and padding
        new Geometry(1, 16, 28, 28, 2, 2, 2, 2, 0, 0),  // the CNN's shape
        new Geometry(3, 5, 7, 7, 3, 3, 3, 3, 1, 1)};

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

    private static int inSize(Geometry g) {
        return g.n() * g.c() * g.h() * g.w();
    }

    private static int outSize(Geometry g) {
        return g.n() * g.c() * g.oh() * g.ow();
    }

    @Test
    void averagePoolingCountsPaddingInTheDivisor() {
        for (Geometry g : GEOMETRIES) {
            float[] x = normal(3, inSize(g));
            float[] gy = normal(4, outSize(g));
            try (Arena a = Arena.ofConfined()) {
                MemorySegment y = out(a, outSize(g));
                ops.pooling().forward(g, of(a, x), y);
                assertClose(g + " avg forward", read(y, outSize(g)), NaiveReference.avgPool(g, x), TOL);
                MemorySegment gx = out(a, inSize(g));
                ops.pooling().backward(g, of(a, gy), gx);
                assertClose(g + " avg backward", read(gx, inSize(g)), NaiveReference.avgPoolBackward(g, gy), TOL);
            }
        }
    }
}
