package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;

/**
 * A fully connected layer over plain row-major float32 buffers, as PyTorch's Linear:
 * {@code y[N,out] = x[N,in] * W[out,in]^T + b[out]}.
 *
 * <p>All buffers keep their plain layouts ({@code nc}, {@code oi}): oneDNN runs inner products on
 * plain layouts with its GEMM kernels, so there is nothing to reorder. Backward: {@code gx[N,in] =
 * gy[N,out] * W}, {@code gw[out,in] = gy^T x}, {@code gb[out] = sum_n gy}.
 */
final class OneDnnInnerProduct extends OneDnnWeightedLayer<OneDnnInnerProduct.Geometry> {
    /** Batch {@code n}, input features {@code in}, output features {@code out}. */
    record Geometry(int n, int in, int out) {
        Geometry {
            if (n < 1 || in < 1 || out < 1) throw new IllegalArgumentException("linear: invalid geometry " + this);
        }
    }

    OneDnnInnerProduct(OneDnnEngine engine) {
        super(engine);
    }

    private static long[] src(Geometry g) {
        return new long[] {g.n(), g.in()};
    }

    private static long[] weights(Geometry g) {
        return new long[] {g.out(), g.in()};
    }

    private static long[] dst(Geometry g) {
        return new long[] {g.n(), g.out()};
    }

    private static MemorySegment hint(Plan.Builder b, Geometry g, boolean bias) {
        NativeResources r = b.resources();
        return b.own(PrimitiveDescCalls.innerProductForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                r.plainMd(src(g)), r.plainMd(weights(g)), bias ? r.plainMd(g.out()) : null, r.plainMd(dst(g)), null, g));
    }

    @Override
    Plan buildForward(ForwardKey<Geometry> k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            Geometry g = k.g();
            MemorySegment srcMd = r.plainMd(src(g));
            MemorySegment weiMd = r.plainMd(weights(g));
            MemorySegment biasMd = k.bias() ? r.plainMd(g.out()) : null;
            MemorySegment dstMd = r.plainMd(dst(g));
            MemorySegment pd = b.own(PrimitiveDescCalls.innerProductForward(b.engine(),
                    PrimitiveDescCalls.FORWARD_TRAINING, srcMd, weiMd, biasMd, dstMd, k.relu() ? r.reluAttr() : null, k));
            MemorySegment src = b.slot(srcMd);
            MemorySegment wei = b.slot(weiMd);
            MemorySegment bia = k.bias() ? b.slot(biasMd) : null;
            MemorySegment out = b.slot(dstMd);
            b.execute(pd, "inner product forward", new int[] {Args.SRC, Args.WEIGHTS, Args.BIAS, Args.DST},
                    new MemorySegment[] {src, wei, bia, out});
            return b.build();
        });
    }

    @Override
    Plan buildBackwardData(Geometry g) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            MemorySegment diffDstMd = r.plainMd(dst(g));
            MemorySegment weiMd = r.plainMd(weights(g));
            MemorySegment diffSrcMd = r.plainMd(src(g));
            MemorySegment pd = b.own(PrimitiveDescCalls.innerProductBackwardData(b.engine(), diffSrcMd, weiMd,
                    diffDstMd, hint(b, g, false), g));
            MemorySegment diffDst = b.slot(diffDstMd);
            MemorySegment wei = b.slot(weiMd);
            MemorySegment diffSrc = b.slot(diffSrcMd);
            b.execute(pd, "inner product backward data", new int[] {Args.DIFF_DST, Args.WEIGHTS, Args.DIFF_SRC},
                    new MemorySegment[] {diffDst, wei, diffSrc});
            return b.build();
        });
    }

    @Override
    Plan buildBackwardWeights(WeightsKey<Geometry> k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            Geometry g = k.g();
            MemorySegment srcMd = r.plainMd(src(g));
            MemorySegment diffDstMd = r.plainMd(dst(g));
            MemorySegment diffWeiMd = r.plainMd(weights(g));
            MemorySegment diffBiasMd = k.bias() ? r.plainMd(g.out()) : null;
            MemorySegment pd = b.own(PrimitiveDescCalls.innerProductBackwardWeights(b.engine(), srcMd, diffWeiMd,
                    diffBiasMd, diffDstMd, hint(b, g, k.bias()), k));
            MemorySegment src = b.slot(srcMd);
            MemorySegment diffDst = b.slot(diffDstMd);
            MemorySegment diffWei = b.slot(diffWeiMd);
            MemorySegment diffBias = k.bias() ? b.slot(diffBiasMd) : null;
            b.execute(pd, "inner product backward weights",
                    new int[] {Args.SRC, Args.DIFF_DST, Args.DIFF_WEIGHTS, Args.DIFF_BIAS},
                    new MemorySegment[] {src, diffDst, diffWei, diffBias});
            return b.build();
        });
    }
}
