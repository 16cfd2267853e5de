package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.Lanes.F;
import static dev.jnn.backend.vector.internal.Lanes.L;
import static dev.jnn.backend.vector.internal.Lanes.get;
import static dev.jnn.backend.vector.internal.Lanes.load;
import static dev.jnn.backend.vector.internal.Lanes.off;
import static dev.jnn.backend.vector.internal.Lanes.rowGrain;
import static dev.jnn.backend.vector.internal.Lanes.seg;
import static dev.jnn.backend.vector.internal.Lanes.set;
import static dev.jnn.backend.vector.internal.Lanes.store;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.Softmax;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Softmax and log-softmax along one dimension, seen as [outer, n, inner], with their gradients.
 * Along the last dimension (rows) they run on the kernels package's {@link Softmax}; along any
 * other dimension the forward pass here is vectorised across inner (columns). Max is subtracted
 * before exponentiating, for range. Each output slice is one thread's, so results do not depend
 * on the thread count. {@code y} may alias {@code x}.
 */
final class VectorSoftmax {
    private VectorSoftmax() {
    }

    static void forward(Tensor x, int dim, boolean log, Tensor y, Parallel par) {
        Shape s = x.shape();
        long outer = s.outer(dim);
        int n = x.size(dim);
        long inner = s.inner(dim);
        MemorySegment xs = seg(x), ys = seg(y);
        long xo = off(x), yo = off(y);
        if (inner == 1) {
            int rows = Math.toIntExact(outer);
            if (log) Softmax.logForward(xs, xo, rows, n, ys, yo, par);
            else Softmax.forward(xs, xo, rows, n, ys, yo, par);
            return;
        }
        par.forRange(outer, rowGrain(n * inner), (from, to) -> {
            for (long p = from; p < to; p++) {
                long base = p * n * inner;
                columns(xs, xo + base, ys, yo + base, n, inner, log);
            }
        });
    }

    private static void columns(MemorySegment x, long xo, MemorySegment y, long yo, int n, long inner, boolean log) {
        long q = 0;
        for (long bound = F.loopBound(inner); q < bound; q += L) {
            FloatVector m = load(x, xo + q);
            for (int i = 1; i < n; i++) m = m.max(load(x, xo + i * inner + q));
            FloatVector sum = FloatVector.zero(F);
            for (int i = 0; i < n; i++) {
                FloatVector e = load(x, xo + i * inner + q).sub(m).lanewise(VectorOperators.EXP);
                if (!log) store(e, y, yo + i * inner + q);
                sum = sum.add(e);
            }
            if (log) {
                FloatVector ls = sum.lanewise(VectorOperators.LOG);
                for (int i = 0; i < n; i++) store(load(x, xo + i * inner + q).sub(m).sub(ls), y, yo + i * inner + q);
            } else {
                for (int i = 0; i < n; i++) store(load(y, yo + i * inner + q).div(sum), y, yo + i * inner + q);
            }
        }
        for (; q < inner; q++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) m = Math.max(m, get(x, xo + i * inner + q));
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                float e = (float) Math.exp(get(x, xo + i * inner + q) - m);
                if (!log) set(y, yo + i * inner + q, e);
                sum += e;
            }
            float ls = (float) Math.log(sum);
            for (int i = 0; i < n; i++) {
                long at = i * inner + q;
                set(y, yo + at, log ? get(x, xo + at) - m - ls : get(y, yo + at) / sum);
            }
        }
    }

    /** Softmax: {@code gx = y * (g - sum(g*y))}; log-softmax: {@code gx = g - exp(y) * sum(g)}. */
    static void backward(Tensor y, Tensor gy, int dim, boolean log, Tensor gx, Parallel par) {
        Shape s = y.shape();
        long outer = s.outer(dim);
        int n = y.size(dim);
        long inner = s.inner(dim);
        MemorySegment ys = seg(y), gs = seg(gy), xs = seg(gx);
        long yo = off(y), go = off(gy), xo = off(gx);
        if (inner == 1) {
            int rows = Math.toIntExact(outer);
            if (log) Softmax.logBackward(gs, go, ys, yo, rows, n, xs, xo, par);
            else Softmax.backward(gs, go, ys, yo, rows, n, xs, xo, par);
            return;
        }
        par.forRange(outer * inner, rowGrain(n), (from, to) -> {
            for (long r = from; r < to; r++) {
                long p = r / inner;
                long q = r % inner;
                long base = p * n * inner + q;
                float dot = 0f;
                for (int i = 0; i < n; i++) {
                    long at = base + i * inner;
                    dot += log ? get(gs, go + at) : get(gs, go + at) * get(ys, yo + at);
                }
                for (int i = 0; i < n; i++) {
                    long at = base + i * inner;
                    float yv = get(ys, yo + at);
                    float g = get(gs, go + at);
                    set(xs, xo + at, log ? g - (float) Math.exp(yv) * dot : yv * (g - dot));
                }
            }
        });
    }
}
