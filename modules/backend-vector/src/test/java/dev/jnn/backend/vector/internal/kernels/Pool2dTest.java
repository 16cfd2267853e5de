package dev.jnn.backend.vector.internal.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class Pool2dTest {

    private static final Parallel TWO = new Parallel(2);

    @AfterAll
    static void closePool() {
        TWO.close();
    }

    private static final List<Pool2dGeometry> SHAPES = List.of(Pool2dGeometry.of(2, 3, 28, 28, 2, 2, 0),
            Pool2dGeometry.of(1, 2, 7, 9, 3, 2, 1), new Pool2dGeometry(2, 1, 5, 6, 2, 3, 1, 2, 1, 1),
            Pool2dGeometry.of(1, 1, 1, 1, 1, 1, 0), Pool2dGeometry.of(3, 2, 5, 5, 2, 2, 0));

    @Test
    void maxPoolingPicksWindowMaximaAndRoutesGradientsToThem() {
        for (Pool2dGeometry g : SHAPES) {
            int in = g.inHeight() * g.inWidth(), out = g.outHeight() * g.outWidth();
            float[] x = Seg.random(in, (int) g.planes() * in);
            float[] gy = Seg.random(out, (int) g.planes() * out);
            try (Arena arena = Arena.ofShared()) {
                MemorySegment y = Seg.of(arena, new float[gy.length]), idx = Seg.ofInts(arena, new int[gy.length]);
                MemorySegment gx = Seg.of(arena, new float[x.length]);
                Pool2d.maxForward(g, Seg.of(arena, x), 0, y, 0, idx, 0, TWO);
                Pool2d.maxBackward(g, Seg.of(arena, gy), 0, idx, 0, gx, 0, TWO);
                float[] gotY = Seg.floats(y, gy.length), gotGx = Seg.floats(gx, x.length);
                int[] gotIdx = Seg.ints(idx, gy.length);
                double[] refGx = new double[x.length];
                for (int p = 0; p < g.planes(); p++) {
                    for (int oy = 0; oy < g.outHeight(); oy++) {
                        for (int ox = 0; ox < g.outWidth(); ox++) {
                            float m = Float.NEGATIVE_INFINITY;
                            int arg = -1;
                            for (int ky = 0; ky < g.kernelH(); ky++) {
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    int iy = oy * g.strideH() - g.padH() + ky, ix = ox * g.strideW() - g.padW() + kx;
                                    if (iy >= 0 && iy < g.inHeight() && ix >= 0 && ix < g.inWidth()
                                            && x[p * in + iy * g.inWidth() + ix] > m) {
                                        m = x[p * in + iy * g.inWidth() + ix];
                                        arg = iy * g.inWidth() + ix;
                                    }
                                }
                            }
                            int o = p * out + oy * g.outWidth() + ox;
                            assertThat(gotY[o]).as("%s", g).isEqualTo(m);
                            assertThat(gotIdx[o]).isEqualTo(arg);
                            refGx[p * in + arg] += gy[o];
                        }
                    }
                }
                for (int i = 0; i < x.length; i++) {
                    assertThat((double) gotGx[i]).isCloseTo(refGx[i], offset(1e-6));
                }
            }
        }
    }

    @Test
    void averagePoolingMatchesPyTorchDivisorsAndItsAdjoint() {
        for (Pool2dGeometry g : SHAPES) {
            for (boolean include : new boolean[] {true, false}) {
                int in = g.inHeight() * g.inWidth(), out = g.outHeight() * g.outWidth();
                float[] x = Seg.random(7, (int) g.planes() * in), gy = Seg.random(8, (int) g.planes() * out);
                try (Arena arena = Arena.ofShared()) {
                    MemorySegment y = Seg.of(arena, new float[gy.length]), gx = Seg.of(arena, new float[x.length]);
                    Pool2d.avgForward(g, include, Seg.of(arena, x), 0, y, 0, TWO);
                    Pool2d.avgBackward(g, include, Seg.of(arena, gy), 0, gx, 0, TWO);
                    float[] gotY = Seg.floats(y, gy.length), gotGx = Seg.floats(gx, x.length);
                    for (int p = 0; p < g.planes(); p++) {
                        for (int oy = 0; oy < g.outHeight(); oy++) {
                            for (int ox = 0; ox < g.outWidth(); ox++) {
                                double s = 0;
                                int valid = 0;
                                for (int ky = 0; ky < g.kernelH(); ky++) {
                                    for (int kx = 0; kx < g.kernelW(); kx++) {
                                        int iy = oy * g.strideH() - g.padH() + ky, ix = ox * g.strideW() - g.padW() + kx;
                                        if (iy >= 0 && iy < g.inHeight() && ix >= 0 && ix < g.inWidth()) {
                                            s += x[p * in + iy * g.inWidth() + ix];
                                            valid++;
                                        }
                                    }
                                }
                                int div = include ? g.kernelH() * g.kernelW() : valid;
                                assertThat((double) gotY[p * out + oy * g.outWidth() + ox]).isCloseTo(s / div, offset(1e-6));
                            }
                        }
                    }
                    // Adjoint: <avg(x), gy> == <x, avg^T(gy)>.
                    double lhs = 0, rhs = 0;
                    for (int i = 0; i < gy.length; i++) {
                        lhs += (double) gotY[i] * gy[i];
                    }
                    for (int i = 0; i < x.length; i++) {
                        rhs += (double) x[i] * gotGx[i];
                    }
                    assertThat(lhs).isCloseTo(rhs, offset(1e-4));
                }
            }
        }
    }

    @Test
    void paddingLargerThanHalfTheKernelIsRejected() {
        assertThatThrownBy(() -> Pool2dGeometry.of(1, 1, 4, 4, 2, 2, 2)).hasMessageContaining("at most half");
    }
}
