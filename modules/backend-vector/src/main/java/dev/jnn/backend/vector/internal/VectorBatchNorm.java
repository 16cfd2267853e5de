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
import static dev.jnn.backend.vector.internal.kernels.Simd.sumLanesPairwise;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.Simd;
import dev.jnn.core.spi.TensorView;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Batch normalisation over x [N, C] or [N, C, H, W], per channel in parallel: each channel's
 * statistics are summed by one thread (float vectors within a plane, double across planes) in a
 * fixed order ({@link Simd#sumLanesPairwise}), so results depend neither on the thread count nor
 * on the JIT tier. The variance is the two-pass biased one. Inputs [N, C] go to
 * {@link VectorBatchNorm1d}, which gives the same bits.
 */
final class VectorBatchNorm {
    private VectorBatchNorm() {
    }

    /** Sum of one plane of {@code n} floats. */
    private static double planeSum(MemorySegment x, long xo, int n) {
        return VectorRows.sum(x, xo, n);
    }

    /** Sum of {@code (x[i] - mu)^2} over one plane, in a fixed order. */
    private static double planeSquares(MemorySegment x, long xo, int n, float mu) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) {
                FloatVector d = load(x, xo + i).sub(mu);
                acc = d.fma(d, acc);
            }
            s = sumLanesPairwise(acc);
        }
        for (; i < n; i++) {
            float d = get(x, xo + i) - mu;
            s = Math.fma(d, d, s);
        }
        return s;
    }

    /** {@code y = (x - mu) * a + b} over one plane. */
    private static void planeAffine(MemorySegment x, long xo, MemorySegment y, long yo, int n, float mu, float a, float b) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) store(load(x, xo + i).sub(mu).fma(a, b), y, yo + i);
        for (; i < n; i++) set(y, yo + i, Math.fma(get(x, xo + i) - mu, a, b));
    }

    static void training(TensorView x, TensorView gamma, TensorView beta, float eps, TensorView y, TensorView mean, TensorView invStd,
                         Parallel par) {
        training(x, gamma, beta, eps, y, mean, invStd, par, true);
    }

    /** {@code across1d}: [N, C] inputs go to {@link VectorBatchNorm1d}; false only in the test that compares both. */
    static void training(TensorView x, TensorView gamma, TensorView beta, float eps, TensorView y, TensorView mean, TensorView invStd,
                         Parallel par, boolean across1d) {
        int n = x.size(0), c = x.size(1);
        int hw = (int) (x.numel() / ((long) n * c));
        double count = (double) n * hw;
        MemorySegment xs = seg(x), ys = seg(y), ms = seg(mean), is = seg(invStd);
        MemorySegment gs = gamma == null ? null : seg(gamma), bs = beta == null ? null : seg(beta);
        long xo = off(x), yo = off(y), mo = off(mean), io = off(invStd);
        long go = gamma == null ? 0 : off(gamma), bo = beta == null ? 0 : off(beta);
        if (hw == 1 && across1d) {
            VectorBatchNorm1d.training(xs, xo, ys, yo, ms, mo, is, io, gs, go, bs, bo, n, c, eps, par);
            return;
        }
        par.forRange(c, rowGrain((long) count), (from, to) -> {
            for (long ch = from; ch < to; ch++) {
                trainingChannel(xs, xo, ys, yo, ms, mo, is, io, gs, go, bs, bo, n, c, hw, ch, count, eps);
            }
        });
    }

    /**
     * One channel of {@link #training} over [N, C, hw] buffers: mean and variance in double, then
     * the affine map. Also the scalar tail of {@link VectorBatchNorm1d} (hw 1), so both agree bit for bit.
     */
    static void trainingChannel(MemorySegment xs, long xo, MemorySegment ys, long yo, MemorySegment ms, long mo,
                                MemorySegment is, long io, MemorySegment gs, long go, MemorySegment bs, long bo,
                                int n, int c, int hw, long ch, double count, float eps) {
        double s = 0;
        for (long b = 0; b < n; b++) s += planeSum(xs, xo + (b * c + ch) * hw, hw);
        float mu = (float) (s / count);
        double sq = 0;
        for (long b = 0; b < n; b++) sq += planeSquares(xs, xo + (b * c + ch) * hw, hw, mu);
        double inv = 1.0 / Math.sqrt(sq / count + eps);
        set(ms, mo + ch, mu);
        set(is, io + ch, (float) inv);
        double ga = gs == null ? 1 : get(gs, go + ch);
        double bb = bs == null ? 0 : get(bs, bo + ch);
        float a = (float) (inv * ga);
        for (long b = 0; b < n; b++) {
            planeAffine(xs, xo + (b * c + ch) * hw, ys, yo + (b * c + ch) * hw, hw, mu, a, (float) bb);
        }
    }

    static void inference(TensorView x, TensorView gamma, TensorView beta, TensorView runningMean, TensorView runningVar, float eps, TensorView y,
                          Parallel par) {
        int n = x.size(0), c = x.size(1);
        int hw = (int) (x.numel() / ((long) n * c));
        MemorySegment xs = seg(x), ys = seg(y), ms = seg(runningMean), vs = seg(runningVar);
        MemorySegment gs = gamma == null ? null : seg(gamma), bs = beta == null ? null : seg(beta);
        long xo = off(x), yo = off(y), mo = off(runningMean), vo = off(runningVar);
        long go = gamma == null ? 0 : off(gamma), bo = beta == null ? 0 : off(beta);
        par.forRange(c, rowGrain((long) n * hw), (from, to) -> {
            for (long ch = from; ch < to; ch++) {
                double inv = 1.0 / Math.sqrt(get(vs, vo + ch) + eps);
                double ga = gs == null ? 1 : get(gs, go + ch);
                double bb = bs == null ? 0 : get(bs, bo + ch);
                float a = (float) (inv * ga);
                float mu = get(ms, mo + ch);
                for (long b = 0; b < n; b++) {
                    planeAffine(xs, xo + (b * c + ch) * hw, ys, yo + (b * c + ch) * hw, hw, mu, a, (float) bb);
                }
            }
        });
    }

    /**
     * {@code gx = ga*inv/count * (count*g - sum(g) - xhat*sum(g*xhat))}, applied as
     * {@code gx = g*a + (x - mean)*b + d} with per-channel coefficients computed in double.
     */
    static void backward(TensorView x, TensorView gy, TensorView gamma, TensorView mean, TensorView invStd, TensorView gx, TensorView gGamma,
                         TensorView gBeta, Parallel par) {
        backward(x, gy, gamma, mean, invStd, gx, gGamma, gBeta, par, true);
    }

    /** {@code across1d}: [N, C] inputs go to {@link VectorBatchNorm1d}; false only in the test that compares both. */
    static void backward(TensorView x, TensorView gy, TensorView gamma, TensorView mean, TensorView invStd, TensorView gx, TensorView gGamma,
                         TensorView gBeta, Parallel par, boolean across1d) {
        int n = x.size(0), c = x.size(1);
        int hw = (int) (x.numel() / ((long) n * c));
        double count = (double) n * hw;
        MemorySegment xs = seg(x), gs = seg(gy), ms = seg(mean), is = seg(invStd), os = seg(gx);
        MemorySegment gms = gamma == null ? null : seg(gamma);
        MemorySegment ggs = gGamma == null ? null : seg(gGamma), gbs = gBeta == null ? null : seg(gBeta);
        long xo = off(x), go = off(gy), mo = off(mean), io = off(invStd), oo = off(gx);
        long gmo = gamma == null ? 0 : off(gamma), ggo = gGamma == null ? 0 : off(gGamma), gbo = gBeta == null ? 0 : off(gBeta);
        if (hw == 1 && across1d) {
            VectorBatchNorm1d.backward(xs, xo, gs, go, ms, mo, is, io, os, oo, gms, gmo, ggs, ggo, gbs, gbo, n, c, par);
            return;
        }
        par.forRange(c, rowGrain((long) count), (from, to) -> {
            for (long ch = from; ch < to; ch++) {
                backwardChannel(xs, xo, gs, go, ms, mo, is, io, os, oo, gms, gmo, ggs, ggo, gbs, gbo, n, c, hw, ch, count);
            }
        });
    }

    /**
     * One channel of {@link #backward} over [N, C, hw] buffers; gms, ggs and gbs may be null. Also
     * the scalar tail of {@link VectorBatchNorm1d} (hw 1), so both agree bit for bit.
     */
    static void backwardChannel(MemorySegment xs, long xo, MemorySegment gs, long go, MemorySegment ms, long mo,
                                MemorySegment is, long io, MemorySegment os, long oo, MemorySegment gms, long gmo,
                                MemorySegment ggs, long ggo, MemorySegment gbs, long gbo, int n, int c, int hw, long ch,
                                double count) {
        float mu = get(ms, mo + ch);
        float inv = get(is, io + ch);
        double sumG = 0;
        double sumGXm = 0;
        for (long b = 0; b < n; b++) {
            long at = (b * c + ch) * hw;
            sumG += planeSum(gs, go + at, hw);
            sumGXm += planeDot(gs, go + at, xs, xo + at, hw, mu);
        }
        double sumGX = sumGXm * inv;
        if (ggs != null) set(ggs, ggo + ch, (float) sumGX);
        if (gbs != null) set(gbs, gbo + ch, (float) sumG);
        double ga = gms == null ? 1 : get(gms, gmo + ch);
        double k = ga * inv / count;
        float a = (float) (k * count);
        float bx = (float) (-k * inv * sumGX);
        float d = (float) (-k * sumG);
        for (long b = 0; b < n; b++) {
            long at = (b * c + ch) * hw;
            planeBackward(gs, go + at, xs, xo + at, os, oo + at, hw, mu, a, bx, d);
        }
    }

    /** {@code sum g[i] * (x[i] - mu)} over one plane. */
    private static double planeDot(MemorySegment g, long go, MemorySegment x, long xo, int n, float mu) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) acc = load(x, xo + i).sub(mu).fma(load(g, go + i), acc);
            s = sumLanesPairwise(acc);
        }
        for (; i < n; i++) s = Math.fma(get(x, xo + i) - mu, get(g, go + i), s);
        return s;
    }

    private static void planeBackward(MemorySegment g, long go, MemorySegment x, long xo, MemorySegment gx, long oo, int n,
                                      float mu, float a, float bx, float d) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            store(load(g, go + i).fma(FloatVector.broadcast(F, a), load(x, xo + i).sub(mu).fma(bx, d)), gx, oo + i);
        }
        for (; i < n; i++) set(gx, oo + i, Math.fma(get(g, go + i), a, Math.fma(get(x, xo + i) - mu, bx, d)));
    }
}
