package dev.jnn.backend.onednn.internal;

import static dev.jnn.backend.onednn.internal.PrimitiveCalls.QUERY_DIFF_DST_MD;
import static dev.jnn.backend.onednn.internal.PrimitiveCalls.QUERY_DIFF_SRC_MD;
import static dev.jnn.backend.onednn.internal.PrimitiveCalls.QUERY_DIFF_WEIGHTS_MD;
import static dev.jnn.backend.onednn.internal.PrimitiveCalls.QUERY_DST_MD;
import static dev.jnn.backend.onednn.internal.PrimitiveCalls.QUERY_SRC_MD;
import static dev.jnn.backend.onednn.internal.PrimitiveCalls.QUERY_WEIGHTS_MD;
import static dev.jnn.backend.onednn.internal.PrimitiveCalls.queryMd;

import java.lang.foreign.MemorySegment;

/**
 * 2-d convolution (groups = 1) over plain row-major float32 buffers: x NCHW, w OIHW, bias O, y NCHW.
 *
 * <p>Each primitive is created with {@code format_tag_any}, so oneDNN picks its preferred (usually
 * channel-blocked, e.g. {@code nChw16c}/{@code OIhw16i16o}) layouts; the plan reorders the caller's
 * plain buffers to and from them when they differ. Weights are reordered on every call: the
 * optimizer updates them in place between calls and nothing tells this class when, so keeping a
 * reordered copy would be unsafe. That costs one pass over O*C*KH*KW floats per call, small next
 * to the convolution's N*O*OH*OW*C*KH*KW multiply-adds.
 */
final class OneDnnConvolution implements AutoCloseable {
    /**
     * The shape of one convolution; dilation 1 is dense (PyTorch's convention; oneDNN's is 0).
     */
    record Geometry(int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW,
                    int dilationH, int dilationW) {
        Geometry {
            if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || padH < 0 || padW < 0) {
                throw new IllegalArgumentException("conv2d: invalid stride " + strideH + "x" + strideW + ", padding " + padH
                        + "x" + padW + " or dilation " + dilationH + "x" + dilationW);
            }
            // Fields are assigned after a compact constructor, so the output size is computed from the parameters.
            if (h + 2 * padH - dilationH * (kh - 1) - 1 < 0 || w + 2 * padW - dilationW * (kw - 1) - 1 < 0) {
                throw new IllegalArgumentException("conv2d: the kernel does not fit the padded input: " + n + "x" + c
                        + "x" + h + "x" + w + ", kernel " + kh + "x" + kw);
            }
        }

        int oh() {
            return (h + 2 * padH - dilationH * (kh - 1) - 1) / strideH + 1;
        }

        int ow() {
            return (w + 2 * padW - dilationW * (kw - 1) - 1) / strideW + 1;
        }

        long[] src() {
            return new long[] {n, c, h, w};
        }

        long[] weights() {
            return new long[] {o, c, kh, kw};
        }

        long[] dst() {
            return new long[] {n, o, oh(), ow()};
        }

        /**
         * Right/bottom padding actually reached by the last window: PyTorch's floor mode may leave
         * part of the symmetric padding (or even of the input) unused, and oneDNN wants the exact
         * amount, with {@code (in + padL + padR - kernelExtent) / stride + 1 == out}.
         */
        long padR(int in, int out, int k, int stride, int dil, int padL) {
            return Math.max(0, (long) (out - 1) * stride + (long) (k - 1) * dil + 1 - in - padL);
        }

        void setUp(NativeResources r, MemorySegment[] spatial) {
            spatial[0] = r.dims(strideH, strideW);
            spatial[1] = r.dims(dilationH - 1, dilationW - 1);
            spatial[2] = r.dims(padH, padW);
            spatial[3] = r.dims(padR(h, oh(), kh, strideH, dilationH, padH), padR(w, ow(), kw, strideW, dilationW, padW));
        }
    }

    private record ForwardKey(Geometry g, boolean bias, boolean relu) {
    }

    private record WeightsKey(Geometry g, boolean bias) {
    }

    private final OneDnnEngine engine;
    private final PlanCache<ForwardKey> forward = new PlanCache<>(32);
    private final PlanCache<Geometry> backwardData = new PlanCache<>(32);
    private final PlanCache<WeightsKey> backwardWeights = new PlanCache<>(32);

    OneDnnConvolution(OneDnnEngine engine) {
        this.engine = engine;
    }

    /** {@code y = conv(x, w) + bias}, then ReLU when {@code relu}; {@code bias} may be null. */
    void forward(Geometry g, MemorySegment x, MemorySegment w, MemorySegment bias, boolean relu, MemorySegment y) {
        Plan p = forward.get(new ForwardKey(g, bias != null, relu), this::buildForward);
        if (bias != null) p.run(engine, x, w, bias, y);
        else p.run(engine, x, w, y);
    }

    /** The input gradient {@code gx} (NCHW) from {@code gy} (NCHW) and the weights. */
    void backwardData(Geometry g, MemorySegment gy, MemorySegment w, MemorySegment gx) {
        backwardData.get(g, this::buildBackwardData).run(engine, gy, w, gx);
    }

    /** The weight gradient {@code gw} (OIHW) and, when {@code gb} is not null, the bias gradient. */
    void backwardWeights(Geometry g, MemorySegment x, MemorySegment gy, MemorySegment gw, MemorySegment gb) {
        Plan p = backwardWeights.get(new WeightsKey(g, gb != null), this::buildBackwardWeights);
        if (gb != null) p.run(engine, x, gy, gw, gb);
        else p.run(engine, x, gy, gw);
    }

    /** The implementation oneDNN chose for a forward shape (for tests and logs). */
    String forwardImplementation(Geometry g, boolean bias, boolean relu) {
        return forward.get(new ForwardKey(g, bias, relu), this::buildForward).implementation();
    }

    /** The implementations oneDNN chose for a shape's backward passes: data, then weights (tests and logs). */
    String[] backwardImplementations(Geometry g, boolean bias) {
        return new String[] {backwardData.get(g, this::buildBackwardData).implementation(),
            backwardWeights.get(new WeightsKey(g, bias), this::buildBackwardWeights).implementation()};
    }

    private MemorySegment hint(Plan.Builder b, Geometry g, boolean bias, MemorySegment[] sp) {
        NativeResources r = b.resources();
        return b.own(PrimitiveDescCalls.convolutionForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                r.anyMd(g.src()), r.anyMd(g.weights()), bias ? r.plainMd(g.o()) : null, r.anyMd(g.dst()),
                sp[0], sp[1], sp[2], sp[3], null, g));
    }

    private Plan buildForward(ForwardKey k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            Geometry g = k.g();
            MemorySegment[] sp = new MemorySegment[4];
            g.setUp(r, sp);
            MemorySegment biasMd = k.bias() ? r.plainMd(g.o()) : null;
            MemorySegment pd = b.own(PrimitiveDescCalls.convolutionForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                    r.anyMd(g.src()), r.anyMd(g.weights()), biasMd, r.anyMd(g.dst()), sp[0], sp[1], sp[2], sp[3],
                    k.relu() ? r.reluAttr() : null, k));
            MemorySegment src = b.input(r.plainMd(g.src()), queryMd(pd, QUERY_SRC_MD));
            MemorySegment wei = b.input(r.plainMd(g.weights()), queryMd(pd, QUERY_WEIGHTS_MD));
            MemorySegment bia = k.bias() ? b.slot(biasMd) : null;
            MemorySegment dst = b.output(r.plainMd(g.dst()), queryMd(pd, QUERY_DST_MD));
            if (k.bias()) {
                b.execute(pd, "convolution forward", new int[] {Args.SRC, Args.WEIGHTS, Args.BIAS, Args.DST},
                        new MemorySegment[] {src, wei, bia, dst});
            } else {
                b.execute(pd, "convolution forward", new int[] {Args.SRC, Args.WEIGHTS, Args.DST},
                        new MemorySegment[] {src, wei, dst});
            }
            return b.build();
        });
    }

    private Plan buildBackwardData(Geometry g) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            MemorySegment[] sp = new MemorySegment[4];
            g.setUp(r, sp);
            MemorySegment pd = b.own(PrimitiveDescCalls.convolutionBackwardData(b.engine(), r.anyMd(g.src()),
                    r.anyMd(g.weights()), r.anyMd(g.dst()), sp[0], sp[1], sp[2], sp[3], hint(b, g, false, sp), g));
            MemorySegment diffDst = b.input(r.plainMd(g.dst()), queryMd(pd, QUERY_DIFF_DST_MD));
            MemorySegment wei = b.input(r.plainMd(g.weights()), queryMd(pd, QUERY_WEIGHTS_MD));
            MemorySegment diffSrc = b.output(r.plainMd(g.src()), queryMd(pd, QUERY_DIFF_SRC_MD));
            b.execute(pd, "convolution backward data", new int[] {Args.DIFF_DST, Args.WEIGHTS, Args.DIFF_SRC},
                    new MemorySegment[] {diffDst, wei, diffSrc});
            return b.build();
        });
    }

    private Plan buildBackwardWeights(WeightsKey k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            Geometry g = k.g();
            MemorySegment[] sp = new MemorySegment[4];
            g.setUp(r, sp);
            MemorySegment biasMd = k.bias() ? r.plainMd(g.o()) : null;
            MemorySegment pd = b.own(PrimitiveDescCalls.convolutionBackwardWeights(b.engine(), r.anyMd(g.src()),
                    r.anyMd(g.weights()), biasMd, r.anyMd(g.dst()), sp[0], sp[1], sp[2], sp[3],
                    hint(b, g, k.bias(), sp), k));
            MemorySegment src = b.input(r.plainMd(g.src()), queryMd(pd, QUERY_SRC_MD));
            MemorySegment diffDst = b.input(r.plainMd(g.dst()), queryMd(pd, QUERY_DIFF_DST_MD));
            MemorySegment diffWei = b.output(r.plainMd(g.weights()), queryMd(pd, QUERY_DIFF_WEIGHTS_MD));
            if (k.bias()) {
                MemorySegment diffBias = b.slot(biasMd);
                b.execute(pd, "convolution backward weights",
                        new int[] {Args.SRC, Args.DIFF_DST, Args.DIFF_WEIGHTS, Args.DIFF_BIAS},
                        new MemorySegment[] {src, diffDst, diffWei, diffBias});
            } else {
                b.execute(pd, "convolution backward weights", new int[] {Args.SRC, Args.DIFF_DST, Args.DIFF_WEIGHTS},
                        new MemorySegment[] {src, diffDst, diffWei});
            }
            return b.build();
        });
    }

    /** Drops every cached primitive (after a thread-count change). */
    void clear() {
        forward.clear();
        backwardData.clear();
        backwardWeights.clear();
    }

    @Override
    public void close() {
        clear();
    }
}
