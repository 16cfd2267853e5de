package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.FLOAT;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Direct backward passes for convolutions with few input channels (stride 1, dilation 1), where
 * im2col + SGEMM has a tiny dimension: the weight gradient as vector dot products of the output
 * gradient with shifted input planes, and the data gradient as a direct forward convolution of
 * the padded output gradient with the flipped, channel-swapped kernel.
 */
final class Conv2dDirectGrad {

    private Conv2dDirectGrad() {
    }

    /** True when the direct weight gradient handles {@code g}: the same shapes as the direct forward. */
    static boolean suitsWeights(Conv2dGeometry g) {
        return Conv2dDirect.suits(g);
    }

    /** True when the data gradient goes through the direct forward: few input channels. */
    static boolean suitsData(Conv2dGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1
                && g.inChannels() <= 4 && g.padH() <= g.kernelH() - 1 && g.padW() <= g.kernelW() - 1
                && g.kernelH() * g.kernelW() > 1;
    }

    /**
     * dx = conv(pad(dy, k - 1 - p), flip(w) with in/out channels swapped): the transposed
     * convolution as a direct forward one.
     */
    static void backwardData(Conv2dGeometry g, MemorySegment dy, long dyOff, MemorySegment w, long wOff,
                             MemorySegment dx, long dxOff, Parallel par) {
        int cin = g.inChannels(), cout = g.outChannels(), kh = g.kernelH(), kw = g.kernelW();
        Conv2dGeometry t = new Conv2dGeometry(g.batch(), cout, g.outHeight(), g.outWidth(), cin, kh, kw, 1, 1,
                kh - 1 - g.padH(), kw - 1 - g.padW(), 1, 1);
        MemorySegment flipped = Scratch.floats(Scratch.COLUMNS_NATIVE, g.weightSize());
        for (int co = 0; co < cout; co++) {
            for (int ci = 0; ci < cin; ci++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        float v = Simd.get(w, wOff + (((long) co * cin + ci) * kh + ky) * kw + kx);
                        Simd.set(flipped, (((long) ci * cout + co) * kh + (kh - 1 - ky)) * kw + (kw - 1 - kx), v);
                    }
                }
            }
        }
        Conv2dDirect.forward(t, dy, dyOff, flipped, 0, null, 0, dx, dxOff, par);
    }

    /**
     * Adds the weight gradient of image {@code b} to {@code acc} ({@code cout * patch} floats):
     * acc[co, c, ky, kx] += sum over pixels of dy[co, oy, ox] * x[c, oy + ky - ph, ox + kx - pw].
     */
    static void accumulateWeights(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment dy, long dyOff,
                                  long b, float[] acc, Workspace ws) {
        int cin = g.inChannels(), cout = g.outChannels(), kh = g.kernelH(), kw = g.kernelW();
        int h = g.inHeight(), w = g.inWidth(), oh = g.outHeight(), ow = g.outWidth();
        int owp = ws.owp, rs = ws.rowStride, hp = ws.hp, patch = g.patchSize();
        MemorySegment.copy(x, FLOAT, 4 * (xOff + b * g.inImage()), ws.img, 0, (int) g.inImage());
        for (int c = 0; c < cin; c++) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(ws.img, (c * h + r) * w, ws.xp, (c * hp + r + g.padH()) * rs + g.padW(), w);
            }
        }
        // One bulk copy, then array-to-array rows: a segment copy per short row costs far more.
        MemorySegment.copy(dy, FLOAT, 4 * (dyOff + b * g.outImage()), ws.dyImg, 0, (int) g.outImage());
        for (int row = 0; row < cout * oh; row++) {
            System.arraycopy(ws.dyImg, row * ow, ws.dyp, row * owp, ow);
        }
        int co = 0;
        for (; co + 4 <= cout; co += 4) {
            int t = 0;
            for (int c = 0; c < cin; c++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++, t++) {
                        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                        int plane = oh * owp;
                        for (int oy = 0; oy < oh; oy++) {
                            int xr = (c * hp + oy + ky) * rs + kx, dr = (co * oh + oy) * owp;
                            for (int ox = 0; ox < owp; ox += L) {
                                FloatVector xv = FloatVector.fromArray(F, ws.xp, xr + ox);
                                a0 = xv.fma(FloatVector.fromArray(F, ws.dyp, dr + ox), a0);
                                a1 = xv.fma(FloatVector.fromArray(F, ws.dyp, dr + plane + ox), a1);
                                a2 = xv.fma(FloatVector.fromArray(F, ws.dyp, dr + 2 * plane + ox), a2);
                                a3 = xv.fma(FloatVector.fromArray(F, ws.dyp, dr + 3 * plane + ox), a3);
                            }
                        }
                        acc[co * patch + t] += a0.reduceLanes(VectorOperators.ADD);
                        acc[(co + 1) * patch + t] += a1.reduceLanes(VectorOperators.ADD);
                        acc[(co + 2) * patch + t] += a2.reduceLanes(VectorOperators.ADD);
                        acc[(co + 3) * patch + t] += a3.reduceLanes(VectorOperators.ADD);
                    }
                }
            }
        }
        for (; co < cout; co++) {
            int t = 0;
            for (int c = 0; c < cin; c++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++, t++) {
                        FloatVector a = FloatVector.zero(F);
                        for (int oy = 0; oy < oh; oy++) {
                            int xr = (c * hp + oy + ky) * rs + kx, dr = (co * oh + oy) * owp;
                            for (int ox = 0; ox < owp; ox += L) {
                                a = FloatVector.fromArray(F, ws.xp, xr + ox).fma(FloatVector.fromArray(F, ws.dyp, dr + ox), a);
                            }
                        }
                        acc[co * patch + t] += a.reduceLanes(VectorOperators.ADD);
                    }
                }
            }
        }
    }

    /**
     * Per-thread padded copies for {@link #accumulateWeights}: the input with rows of
     * {@code rowStride} floats (room for a whole vector past the last output column) and the output
     * gradient with rows of {@code owp} floats (a multiple of the lane count, zero past ow, so the
     * extra lanes add nothing).
     */
    static final class Workspace {
        final int owp;
        final int rowStride;
        final int hp;
        final float[] xp;
        final float[] dyp;
        final float[] img;
        final float[] dyImg;

        Workspace(Conv2dGeometry g) {
            owp = (g.outWidth() + L - 1) / L * L;
            rowStride = owp + g.kernelW() - 1;
            hp = g.inHeight() + 2 * g.padH();
            xp = Scratch.array(Scratch.IMAGE, g.inChannels() * hp * rowStride + L);
            dyp = Scratch.array(Scratch.COLUMNS, g.outChannels() * g.outHeight() * owp);
            img = Scratch.array(Scratch.ROW, (int) g.inImage());
            dyImg = Scratch.array(Scratch.ACC2, (int) g.outImage());
            Arrays.fill(xp, 0, g.inChannels() * hp * rowStride + L, 0f);
            Arrays.fill(dyp, 0, g.outChannels() * g.outHeight() * owp, 0f);
        }
    }
}
