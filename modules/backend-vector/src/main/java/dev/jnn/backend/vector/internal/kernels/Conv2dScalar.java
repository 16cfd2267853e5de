package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;

import java.lang.foreign.MemorySegment;

/** The scalar twin of {@link Conv2d}: direct loops from the definition, the reference in tests. */
public final class Conv2dScalar {

    private Conv2dScalar() {
    }

    /** Input index of output (oy, ox) at tap (ky, kx), or -1 in the padding. */
    private static long at(Conv2dGeometry g, int oy, int ox, int ky, int kx) {
        int iy = oy * g.strideH() - g.padH() + ky * g.dilationH();
        int ix = ox * g.strideW() - g.padW() + kx * g.dilationW();
        if (iy < 0 || iy >= g.inHeight() || ix < 0 || ix >= g.inWidth()) {
            return -1;
        }
        return (long) iy * g.inWidth() + ix;
    }

    /** {@code y = conv(x, w) + bias}; see {@link Conv2d#forward}. */
    public static void forward(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment w, long wOff,
                        MemorySegment bias, long biasOff, MemorySegment y, long yOff) {
        int oh = g.outHeight(), ow = g.outWidth(), hw = g.inHeight() * g.inWidth();
        for (int b = 0; b < g.batch(); b++) {
            for (int co = 0; co < g.outChannels(); co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float s = bias == null ? 0f : get(bias, biasOff + co);
                        for (int ci = 0; ci < g.inChannels(); ci++) {
                            for (int ky = 0; ky < g.kernelH(); ky++) {
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    long i = at(g, oy, ox, ky, kx);
                                    if (i >= 0) {
                                        float xv = get(x, xOff + b * g.inImage() + (long) ci * hw + i);
                                        float wv = get(w, wOff + (((long) co * g.inChannels() + ci) * g.kernelH() + ky)
                                                * g.kernelW() + kx);
                                        s = Math.fma(xv, wv, s);
                                    }
                                }
                            }
                        }
                        set(y, yOff + b * g.outImage() + ((long) co * oh + oy) * ow + ox, s);
                    }
                }
            }
        }
    }

    /** The data gradient; see {@link Conv2d#backwardData}. */
    public static void backwardData(Conv2dGeometry g, MemorySegment dy, long dyOff, MemorySegment w, long wOff,
                             MemorySegment dx, long dxOff) {
        int oh = g.outHeight(), ow = g.outWidth(), hw = g.inHeight() * g.inWidth();
        dx.asSlice(4 * dxOff, 4 * g.batch() * g.inImage()).fill((byte) 0);
        for (int b = 0; b < g.batch(); b++) {
            for (int co = 0; co < g.outChannels(); co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float gv = get(dy, dyOff + b * g.outImage() + ((long) co * oh + oy) * ow + ox);
                        for (int ci = 0; ci < g.inChannels(); ci++) {
                            for (int ky = 0; ky < g.kernelH(); ky++) {
                                for (int kx = 0; kx < g.kernelW(); kx++) {
                                    long i = at(g, oy, ox, ky, kx);
                                    if (i >= 0) {
                                        long d = dxOff + b * g.inImage() + (long) ci * hw + i;
                                        float wv = get(w, wOff + (((long) co * g.inChannels() + ci) * g.kernelH() + ky)
                                                * g.kernelW() + kx);
                                        set(dx, d, Math.fma(gv, wv, get(dx, d)));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** The weight gradient; see {@link Conv2d#backwardWeights}. */
    public static void backwardWeights(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment dy, long dyOff,
                                MemorySegment dw, long dwOff) {
        int oh = g.outHeight(), ow = g.outWidth(), hw = g.inHeight() * g.inWidth();
        for (int co = 0; co < g.outChannels(); co++) {
            for (int ci = 0; ci < g.inChannels(); ci++) {
                for (int ky = 0; ky < g.kernelH(); ky++) {
                    for (int kx = 0; kx < g.kernelW(); kx++) {
                        float s = 0f;
                        for (int b = 0; b < g.batch(); b++) {
                            for (int oy = 0; oy < oh; oy++) {
                                for (int ox = 0; ox < ow; ox++) {
                                    long i = at(g, oy, ox, ky, kx);
                                    if (i >= 0) {
                                        float gv = get(dy, dyOff + b * g.outImage() + ((long) co * oh + oy) * ow + ox);
                                        s = Math.fma(gv, get(x, xOff + b * g.inImage() + (long) ci * hw + i), s);
                                    }
                                }
                            }
                        }
                        set(dw, dwOff + (((long) co * g.inChannels() + ci) * g.kernelH() + ky) * g.kernelW() + kx, s);
                    }
                }
            }
        }
    }
}
