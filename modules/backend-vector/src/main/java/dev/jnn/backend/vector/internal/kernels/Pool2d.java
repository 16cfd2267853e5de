package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.FLOAT;
import static dev.jnn.backend.vector.internal.kernels.Simd.INT;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Max and average pooling over NCHW float32, forward and backward, in parallel over the planes.
 *
 * <p>Each plane is copied to a per-thread array, pooled there and copied back: pooling windows are
 * short runs, which arrays handle much faster than segment accessors. Max pooling stores, per
 * output, the argmax as an int index into its input plane (h * W + w, PyTorch's convention);
 * padding counts as -infinity, ties keep the first element and a NaN wins (the last NaN's index), as
 * in PyTorch's CPU kernel. Outputs are overwritten.
 */
public final class Pool2d {

    private Pool2d() {
    }

    private static long grain(Pool2dGeometry g) {
        return Math.max(1, (1 << 14) / ((long) g.inHeight() * g.inWidth()));
    }

    /** {@code y = maxpool(x)}, {@code indices} = int argmax per output. */
    public static void maxForward(Pool2dGeometry g, MemorySegment x, long xOff, MemorySegment y, long yOff,
                                  MemorySegment indices, long iOff, Parallel par) {
        int h = g.inHeight(), w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        int in = h * w, out = oh * ow;
        par.forRange(g.planes(), grain(g), (from, to) -> {
            float[] src = Scratch.array(Scratch.IMAGE, in);
            float[] dst = Scratch.array(Scratch.ROW, out);
            int[] arg = Scratch.ints(out);
            for (long p = from; p < to; p++) {
                MemorySegment.copy(x, FLOAT, 4 * (xOff + p * in), src, 0, in);
                if (g.kernelH() == 2 && g.kernelW() == 2 && g.strideH() == 2 && g.strideW() == 2 && g.padH() == 0
                        && g.padW() == 0) {
                    max2x2(src, w, oh, ow, dst, arg);
                } else {
                    maxGeneral(g, src, dst, arg);
                }
                MemorySegment.copy(dst, 0, y, FLOAT, 4 * (yOff + p * out), out);
                MemorySegment.copy(arg, 0, indices, INT, 4 * (iOff + p * out), out);
            }
        });
    }

    /** The common 2x2 stride-2 window without padding. */
    private static void max2x2(float[] src, int w, int oh, int ow, float[] dst, int[] arg) {
        for (int oy = 0; oy < oh; oy++) {
            int r0 = 2 * oy * w, r1 = r0 + w;
            for (int ox = 0; ox < ow; ox++) {
                int i0 = r0 + 2 * ox;
                int best = i0;
                float m = src[i0];
                // Strict > keeps the first maximum; a NaN always wins: PyTorch's CPU rule.
                float v = src[i0 + 1];
                if (v > m || Float.isNaN(v)) {
                    m = v;
                    best = i0 + 1;
                }
                v = src[r1 + 2 * ox];
                if (v > m || Float.isNaN(v)) {
                    m = v;
                    best = r1 + 2 * ox;
                }
                v = src[r1 + 2 * ox + 1];
                if (v > m || Float.isNaN(v)) {
                    m = v;
                    best = r1 + 2 * ox + 1;
                }
                dst[oy * ow + ox] = m;
                arg[oy * ow + ox] = best;
            }
        }
    }

    private static void maxGeneral(Pool2dGeometry g, float[] src, float[] dst, int[] arg) {
        int h = g.inHeight(), w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        for (int oy = 0; oy < oh; oy++) {
            int y0 = oy * g.strideH() - g.padH();
            int ya = Math.max(0, y0), yb = Math.min(h, y0 + g.kernelH());
            for (int ox = 0; ox < ow; ox++) {
                int x0 = ox * g.strideW() - g.padW();
                int xa = Math.max(0, x0), xb = Math.min(w, x0 + g.kernelW());
                float m = Float.NEGATIVE_INFINITY;
                int best = ya * w + xa;
                for (int iy = ya; iy < yb; iy++) {
                    for (int ix = xa; ix < xb; ix++) {
                        float v = src[iy * w + ix];
                        if (v > m || Float.isNaN(v)) {
                            m = v;
                            best = iy * w + ix;
                        }
                    }
                }
                dst[oy * ow + ox] = m;
                arg[oy * ow + ox] = best;
            }
        }
    }

    /** {@code gx[plane][indices[o]] += gy[o]} over each plane, gx zeroed first. */
    public static void maxBackward(Pool2dGeometry g, MemorySegment gy, long gyOff, MemorySegment indices, long iOff,
                                   MemorySegment gx, long gxOff, Parallel par) {
        int in = g.inHeight() * g.inWidth(), out = g.outHeight() * g.outWidth();
        par.forRange(g.planes(), grain(g), (from, to) -> {
            float[] dx = Scratch.array(Scratch.IMAGE, in);
            float[] dy = Scratch.array(Scratch.ROW, out);
            int[] arg = Scratch.ints(out);
            for (long p = from; p < to; p++) {
                MemorySegment.copy(gy, FLOAT, 4 * (gyOff + p * out), dy, 0, out);
                MemorySegment.copy(indices, INT, 4 * (iOff + p * out), arg, 0, out);
                Arrays.fill(dx, 0, in, 0f);
                for (int o = 0; o < out; o++) {
                    int i = arg[o];
                    if (i < 0 || i >= in) {
                        throw new IllegalArgumentException("max-pool index " + i + " outside the input plane of "
                                + in + " elements: pass the indices written by maxForward");
                    }
                    dx[i] += dy[o];
                }
                MemorySegment.copy(dx, 0, gx, FLOAT, 4 * (gxOff + p * in), in);
            }
        });
    }

    /** PyTorch's divisor for window (oy, ox): its size clipped to the padded input, or only the valid part. */
    private static int divisor(Pool2dGeometry g, int oy, int ox, boolean countIncludePad) {
        int y0 = oy * g.strideH() - g.padH(), x0 = ox * g.strideW() - g.padW();
        int y1 = Math.min(y0 + g.kernelH(), g.inHeight() + g.padH());
        int x1 = Math.min(x0 + g.kernelW(), g.inWidth() + g.padW());
        if (countIncludePad) {
            return (y1 - y0) * (x1 - x0);
        }
        return (Math.min(y1, g.inHeight()) - Math.max(y0, 0)) * (Math.min(x1, g.inWidth()) - Math.max(x0, 0));
    }

    /** {@code y = avgpool(x)}; {@code countIncludePad} as in PyTorch (default true). */
    public static void avgForward(Pool2dGeometry g, boolean countIncludePad, MemorySegment x, long xOff,
                                  MemorySegment y, long yOff, Parallel par) {
        int h = g.inHeight(), w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        int in = h * w, out = oh * ow;
        par.forRange(g.planes(), grain(g), (from, to) -> {
            float[] src = Scratch.array(Scratch.IMAGE, in);
            float[] dst = Scratch.array(Scratch.ROW, out);
            for (long p = from; p < to; p++) {
                MemorySegment.copy(x, FLOAT, 4 * (xOff + p * in), src, 0, in);
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * g.strideH() - g.padH();
                    int ya = Math.max(0, y0), yb = Math.min(h, y0 + g.kernelH());
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * g.strideW() - g.padW();
                        int xa = Math.max(0, x0), xb = Math.min(w, x0 + g.kernelW());
                        float s = 0f;
                        for (int iy = ya; iy < yb; iy++) {
                            for (int ix = xa; ix < xb; ix++) {
                                s += src[iy * w + ix];
                            }
                        }
                        dst[oy * ow + ox] = s / divisor(g, oy, ox, countIncludePad);
                    }
                }
                MemorySegment.copy(dst, 0, y, FLOAT, 4 * (yOff + p * out), out);
            }
        });
    }

    /** {@code gx = the transpose of avgForward applied to gy}, gx overwritten. */
    public static void avgBackward(Pool2dGeometry g, boolean countIncludePad, MemorySegment gy, long gyOff,
                                   MemorySegment gx, long gxOff, Parallel par) {
        int h = g.inHeight(), w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        int in = h * w, out = oh * ow;
        par.forRange(g.planes(), grain(g), (from, to) -> {
            float[] dx = Scratch.array(Scratch.IMAGE, in);
            float[] dy = Scratch.array(Scratch.ROW, out);
            for (long p = from; p < to; p++) {
                MemorySegment.copy(gy, FLOAT, 4 * (gyOff + p * out), dy, 0, out);
                Arrays.fill(dx, 0, in, 0f);
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = oy * g.strideH() - g.padH();
                    int ya = Math.max(0, y0), yb = Math.min(h, y0 + g.kernelH());
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = ox * g.strideW() - g.padW();
                        int xa = Math.max(0, x0), xb = Math.min(w, x0 + g.kernelW());
                        float v = dy[oy * ow + ox] / divisor(g, oy, ox, countIncludePad);
                        for (int iy = ya; iy < yb; iy++) {
                            for (int ix = xa; ix < xb; ix++) {
                                dx[iy * w + ix] += v;
                            }
                        }
                    }
                }
                MemorySegment.copy(dx, 0, gx, FLOAT, 4 * (gxOff + p * in), in);
            }
        });
    }
}
