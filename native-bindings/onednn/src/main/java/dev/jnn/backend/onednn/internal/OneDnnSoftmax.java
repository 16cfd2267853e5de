package dev.jnn.backend.onednn.internal;

import java.lang.foreign.MemorySegment;

/**
 * Softmax and log-softmax along one dimension of a plain row-major float32 buffer, seen as
 * [outer, n, inner] with the softmax over n (so the last dimension is inner = 1).
 */
final class OneDnnSoftmax implements AutoCloseable {
    private record Key(long outer, long n, long inner, boolean log) {
    }

    private final OneDnnEngine engine;
    private final PlanCache<Key> forward = new PlanCache<>(32);
    private final PlanCache<Key> backward = new PlanCache<>(32);

    OneDnnSoftmax(OneDnnEngine engine) {
        this.engine = engine;
    }

    /** {@code y = softmax(x)} (or {@code log_softmax} when {@code log}) over the middle of [outer, n, inner]. */
    void forward(long outer, long n, long inner, boolean log, MemorySegment x, MemorySegment y) {
        if (outer * n * inner == 0) return;
        forward.get(new Key(outer, n, inner, log), this::buildForward).run(engine, x, y);
    }

    /** The input gradient from the forward output {@code y} and the output gradient {@code gy}. */
    void backward(long outer, long n, long inner, boolean log, MemorySegment y, MemorySegment gy, MemorySegment gx) {
        if (outer * n * inner == 0) return;
        backward.get(new Key(outer, n, inner, log), this::buildBackward).run(engine, y, gy, gx);
    }

    private static int alg(Key k) {
        return k.log() ? PrimitiveDescCalls.SOFTMAX_LOG : PrimitiveDescCalls.SOFTMAX_ACCURATE;
    }

    private Plan buildForward(Key k) {
        return PlanCache.build(engine, b -> {
            MemorySegment md = b.resources().plainMd(k.outer(), k.n(), k.inner());
            MemorySegment pd = b.own(PrimitiveDescCalls.softmaxForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                    alg(k), md, md, 1, k));
            MemorySegment src = b.slot(md);
            MemorySegment dst = b.slot(md);
            b.execute(pd, "softmax forward", new int[] {Args.SRC, Args.DST}, new MemorySegment[] {src, dst});
            return b.build();
        });
    }

    private Plan buildBackward(Key k) {
        return PlanCache.build(engine, b -> {
            MemorySegment md = b.resources().plainMd(k.outer(), k.n(), k.inner());
            MemorySegment hint = b.own(PrimitiveDescCalls.softmaxForward(b.engine(), PrimitiveDescCalls.FORWARD_TRAINING,
                    alg(k), md, md, 1, k));
            MemorySegment pd = b.own(PrimitiveDescCalls.softmaxBackward(b.engine(), alg(k), md, md, md, 1, hint, k));
            MemorySegment dst = b.slot(md);
            MemorySegment diffDst = b.slot(md);
            MemorySegment diffSrc = b.slot(md);
            b.execute(pd, "softmax backward", new int[] {Args.DST, Args.DIFF_DST, Args.DIFF_SRC},
                    new MemorySegment[] {dst, diffDst, diffSrc});
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
