package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.FLOAT;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.ORDER;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Direct forward convolution for few input channels (a first layer such as Conv2d(1, 16, 5, 1, 2)),
 * where im2col + SGEMM has a tiny K and spends its time copying. Stride 1, dilation 1.
 *
 * <p>Each image is copied once into a zero-padded array; a register tile of 4 output channels x 2
 * vectors of output pixels accumulates all taps, one x load feeding 4 FMAs. A row's last vector may
 * run past the row end into the next row of the same plane, which is computed (and overwritten)
 * later; the last row of each plane stores only its valid part.
 */
final class Conv2dDirect {

    /** Largest Cin * kh * kw this path takes; above it im2col + SGEMM wins. */
    static final int MAX_PATCH = 32;

    private Conv2dDirect() {
    }

    /** True when this kernel handles {@code g} (and was measured faster there). */
    static boolean suits(Conv2dGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1
                && g.patchSize() <= MAX_PATCH && g.kernelH() * g.kernelW() > 1;
    }

    static void forward(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment w, long wOff,
                        MemorySegment bias, long biasOff, MemorySegment y, long yOff, Parallel par) {
        int cin = g.inChannels(), cout = g.outChannels(), kh = g.kernelH(), kw = g.kernelW();
        int hp = g.inHeight() + 2 * g.padH(), wp = g.inWidth() + 2 * g.padW();
        int patch = g.patchSize();
        // Slack: the last vectors read past a row's end, and block1's 4-row tiles past the last row.
        int padded = cin * hp * wp + 4 * wp + 2 * L + kw;
        par.forRangeBalanced(g.batch(), 1, (from, to) -> {
            float[] xp = Scratch.array(Scratch.IMAGE, padded);
            float[] img = Scratch.array(Scratch.COLUMNS, (int) g.inImage());
            float[] wt = Scratch.array(Scratch.ROW, cout * patch + cout);
            MemorySegment.copy(w, FLOAT, 4 * wOff, wt, 0, cout * patch);
            for (int c = 0; c < cout; c++) {
                wt[cout * patch + c] = bias == null ? 0f : Simd.get(bias, biasOff + c);
            }
            Arrays.fill(xp, 0, padded, 0f);
            for (long b = from; b < to; b++) {
                MemorySegment.copy(x, FLOAT, 4 * (xOff + b * g.inImage()), img, 0, (int) g.inImage());
                for (int c = 0; c < cin; c++) {
                    for (int r = 0; r < g.inHeight(); r++) {
                        System.arraycopy(img, (c * g.inHeight() + r) * g.inWidth(), xp,
                                (c * hp + r + g.padH()) * wp + g.padW(), g.inWidth());
                    }
                }
                long yb = yOff + b * g.outImage();
                int co = 0;
                for (; co + 4 <= cout; co += 4) {
                    block4(g, xp, hp, wp, wt, co, y, yb);
                }
                for (; co < cout; co++) {
                    block1(g, xp, hp, wp, wt, co, y, yb);
                }
            }
        });
    }

    /** Output channels co..co+3 of one image. */
    private static void block4(Conv2dGeometry g, float[] xp, int hp, int wp, float[] wt, int co,
                               MemorySegment y, long yb) {
        int cin = g.inChannels(), kh = g.kernelH(), kw = g.kernelW(), oh = g.outHeight(), ow = g.outWidth();
        int patch = g.patchSize(), cout = g.outChannels();
        long plane = (long) oh * ow;
        float[] tmp = Scratch.rowTail(8 * L);
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox += 2 * L) {
                FloatVector a00 = FloatVector.broadcast(F, wt[cout * patch + co]), a01 = a00;
                FloatVector a10 = FloatVector.broadcast(F, wt[cout * patch + co + 1]), a11 = a10;
                FloatVector a20 = FloatVector.broadcast(F, wt[cout * patch + co + 2]), a21 = a20;
                FloatVector a30 = FloatVector.broadcast(F, wt[cout * patch + co + 3]), a31 = a30;
                int t = 0;
                for (int c = 0; c < cin; c++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int base = (c * hp + oy + ky) * wp + ox;
                        for (int kx = 0; kx < kw; kx++, t++) {
                            FloatVector x0 = FloatVector.fromArray(F, xp, base + kx);
                            FloatVector x1 = FloatVector.fromArray(F, xp, base + kx + L);
                            int wi = co * patch + t;
                            FloatVector w0 = FloatVector.broadcast(F, wt[wi]);
                            FloatVector w1 = FloatVector.broadcast(F, wt[wi + patch]);
                            FloatVector w2 = FloatVector.broadcast(F, wt[wi + 2 * patch]);
                            FloatVector w3 = FloatVector.broadcast(F, wt[wi + 3 * patch]);
                            a00 = x0.fma(w0, a00);
                            a01 = x1.fma(w0, a01);
                            a10 = x0.fma(w1, a10);
                            a11 = x1.fma(w1, a11);
                            a20 = x0.fma(w2, a20);
                            a21 = x1.fma(w2, a21);
                            a30 = x0.fma(w3, a30);
                            a31 = x1.fma(w3, a31);
                        }
                    }
                }
                long o = yb + co * plane + (long) oy * ow + ox;
                int valid = Math.min(2 * L, ow - ox);
                int spill = (valid > L ? 2 * L : L) - valid;
                if (spill == 0 || (oy < oh - 1 && spill <= ow)) {
                    put(a00, a01, y, o, valid);
                    put(a10, a11, y, o + plane, valid);
                    put(a20, a21, y, o + 2 * plane, valid);
                    put(a30, a31, y, o + 3 * plane, valid);
                } else {
                    a00.intoArray(tmp, 0);
                    a01.intoArray(tmp, L);
                    a10.intoArray(tmp, 2 * L);
                    a11.intoArray(tmp, 3 * L);
                    a20.intoArray(tmp, 4 * L);
                    a21.intoArray(tmp, 5 * L);
                    a30.intoArray(tmp, 6 * L);
                    a31.intoArray(tmp, 7 * L);
                    for (int r = 0; r < 4; r++) {
                        MemorySegment.copy(tmp, 2 * L * r, y, FLOAT, 4 * (o + r * plane), valid);
                    }
                }
            }
        }
    }

    /**
     * Stores two vectors (or one when {@code valid <= L}) at row position o. A row before the
     * plane's last may spill past its end into the next row (the caller checks the spill fits in
     * one row), which is computed later and overwrites the spill.
     */
    private static void put(FloatVector v0, FloatVector v1, MemorySegment y, long o, int valid) {
        v0.intoMemorySegment(y, 4 * o, ORDER);
        if (valid > L) {
            v1.intoMemorySegment(y, 4 * (o + L), ORDER);
        }
    }

    /**
     * One output channel of one image (the channels left over from blocks of 4): a tile of 4
     * output rows x 2 vectors, so each weight broadcast feeds 8 independent FMA chains.
     */
    private static void block1(Conv2dGeometry g, float[] xp, int hp, int wp, float[] wt, int co,
                               MemorySegment y, long yb) {
        int cin = g.inChannels(), kh = g.kernelH(), kw = g.kernelW(), oh = g.outHeight(), ow = g.outWidth();
        int patch = g.patchSize(), cout = g.outChannels();
        long plane = (long) oh * ow;
        float[] tmp = Scratch.rowTail(8 * L);
        for (int oy = 0; oy < oh; oy += 4) {
            for (int ox = 0; ox < ow; ox += 2 * L) {
                FloatVector a00 = FloatVector.broadcast(F, wt[cout * patch + co]), a01 = a00, a10 = a00, a11 = a00;
                FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
                int t = 0;
                for (int c = 0; c < cin; c++) {
                    for (int ky = 0; ky < kh; ky++) {
                        int base = (c * hp + oy + ky) * wp + ox;
                        for (int kx = 0; kx < kw; kx++, t++) {
                            FloatVector wv = FloatVector.broadcast(F, wt[co * patch + t]);
                            int i = base + kx;
                            a00 = FloatVector.fromArray(F, xp, i).fma(wv, a00);
                            a01 = FloatVector.fromArray(F, xp, i + L).fma(wv, a01);
                            a10 = FloatVector.fromArray(F, xp, i + wp).fma(wv, a10);
                            a11 = FloatVector.fromArray(F, xp, i + wp + L).fma(wv, a11);
                            a20 = FloatVector.fromArray(F, xp, i + 2 * wp).fma(wv, a20);
                            a21 = FloatVector.fromArray(F, xp, i + 2 * wp + L).fma(wv, a21);
                            a30 = FloatVector.fromArray(F, xp, i + 3 * wp).fma(wv, a30);
                            a31 = FloatVector.fromArray(F, xp, i + 3 * wp + L).fma(wv, a31);
                        }
                    }
                }
                a00.intoArray(tmp, 0);
                a01.intoArray(tmp, L);
                a10.intoArray(tmp, 2 * L);
                a11.intoArray(tmp, 3 * L);
                a20.intoArray(tmp, 4 * L);
                a21.intoArray(tmp, 5 * L);
                a30.intoArray(tmp, 6 * L);
                a31.intoArray(tmp, 7 * L);
                int valid = Math.min(2 * L, ow - ox);
                for (int r = 0; r < 4 && oy + r < oh; r++) {
                    MemorySegment.copy(tmp, 2 * L * r, y, FLOAT, 4 * (yb + co * plane + (long) (oy + r) * ow + ox),
                            valid);
                }
            }
        }
    }
}
