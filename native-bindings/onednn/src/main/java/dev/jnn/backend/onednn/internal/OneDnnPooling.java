package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;

/**
 * 2-d average pooling over plain NCHW float32 buffers, PyTorch's floor mode, counting the padding in
 * the divisor ({@code count_include_pad=True}). Pooling keeps the plain layout: oneDNN pools
 * {@code nchw} directly. (Max pooling runs on the vector kernels, see {@code OneDnnBackend}.)
 */
final class OneDnnPooling implements AutoCloseable {
    /** Pooling shape over x [n, c, h, w]. */
    record Geometry(int n, int c, int h, int w, int kh, int kw, int strideH, int strideW, int padH, int padW) {
        Geometry {
            if (kh < 1 || kw < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || padH >= kh || padW >= kw) {
                throw new IllegalArgumentException("pool2d: invalid window " + kh + "x" + kw + ", stride " + strideH + "x"
                        + strideW + " or padding " + padH + "x" + padW + " (padding must be below the window)");
            }
            // Fields are assigned after a compact constructor, so the output size is computed from the parameters.
            if (h + 2 * padH < kh || w + 2 * padW < kw) {
                throw new IllegalArgumentException("pool2d: window " + kh + "x" + kw + " does not fit input " + h + "x" + w);
            }
        }

        int oh() {
            return (h + 2 * padH - kh) / strideH + 1;
        }

        int ow() {
            return (w + 2 * padW - kw) / strideW + 1;
        }

        long[] src() {
            return new long[] {n, c, h, w};
        }

        long[] dst() {
            return new long[] {n, c, oh(), ow()};
        }
    }

    private final OneDnnEngine engine;
    private final PlanCache<Geometry> forward = new PlanCache<>(32);
    private final PlanCache<Geometry> backward = new PlanCache<>(32);

    OneDnnPooling(OneDnnEngine engine) {
        this.engine = engine;
    }

    /** {@code y = avgPool(x)}. */
    void forward(Geometry g, MemorySegment x, MemorySegment y) {
        forward.get(g, this::buildForward).run(engine, x, y);
    }

    /** {@code gx} from {@code gy}. */
    void backward(Geometry g, MemorySegment gy, MemorySegment gx) {
        backward.get(g, this::buildBackward).run(engine, gy, gx);
    }

    /** Floor mode: the padding the last window reaches on the right/bottom, at most padH/padW. */
    private static long[] rightPadding(Geometry g) {
        return new long[] {Math.max(0, (long) (g.oh() - 1) * g.strideH() + g.kh() - g.h() - g.padH()),
            Math.max(0, (long) (g.ow() - 1) * g.strideW() + g.kw() - g.w() - g.padW())};
    }

    private static MemorySegment forwardPd(Plan.Builder b, Geometry g, MemorySegment srcMd, MemorySegment dstMd) {
        NativeResources r = b.resources();
        long[] padR = rightPadding(g);
        return b.own(PrimitiveDescCalls.poolingForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                PrimitiveDescCalls.POOLING_AVG_INCLUDE_PADDING, srcMd, dstMd, r.dims(g.strideH(), g.strideW()),
                r.dims(g.kh(), g.kw()), r.dims(0, 0), r.dims(g.padH(), g.padW()), r.dims(padR[0], padR[1]), g));
    }

    private Plan buildForward(Geometry g) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            MemorySegment srcMd = r.plainMd(g.src());
            MemorySegment dstMd = r.plainMd(g.dst());
            MemorySegment pd = forwardPd(b, g, srcMd, dstMd);
            b.execute(pd, "avg pooling forward", new int[] {Args.SRC, Args.DST},
                    new MemorySegment[] {b.slot(srcMd), b.slot(dstMd)});
            return b.build();
        });
    }

    private Plan buildBackward(Geometry g) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            MemorySegment srcMd = r.plainMd(g.src());
            MemorySegment dstMd = r.plainMd(g.dst());
            MemorySegment hint = forwardPd(b, g, srcMd, dstMd);
            long[] padR = rightPadding(g);
            MemorySegment pd = b.own(PrimitiveDescCalls.poolingBackward(b.engine(), PrimitiveDescCalls.POOLING_AVG_INCLUDE_PADDING,
                    srcMd, dstMd, r.dims(g.strideH(), g.strideW()), r.dims(g.kh(), g.kw()), r.dims(0, 0),
                    r.dims(g.padH(), g.padW()), r.dims(padR[0], padR[1]), hint, g));
            b.execute(pd, "avg pooling backward", new int[] {Args.DIFF_DST, Args.DIFF_SRC},
                    new MemorySegment[] {b.slot(dstMd), b.slot(srcMd)});
            return b.build();
        });
    }

    void clear() {
        forward.clear();
        backward.clear();
    }

    @Override
    public void close() {
        clear();
    }
}
