package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.FLOAT;

import java.lang.foreign.MemorySegment;

/**
 * im2col and col2im for one NCHW image: the column matrix has one row per (channel, ky, kx)
 * and one column per output pixel, so a convolution becomes W[cout x K] * col[K x OH*OW].
 */
final class Im2col {

    private Im2col() {
    }

    /** First output index ox with ox*s + off >= 0, i.e. ceil(-off / s) clamped to [0, n]. */
    private static int lowValid(int off, int s, int n) {
        if (off >= 0) {
            return 0;
        }
        return Math.min(n, (-off + s - 1) / s);
    }

    /** One past the last ox with ox*s + off < size, clamped to [0, n]. */
    private static int highValid(int off, int s, int size, int n) {
        if (off >= size) {
            return 0;
        }
        return Math.min(n, (size - 1 - off) / s + 1);
    }

    /** Writes the K x (OH*OW) column matrix of image {@code x[xOff...]} to {@code col[0...]}. */
    static void im2col(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment col) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.inHeight(), w = g.inWidth();
        long r = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            long plane = xOff + (long) c * h * w;
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++, r++) {
                    int xo = kx * g.dilationW() - g.padW();
                    int lo = lowValid(xo, g.strideW(), ow), hi = Math.max(lo, highValid(xo, g.strideW(), w, ow));
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ky * g.dilationH();
                        long dst = r * oh * ow + (long) oy * ow;
                        if (iy < 0 || iy >= h) {
                            col.asSlice(4 * dst, 4L * ow).fill((byte) 0);
                            continue;
                        }
                        for (int ox = 0; ox < lo; ox++) {
                            col.setAtIndex(FLOAT, dst + ox, 0f);
                        }
                        long src = plane + (long) iy * w + xo;
                        if (g.strideW() == 1) {
                            MemorySegment.copy(x, 4 * (src + lo), col, 4 * (dst + lo), 4L * (hi - lo));
                        } else {
                            int s = g.strideW();
                            for (int ox = lo; ox < hi; ox++) {
                                col.setAtIndex(FLOAT, dst + ox, x.getAtIndex(FLOAT, src + (long) ox * s));
                            }
                        }
                        for (int ox = hi; ox < ow; ox++) {
                            col.setAtIndex(FLOAT, dst + ox, 0f);
                        }
                    }
                }
            }
        }
    }

    /** Overwrites image {@code dx[dxOff...]} with the sum of the columns scattered back. */
    static void col2im(Conv2dGeometry g, MemorySegment col, MemorySegment dx, long dxOff) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.inHeight(), w = g.inWidth();
        dx.asSlice(4 * dxOff, 4 * g.inImage()).fill((byte) 0);
        long r = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            long plane = dxOff + (long) c * h * w;
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++, r++) {
                    int xo = kx * g.dilationW() - g.padW();
                    int lo = lowValid(xo, g.strideW(), ow), hi = highValid(xo, g.strideW(), w, ow);
                    int s = g.strideW();
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.strideH() - g.padH() + ky * g.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        long src = r * oh * ow + (long) oy * ow;
                        long dst = plane + (long) iy * w + xo;
                        if (s == 1) {
                            Blas1.addInto(col, src + lo, dx, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                long d = dst + (long) ox * s;
                                dx.setAtIndex(FLOAT, d, dx.getAtIndex(FLOAT, d) + col.getAtIndex(FLOAT, src + ox));
                            }
                        }
                    }
                }
            }
        }
    }
}
