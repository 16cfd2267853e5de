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
final class OneDnnConvolution extends OneDnnWeightedLayer<OneDnnConvolution.Geometry> {
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

    OneDnnConvolution(OneDnnEngine engine) {
        super(engine);
    }

    /** The implementation oneDNN chose for a forward shape (for tests and logs). */
    String forwardImplementation(Geometry g, boolean bias, boolean relu) {
        return forwardPlan(g, bias, relu).implementation();
    }

    private MemorySegment hint(Plan.Builder b, Geometry g, boolean bias, MemorySegment[] sp) {
        NativeResources r = b.resources();
        return b.own(PrimitiveDescCalls.convolutionForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                r.anyMd(g.src()), r.anyMd(g.weights()), bias ? r.plainMd(g.o()) : null, r.anyMd(g.dst()),
                sp[0], sp[1], sp[2], sp[3], null, g));
    }

    @Override
    Plan buildForward(ForwardKey<Geometry> k) {
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
            b.execute(pd, "convolution forward", new int[] {Args.SRC, Args.WEIGHTS, Args.BIAS, Args.DST},
                    new MemorySegment[] {src, wei, bia, dst});
            return b.build();
        });
    }

    @Override
    Plan buildBackwardData(Geometry g) {
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

    @Override
    Plan buildBackwardWeights(WeightsKey<Geometry> k) {
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
            MemorySegment diffBias = k.bias() ? b.slot(biasMd) : null;
            b.execute(pd, "convolution backward weights",
                    new int[] {Args.SRC, Args.DIFF_DST, Args.DIFF_WEIGHTS, Args.DIFF_BIAS},
                    new MemorySegment[] {src, diffDst, diffWei, diffBias});
            return b.build();
        });
    }
}
