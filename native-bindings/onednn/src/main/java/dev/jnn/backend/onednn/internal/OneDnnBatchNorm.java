package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;

/**
 * Batch normalisation per channel of a plain float32 buffer x [N, C, spatial] (spatial = H*W, or
 * 1 for [N, C] input). Statistics are the batch mean and the biased variance; oneDNN does not keep
 * running statistics, so the caller updates those from what the training pass returns.
 *
 * <p>Scale (gamma) and shift (beta) are optional and independent ({@code dnnl_use_scale},
 * {@code dnnl_use_shift}).
 */
final class OneDnnBatchNorm implements AutoCloseable {
    /** x is [n, c, spatial]. */
    record Geometry(int n, int c, long spatial) {
        Geometry {
            if (n < 1 || c < 1 || spatial < 1) throw new IllegalArgumentException("batchNorm: invalid geometry " + this);
        }

        long[] dims() {
            // 4-d with a unit last dimension: oneDNN normalises over every dimension but the second.
            return new long[] {n, c, spatial, 1};
        }
    }

    private record Key(Geometry g, float eps, boolean scale, boolean shift, int prop, boolean wantDiffScale) {
        int flags() {
            return (scale ? PrimitiveDescCalls.USE_SCALE : 0) | (shift ? PrimitiveDescCalls.USE_SHIFT : 0)
                    | (prop == PrimitiveDescCalls.FORWARD_INFERENCE ? PrimitiveDescCalls.USE_GLOBAL_STATS : 0);
        }
    }

    private final OneDnnEngine engine;
    private final PlanCache<Key> plans = new PlanCache<>(48);

    OneDnnBatchNorm(OneDnnEngine engine) {
        this.engine = engine;
    }

    /**
     * Training pass: {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} with the batch's
     * statistics, written to {@code mean[C]} and {@code variance[C]} (biased). {@code gamma},
     * {@code beta} may be null.
     */
    void forwardTraining(Geometry g, float eps, MemorySegment x, MemorySegment gamma, MemorySegment beta,
                         MemorySegment y, MemorySegment mean, MemorySegment variance) {
        Key k = new Key(g, eps, gamma != null, beta != null, PrimitiveDescCalls.FORWARD_TRAINING, false);
        plans.get(k, this::buildForward).run(engine, args(x, gamma, beta, y, mean, variance));
    }

    /** Inference pass with the given {@code mean[C]} and {@code variance[C]}. */
    void forwardInference(Geometry g, float eps, MemorySegment x, MemorySegment gamma, MemorySegment beta,
                          MemorySegment mean, MemorySegment variance, MemorySegment y) {
        Key k = new Key(g, eps, gamma != null, beta != null, PrimitiveDescCalls.FORWARD_INFERENCE, false);
        plans.get(k, this::buildForward).run(engine, args(x, gamma, beta, y, mean, variance));
    }

    /**
     * Backward pass of {@link #forwardTraining}: {@code gx}, and {@code gGamma}/{@code gBeta} when not
     * null. {@code gGamma} needs {@code gamma}; with {@code gamma} but no {@code gGamma} the scale
     * gradient goes to an internal buffer.
     */
    void backward(Geometry g, float eps, MemorySegment x, MemorySegment gy, MemorySegment gamma, MemorySegment mean,
                  MemorySegment variance, MemorySegment gx, MemorySegment gGamma, MemorySegment gBeta) {
        if (gGamma != null && gamma == null) {
            throw new IllegalArgumentException("batchNorm backward: a gamma gradient needs gamma");
        }
        boolean scale = gamma != null;
        boolean shift = gBeta != null;
        int prop = scale || shift ? PrimitiveDescCalls.BACKWARD : PrimitiveDescCalls.BACKWARD_DATA;
        Key k = new Key(g, eps, scale, shift, prop, gGamma != null);
        plans.get(k, this::buildBackward).run(engine, args(x, gy, gamma, mean, variance, gx, gGamma, gBeta));
    }

    /** The buffers that are present, in slot order. */
    private static MemorySegment[] args(MemorySegment... maybe) {
        return java.util.Arrays.stream(maybe).filter(java.util.Objects::nonNull).toArray(MemorySegment[]::new);
    }

    private Plan buildForward(Key k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            MemorySegment md = r.plainMd(k.g().dims());
            MemorySegment cMd = r.plainMd(k.g().c());
            MemorySegment pd = b.own(PrimitiveDescCalls.batchNormForward(b.engine(), k.prop(), md, md, k.eps(), k.flags(), k));
            // Slot order matches the argument order of forwardTraining/forwardInference above.
            MemorySegment src = b.slot(md);
            MemorySegment scale = k.scale() ? b.slot(cMd) : null;
            MemorySegment shift = k.shift() ? b.slot(cMd) : null;
            MemorySegment dst = b.slot(md);
            MemorySegment mean = b.slot(cMd);
            MemorySegment variance = b.slot(cMd);
            b.execute(pd, "batch normalization forward",
                    ids(Args.SRC, k.scale() ? Args.SCALE : 0, k.shift() ? Args.SHIFT : 0, Args.DST, Args.MEAN, Args.VARIANCE),
                    mems(src, scale, shift, dst, mean, variance));
            return b.build();
        });
    }

    private Plan buildBackward(Key k) {
        return PlanCache.build(engine, b -> {
            NativeResources r = b.resources();
            MemorySegment md = r.plainMd(k.g().dims());
            MemorySegment cMd = r.plainMd(k.g().c());
            int fwdFlags = (k.scale() ? PrimitiveDescCalls.USE_SCALE : 0) | (k.shift() ? PrimitiveDescCalls.USE_SHIFT : 0);
            MemorySegment hint = b.own(PrimitiveDescCalls.batchNormForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                    md, md, k.eps(), fwdFlags, k));
            MemorySegment pd = b.own(PrimitiveDescCalls.batchNormBackward(b.engine(), k.prop(), md, md, md, k.eps(),
                    k.flags(), hint, k));
            // Slot order matches backward's argument order: x, gy, gamma, mean, variance, gx, gGamma, gBeta.
            MemorySegment src = b.slot(md);
            MemorySegment diffDst = b.slot(md);
            MemorySegment scale = k.scale() ? b.slot(cMd) : null;
            MemorySegment mean = b.slot(cMd);
            MemorySegment variance = b.slot(cMd);
            MemorySegment diffSrc = b.slot(md);
            MemorySegment diffScale = k.scale() ? (k.wantDiffScale() ? b.slot(cMd) : b.internal(cMd)) : null;
            MemorySegment diffShift = k.shift() ? b.slot(cMd) : null;
            b.execute(pd, "batch normalization backward",
                    ids(Args.SRC, Args.DIFF_DST, k.scale() ? Args.SCALE : 0, Args.MEAN, Args.VARIANCE, Args.DIFF_SRC,
                            k.scale() ? Args.DIFF_SCALE : 0, k.shift() ? Args.DIFF_SHIFT : 0),
                    mems(src, diffDst, scale, mean, variance, diffSrc, diffScale, diffShift));
            return b.build();
        });
    }

    private static int[] ids(int... ids) {
        return java.util.Arrays.stream(ids).filter(i -> i != 0).toArray();
    }

    private static MemorySegment[] mems(MemorySegment... ms) {
        return args(ms);
    }

    void clear() {
        plans.clear();
    }

    @Override
    public void close() {
        clear();
    }
}
