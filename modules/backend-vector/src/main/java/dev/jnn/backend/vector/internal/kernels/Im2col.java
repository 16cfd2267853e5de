package dev.jnn.backend.vector.internal.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * im2col and col2im for one NCHW image held in a float array: the column matrix has one row per
 * (channel, ky, kx) and one column per output pixel, so a convolution becomes
 * W[cout x K] * col[K x OH*OW]. Arrays, not segments: the runs are short (one output row), and
 * array loops cost far less per element than segment accessors there.
 */
final class Im2col {

    private Im2col() {
    }

    /** First ox with ox*s + off >= 0, clamped to [0, n]. */
    static int lowValid(int off, int s, int n) {
        return off >= 0 ? 0 : Math.min(n, (-off + s - 1) / s);
    }

    /** One past the last ox with ox*s + off < size, clamped to [lowValid, n]. */
    static int highValid(int off, int s, int size, int n) {
        int lo = lowValid(off, s, n);
        return off >= size ? lo : Math.max(lo, Math.min(n, (size - 1 - off) / s + 1));
    }

    /** Writes the K x (OH*OW) column matrix of image {@code x} to {@code col}. */
    static void im2col(Conv2dGeometry g, float[] x, float[] col) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.inHeight(), w = g.inWidth();
        int sh = g.strideH(), sw = g.strideW();
        int r = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = c * h * w;
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++, r++) {
                    int xo = kx * g.dilationW() - g.padW();
                    int lo = lowValid(xo, sw, ow), hi = highValid(xo, sw, w, ow);
                    if (sh == 1 && sw == 1 && ow == w) {
                        sameWidthRow(g, x, col, plane, r, ky, xo, lo, hi);
                        continue;
                    }
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh - g.padH() + ky * g.dilationH();
                        int dst = (r * oh + oy) * ow;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = plane + iy * w + xo;
                        for (int ox = 0; ox < lo; ox++) {
                            col[dst + ox] = 0f;
                        }
                        if (sw == 1) {
                            for (int ox = lo; ox < hi; ox++) {
                                col[dst + ox] = x[src + ox];
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                col[dst + ox] = x[src + ox * sw];
                            }
                        }
                        for (int ox = hi; ox < ow; ox++) {
                            col[dst + ox] = 0f;
                        }
                    }
                }
            }
        }
    }

    /** Overwrites image {@code dx} with the columns scattered back and summed. */
    static void col2im(Conv2dGeometry g, float[] col, float[] dx) {
        int oh = g.outHeight(), ow = g.outWidth(), h = g.inHeight(), w = g.inWidth();
        int sh = g.strideH(), sw = g.strideW();
        Arrays.fill(dx, 0, (int) g.inImage(), 0f);
        int r = 0;
        for (int c = 0; c < g.inChannels(); c++) {
            int plane = c * h * w;
            for (int ky = 0; ky < g.kernelH(); ky++) {
                for (int kx = 0; kx < g.kernelW(); kx++, r++) {
                    int xo = kx * g.dilationW() - g.padW();
                    int lo = lowValid(xo, sw, ow), hi = highValid(xo, sw, w, ow);
                    if (sh == 1 && sw == 1 && ow == w) {
                        sameWidthScatter(g, col, dx, plane, r, ky, xo, lo, hi);
                        continue;
                    }
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * sh - g.padH() + ky * g.dilationH();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int src = (r * oh + oy) * ow;
                        int dst = plane + iy * w + xo;
                        if (sw == 1) {
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ox] += col[src + ox];
                            }
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ox * sw] += col[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Output rows oy whose input row oy - padH + ky*dilationH lies inside the image: [first, last). */
    private static int firstRow(Conv2dGeometry g, int ky) {
        return Math.max(0, g.padH() - ky * g.dilationH());
    }

    private static int lastRow(Conv2dGeometry g, int ky) {
        return Math.max(firstRow(g, ky), Math.min(g.outHeight(), g.inHeight() + g.padH() - ky * g.dilationH()));
    }

    /**
     * Column row r for stride 1 and output width == input width ("same" padding): the valid output
     * rows are one contiguous shifted copy of the input plane; the few wrapped-around elements at
     * each row's edges are then zeroed. One long loop instead of one short loop per output row.
     */
    private static void sameWidthRow(Conv2dGeometry g, float[] x, float[] col, int plane, int r, int ky, int xo,
                                     int lo, int hi) {
        int oh = g.outHeight(), w = g.inWidth();
        int y0 = firstRow(g, ky), y1 = lastRow(g, ky);
        int base = r * oh * w;
        Arrays.fill(col, base, base + y0 * w, 0f);
        Arrays.fill(col, base + y1 * w, base + oh * w, 0f);
        if (y0 == y1) {
            return;
        }
        int start = base + y0 * w + lo, end = base + (y1 - 1) * w + hi;
        int shift = plane + (y0 - g.padH() + ky * g.dilationH()) * w + xo - (base + y0 * w);
        System.arraycopy(x, start + shift, col, start, end - start);
        for (int oy = y0; oy < y1; oy++) {
            int row = base + oy * w;
            for (int ox = 0; ox < lo; ox++) {
                col[row + ox] = 0f;
            }
            for (int ox = hi; ox < w; ox++) {
                col[row + ox] = 0f;
            }
        }
        Arrays.fill(col, base + y0 * w, start, 0f);
    }

    /** The transpose of {@link #sameWidthRow}: zero the padding columns in col, then one long add. */
    private static void sameWidthScatter(Conv2dGeometry g, float[] col, float[] dx, int plane, int r, int ky,
                                         int xo, int lo, int hi) {
        int oh = g.outHeight(), w = g.inWidth();
        int y0 = firstRow(g, ky), y1 = lastRow(g, ky);
        if (y0 == y1) {
            return;
        }
        int base = r * oh * w;
        for (int oy = y0; oy < y1; oy++) {
            int row = base + oy * w;
            for (int ox = 0; ox < lo; ox++) {
                col[row + ox] = 0f;
            }
            for (int ox = hi; ox < w; ox++) {
                col[row + ox] = 0f;
            }
        }
        int start = base + y0 * w + lo, end = base + (y1 - 1) * w + hi;
        int shift = plane + (y0 - g.padH() + ky * g.dilationH()) * w + xo - (base + y0 * w);
        int i = start;
        for (int bound = start + Simd.F.loopBound(end - start); i < bound; i += Simd.L) {
            FloatVector.fromArray(Simd.F, dx, i + shift).add(FloatVector.fromArray(Simd.F, col, i))
                    .intoArray(dx, i + shift);
        }
        for (; i < end; i++) {
            dx[i + shift] += col[i];
        }
    }
}
