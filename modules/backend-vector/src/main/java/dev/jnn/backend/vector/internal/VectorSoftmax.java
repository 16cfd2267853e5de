package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;
import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.rowGrain;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.Shape;
import dev.jnn.core.spi.TensorView;
import java.lang.foreign.MemorySegment;

/**
 * Softmax and log-softmax along one dimension, seen as [outer, n, inner], with their gradients.
 * Rows (the last dimension) use {@link VectorRows}; other dimensions walk each column with a
 * stride. The row maximum is subtracted before exponentiating, for range. Exponentials and
 * logarithms are scalar {@link Math} calls and sums run in a fixed order, so the results are the
 * same in every JIT tier and on any number of threads (each slice is one thread's).
 * {@code y} may alias {@code x}, {@code gx} may alias {@code gy}.
 */
final class VectorSoftmax {
    private VectorSoftmax() {
    }

    static void forward(TensorView x, int dim, boolean log, TensorView y, Parallel par) {
        Shape s = x.shape();
        long outer = s.outer(dim);
        int n = x.size(dim);
        long inner = s.inner(dim);
        MemorySegment xs = seg(x), ys = seg(y);
        long xo = off(x), yo = off(y);
        par.forRange(outer * inner, rowGrain(n), (from, to) -> {
            for (long r = from; r < to; r++) {
                long base = r / inner * n * inner + r % inner;
                if (inner == 1) {
                    row(xs, xo + base, ys, yo + base, n, log);
                } else {
                    column(xs, xo + base, ys, yo + base, n, inner, log);
                }
            }
        });
    }

    private static void row(MemorySegment x, long xo, MemorySegment y, long yo, int n, boolean log) {
        float m = VectorRows.max(x, xo, n);
        if (log) {
            float ls = (float) Math.log(VectorRows.expSum(x, xo, n, m, null, 0));
            int i = 0;
            for (int bound = F.loopBound(n); i < bound; i += L) store(load(x, xo + i).sub(m).sub(ls), y, yo + i);
            for (; i < n; i++) set(y, yo + i, get(x, xo + i) - m - ls);
        } else {
            float sum = VectorRows.expSum(x, xo, n, m, y, yo);
            int i = 0;
            for (int bound = F.loopBound(n); i < bound; i += L) store(load(y, yo + i).div(sum), y, yo + i);
            for (; i < n; i++) set(y, yo + i, get(y, yo + i) / sum);
        }
    }

    private static void column(MemorySegment x, long xo, MemorySegment y, long yo, int n, long inner, boolean log) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) m = Math.max(m, get(x, xo + i * inner));
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(get(x, xo + i * inner) - m);
            if (!log) set(y, yo + i * inner, e);
            sum += e;
        }
        float ls = (float) Math.log(sum);
        for (int i = 0; i < n; i++) {
            long at = i * inner;
            set(y, yo + at, log ? get(x, xo + at) - m - ls : get(y, yo + at) / sum);
        }
    }

    /** Softmax: {@code gx = y * (g - sum(g*y))}; log-softmax: {@code gx = g - exp(y) * sum(g)}. */
    static void backward(TensorView y, TensorView gy, int dim, boolean log, TensorView gx, Parallel par) {
        Shape s = y.shape();
        long outer = s.outer(dim);
        int n = y.size(dim);
        long inner = s.inner(dim);
        MemorySegment ys = seg(y), gs = seg(gy), xs = seg(gx);
        long yo = off(y), go = off(gy), xo = off(gx);
        par.forRange(outer * inner, rowGrain(n), (from, to) -> {
            for (long r = from; r < to; r++) {
                long base = r / inner * n * inner + r % inner;
                if (inner == 1) {
                    rowBackward(ys, yo + base, gs, go + base, xs, xo + base, n, log);
                    continue;
                }
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

    private static void rowBackward(MemorySegment y, long yo, MemorySegment g, long go, MemorySegment gx, long xo, int n,
                                    boolean log) {
        if (log) {
            float dot = VectorRows.sum(g, go, n);
            for (int i = 0; i < n; i++) set(gx, xo + i, get(g, go + i) - (float) Math.exp(get(y, yo + i)) * dot);
            return;
        }
        float dot = VectorRows.dot(g, go, y, yo, n);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            store(load(y, yo + i).mul(load(g, go + i).sub(dot)), gx, xo + i);
        }
        for (; i < n; i++) set(gx, xo + i, get(y, yo + i) * (get(g, go + i) - dot));
    }
}
