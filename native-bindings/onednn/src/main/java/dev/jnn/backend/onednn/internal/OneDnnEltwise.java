package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;

/**
 * Element-wise functions over {@code n} contiguous floats, forward and backward. The shape does not
 * matter, so every tensor is seen as 1-d. Outputs may alias inputs (oneDNN eltwise works in place).
 */
final class OneDnnEltwise implements AutoCloseable {
    /**
     * A function: its forward algorithm, {@code alpha}/{@code beta} parameters, the algorithm of its
     * backward pass, and whether that pass reads the forward output ({@code y}) instead of the input.
     */
    enum Function {
        RELU(PrimitiveDescCalls.ELTWISE_RELU, 0f, 0f, PrimitiveDescCalls.ELTWISE_RELU, false),
        SIGMOID(PrimitiveDescCalls.ELTWISE_LOGISTIC, 0f, 0f, PrimitiveDescCalls.ELTWISE_LOGISTIC_USE_DST_FOR_BWD, true),
        TANH(PrimitiveDescCalls.ELTWISE_TANH, 0f, 0f, PrimitiveDescCalls.ELTWISE_TANH_USE_DST_FOR_BWD, true),
        EXP(PrimitiveDescCalls.ELTWISE_EXP, 0f, 0f, PrimitiveDescCalls.ELTWISE_EXP_USE_DST_FOR_BWD, true),
        LOG(PrimitiveDescCalls.ELTWISE_LOG, 0f, 0f, PrimitiveDescCalls.ELTWISE_LOG, false),
        SQRT(PrimitiveDescCalls.ELTWISE_SQRT, 0f, 0f, PrimitiveDescCalls.ELTWISE_SQRT_USE_DST_FOR_BWD, true),
        ABS(PrimitiveDescCalls.ELTWISE_ABS, 0f, 0f, PrimitiveDescCalls.ELTWISE_ABS, false),
        SQUARE(PrimitiveDescCalls.ELTWISE_SQUARE, 0f, 0f, PrimitiveDescCalls.ELTWISE_SQUARE, false),
        /** {@code -x}: linear with alpha = -1, beta = 0. */
        NEG(PrimitiveDescCalls.ELTWISE_LINEAR, -1f, 0f, PrimitiveDescCalls.ELTWISE_LINEAR, false),
        /** {@code 1/x}: pow with alpha = 1, beta = -1. */
        RECIPROCAL(PrimitiveDescCalls.ELTWISE_POW, 1f, -1f, PrimitiveDescCalls.ELTWISE_POW, false);

        final int alg;
        final float alpha;
        final float beta;
        final int backwardAlg;
        final boolean backwardUsesOutput;

        Function(int alg, float alpha, float beta, int backwardAlg, boolean backwardUsesOutput) {
            this.alg = alg;
            this.alpha = alpha;
            this.beta = beta;
            this.backwardAlg = backwardAlg;
            this.backwardUsesOutput = backwardUsesOutput;
        }
    }

    private record Key(Function f, long n) {
    }

    private final OneDnnEngine engine;
    private final PlanCache<Key> forward = new PlanCache<>(64);
    private final PlanCache<Key> backward = new PlanCache<>(64);

    OneDnnEltwise(OneDnnEngine engine) {
        this.engine = engine;
    }

    /** {@code y[i] = f(x[i])} for {@code n} floats. */
    void forward(Function f, long n, MemorySegment x, MemorySegment y) {
        if (n == 0) return;
        forward.get(new Key(f, n), this::buildForward).run(engine, x, y);
    }

    /**
     * {@code gx[i] = f'(x[i]) * gy[i]}; {@code data} is the forward input x, or its output y when
     * {@link Function#backwardUsesOutput}.
     */
    void backward(Function f, long n, MemorySegment data, MemorySegment gy, MemorySegment gx) {
        if (n == 0) return;
        backward.get(new Key(f, n), this::buildBackward).run(engine, data, gy, gx);
    }

    private Plan buildForward(Key k) {
        return PlanCache.build(engine, b -> {
            MemorySegment md = b.resources().plainMd(k.n());
            MemorySegment pd = b.own(PrimitiveDescCalls.eltwiseForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                    k.f().alg, md, md, k.f().alpha, k.f().beta, k));
            MemorySegment src = b.slot(md);
            MemorySegment dst = b.slot(md);
            b.execute(pd, "eltwise forward " + k.f(), new int[] {Args.SRC, Args.DST}, new MemorySegment[] {src, dst});
            return b.build();
        });
    }

    private Plan buildBackward(Key k) {
        return PlanCache.build(engine, b -> {
            MemorySegment md = b.resources().plainMd(k.n());
            Function f = k.f();
            MemorySegment hint = b.own(PrimitiveDescCalls.eltwiseForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                    f.backwardAlg, md, md, f.alpha, f.beta, k));
            MemorySegment pd = b.own(PrimitiveDescCalls.eltwiseBackward(b.engine(), f.backwardAlg, md, md, md, f.alpha,
                    f.beta, hint, k));
            MemorySegment data = b.slot(md);
            MemorySegment diffDst = b.slot(md);
            MemorySegment diffSrc = b.slot(md);
            int dataArg = f.backwardUsesOutput ? Args.DST : Args.SRC;
            b.execute(pd, "eltwise backward " + f, new int[] {dataArg, Args.DIFF_DST, Args.DIFF_SRC},
                    new MemorySegment[] {data, diffDst, diffSrc});
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
