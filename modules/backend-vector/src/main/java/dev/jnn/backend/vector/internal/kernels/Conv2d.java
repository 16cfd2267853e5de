package dev.jnn.backend.vector.internal.kernels;

import dev.jnn.core.spi.BinaryOp;
import java.lang.foreign.MemorySegment;

/**
 * 2-d convolution over NCHW float32 (one group): forward, backward-data and backward-weights.
 *
 * <p>Stride 1 without dilation (every convolution of the seeds' CNNs) runs the direct row kernels
 * of {@link ConvRows}: no im2col matrix, measured 2.4 ms against 3.9 ms for the cnn's conv2
 * forward and 2.4 against 3.7 ms for its input gradient (batch 50, 1 thread, JMH ConvBenchmark,
 * Intel Xeon with AVX-512, 2026-12-06), and the cnn's training steps 11% faster end to end. The
 * rest (strides, dilation, a weight gradient whose kernel is not 5 wide) is im2col (or col2im)
 * into a per-thread buffer plus {@link Sgemm}, in parallel over the batch. im2col runs on heap
 * arrays (short runs are cheap there) and SGEMM packs from (or writes to) that array directly,
 * through array variants of its packing and write-back: passing a heap segment instead made
 * SGEMM's segment call sites bimorphic, and C2 deoptimised them.
 *
 * <p>Shapes are those of {@link Conv2dGeometry}; offsets count floats. Outputs are overwritten,
 * never accumulated into. Results do not depend on the thread count: images are independent, and
 * the weight gradient sums fixed groups of images in a fixed order.
 */
public final class Conv2d {
    /**
     * For measurements only: {@code -Djnn.vector.convRows=false} sends every convolution through
     * im2col + SGEMM, so that the two paths can be timed in one build.
     */
    static final boolean ROWS = !"false".equals(System.getProperty("jnn.vector.convRows"));

    private Conv2d() {
    }

    /**
     * {@code y = conv(x, w) + bias}.
     *
     * @param bias {@code outChannels} floats, or null for none
     */
    public static void forward(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment w, long wOff,
                               MemorySegment bias, long biasOff, MemorySegment y, long yOff, Parallel par) {
        if (Simd.SCALAR) {
            Conv2dScalar.forward(g, x, xOff, w, wOff, bias, biasOff, y, yOff);
            return;
        }
        if (ROWS && ConvRows.suits(g)) {
            ConvRows.forward(g, x, xOff, w, wOff, bias, biasOff, false, y, yOff, par);
            return;
        }
        forwardIm2col(g, x, xOff, w, wOff, bias, biasOff, y, yOff, par);
    }

    /**
     * The im2col + SGEMM forward path whatever the shape (no direct kernel); see {@link #forward}.
     * Public so benchmarks can compare the two paths.
     */
    public static void forwardIm2col(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment w, long wOff,
                              MemorySegment bias, long biasOff, MemorySegment y, long yOff, Parallel par) {
        int k = g.patchSize(), pix = g.outHeight() * g.outWidth(), cout = g.outChannels();
        boolean direct = k == g.inChannels() && g.strideH() == 1 && g.strideW() == 1 && g.padH() == 0 && g.padW() == 0;
        par.forRangeBalanced(g.batch(), 1, (from, to) -> {
            float[] img = direct ? null : Scratch.array(Scratch.IMAGE, (int) g.inImage());
            float[] col = direct ? null : Scratch.array(Scratch.COLUMNS, k * pix);
            for (long b = from; b < to; b++) {
                long yb = yOff + b * g.outImage();
                if (!direct) {
                    MemorySegment.copy(x, Simd.FLOAT, 4 * (xOff + b * g.inImage()), img, 0, (int) g.inImage());
                    Im2col.im2col(g, img, col);
                }
                float beta = 0f;
                if (bias != null) {
                    for (int c = 0; c < cout; c++) {
                        Blas1.fill(pix, Simd.get(bias, biasOff + c), y, yb + (long) c * pix, Parallel.serial());
                    }
                    beta = 1f;
                }
                if (direct) {
                    Sgemm.sgemm(false, false, cout, pix, k, 1f, w, wOff, k, x, xOff + b * g.inImage(), pix, beta, y, yb,
                            pix, Parallel.serial());
                } else {
                    Sgemm.sgemmArrayB(false, false, cout, pix, k, 1f, w, wOff, k, col, 0, pix, beta, y, yb, pix);
                }
            }
        });
    }

    /** {@code dx = conv_transpose(dy, w)}: the gradient of the loss with respect to x. */
    public static void backwardData(Conv2dGeometry g, MemorySegment dy, long dyOff, MemorySegment w, long wOff,
                                    MemorySegment dx, long dxOff, Parallel par) {
        if (Simd.SCALAR) {
            Conv2dScalar.backwardData(g, dy, dyOff, w, wOff, dx, dxOff);
            return;
        }
        if (ROWS && ConvRows.suitsData(g)) {
            ConvRows.backwardData(g, dy, dyOff, w, wOff, dx, dxOff, par);
            return;
        }
        int k = g.patchSize(), pix = g.outHeight() * g.outWidth(), cout = g.outChannels();
        par.forRangeBalanced(g.batch(), 1, (from, to) -> {
            float[] img = Scratch.array(Scratch.IMAGE, (int) g.inImage());
            float[] col = Scratch.array(Scratch.COLUMNS, k * pix);
            for (long b = from; b < to; b++) {
                // col[K x pix] = W^T[K x cout] * dy_b[cout x pix], then scatter-add into dx_b.
                Sgemm.sgemmArrayC(true, false, k, pix, cout, 1f, w, wOff, k, dy, dyOff + b * g.outImage(), pix, col,
                        pix);
                Im2col.col2im(g, col, img);
                MemorySegment.copy(img, 0, dx, Simd.FLOAT, 4 * (dxOff + b * g.inImage()), (int) g.inImage());
            }
        });
    }

    /** {@code dw = sum_b dy_b * col(x_b)^T}: the weight gradient (the bias gradient is a sum of dy per channel). */
    public static void backwardWeights(Conv2dGeometry g, MemorySegment x, long xOff, MemorySegment dy, long dyOff,
                                       MemorySegment dw, long dwOff, Parallel par) {
        if (Simd.SCALAR) {
            Conv2dScalar.backwardWeights(g, x, xOff, dy, dyOff, dw, dwOff);
            return;
        }
        if (ROWS && ConvRows.suitsWeights(g)) {
            ConvRows.backwardWeights(g, x, xOff, dy, dyOff, dw, dwOff, par);
            return;
        }
        int k = g.patchSize(), pix = g.outHeight() * g.outWidth(), cout = g.outChannels();
        int batch = g.batch();
        long wsize = g.weightSize();
        if (batch == 0) {
            Blas1.fill(wsize, 0f, dw, dwOff, par);
            return;
        }
        // Fixed groups of images, each summed into its own partial in image order; the partials are
        // then added in group order. The grouping depends on the batch only, not on the threads.
        int groups = Math.min(batch, 16);
        int per = (batch + groups - 1) / groups;
        int used = (batch + per - 1) / per;
        MemorySegment partials = used == 1 ? dw : Scratch.floats(Scratch.PARTIALS, used * wsize);
        long partOff = used == 1 ? dwOff : 0;
        par.forRange(used, 1, (gFrom, gTo) -> {
            float[] img = Scratch.array(Scratch.IMAGE, (int) g.inImage());
            float[] col = Scratch.array(Scratch.COLUMNS, k * pix);
            for (long grp = gFrom; grp < gTo; grp++) {
                long target = partOff + grp * wsize;
                for (long b = grp * per, end = Math.min(batch, b + per), first = b; b < end; b++) {
                    MemorySegment.copy(x, Simd.FLOAT, 4 * (xOff + b * g.inImage()), img, 0, (int) g.inImage());
                    Im2col.im2col(g, img, col);
                    // dw_g[cout x K] (+)= dy_b[cout x pix] * col^T[pix x K]
                    Sgemm.sgemmArrayB(false, true, cout, k, pix, 1f, dy, dyOff + b * g.outImage(), pix, col, 0, pix,
                            b == first ? 0f : 1f, partials, target, k);
                }
            }
        });
        if (used > 1) {
            par.forElements(wsize, (from, to) -> {
                MemorySegment.copy(partials, 4 * from, dw, 4 * (dwOff + from), 4 * (to - from));
                for (int grp = 1; grp < used; grp++) {
                    BinaryLoops.vv(BinaryOp.ADD, dw, dwOff, partials, grp * wsize, dw, dwOff, from, to);
                }
            });
        }
    }
}
