package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.sumLanesPairwise;

import dev.jnn.backend.vector.internal.kernels.Simd;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * One-thread reductions over {@code n} consecutive floats (a row): max, min, sum, dot product and
 * the shifted exponential sum of softmax. Shared by reductions, softmax and cross-entropy. Every
 * result is the same in every JIT tier: sums use {@link Simd#sumLanesPairwise}, exponentials the
 * scalar {@link Math#exp}; max and min are exact in any order.
 */
final class VectorRows {
    private VectorRows() {
    }

    /** The largest of {@code n} consecutive floats. */
    static float max(MemorySegment x, long xo, int n) {
        int i = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (n >= L) {
            FloatVector acc = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int bound = F.loopBound(n); i < bound; i += L) acc = acc.max(load(x, xo + i));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; i < n; i++) m = Math.max(m, get(x, xo + i));
        return m;
    }

    /** The sum of {@code n} consecutive floats. */
    static float sum(MemorySegment x, long xo, int n) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) acc = acc.add(load(x, xo + i));
            s = sumLanesPairwise(acc);
        }
        for (; i < n; i++) s += get(x, xo + i);
        return s;
    }

    /** {@code sum_i x[i] * y[i]} in a fixed order. */
    static float dot(MemorySegment x, long xo, MemorySegment y, long yo, int n) {
        int i = 0;
        float s = 0f;
        if (n >= L) {
            FloatVector acc = FloatVector.zero(F);
            for (int bound = F.loopBound(n); i < bound; i += L) acc = load(x, xo + i).mul(load(y, yo + i)).add(acc);
            s = sumLanesPairwise(acc);
        }
        for (; i < n; i++) s += get(x, xo + i) * get(y, yo + i);
        return s;
    }

    /**
     * {@code sum_i exp(x[i] - m)}, storing each term into y when {@code y} is not null. The
     * exponential is the scalar {@link Math#exp}, which every JIT tier computes alike; the Vector
     * API's lane-wise EXP does not (the JIT's vector library and the fallback differ in the last
     * bit), which would make results depend on when a kernel got compiled.
     */
    static float expSum(MemorySegment x, long xo, int n, float m, MemorySegment y, long yo) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(get(x, xo + i) - m);
            if (y != null) set(y, yo + i, e);
            sum += e;
        }
        return sum;
    }

    /** The smallest of {@code n} consecutive floats. */
    static float min(MemorySegment x, long xo, int n) {
        int i = 0;
        float m = Float.POSITIVE_INFINITY;
        if (n >= L) {
            FloatVector acc = FloatVector.broadcast(F, Float.POSITIVE_INFINITY);
            for (int bound = F.loopBound(n); i < bound; i += L) acc = acc.min(load(x, xo + i));
            m = acc.reduceLanes(VectorOperators.MIN);
        }
        for (; i < n; i++) m = Math.min(m, get(x, xo + i));
        return m;
    }
}
