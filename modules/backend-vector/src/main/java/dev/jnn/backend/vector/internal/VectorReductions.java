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

import dev.jnn.backend.vector.internal.kernels.Binary;
import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.Reduce;
import dev.jnn.backend.vector.internal.kernels.Simd;
import dev.jnn.core.Shape;
import dev.jnn.core.spi.BinaryOp;
import dev.jnn.core.spi.ReduceOp;
import dev.jnn.core.spi.TensorView;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Reductions along one dimension, seen as [outer, n, inner]: vectorised over n when inner is 1
 * (rows), over inner otherwise (columns). Every output is computed by one thread in an order fixed
 * by the shape, so results do not depend on the thread count; sums across lanes use
 * {@link Simd#sumLanesPairwise}, so they do not depend on the JIT tier either.
 */
final class VectorReductions {
    private VectorReductions() {
    }

    static void reduce(ReduceOp op, TensorView x, int dim, TensorView out, Parallel par) {
        Shape s = x.shape();
        long outer = s.outer(dim);
        int n = x.size(dim);
        long inner = s.inner(dim);
        MemorySegment xs = seg(x), os = seg(out);
        long xo = off(x), oo = off(out);
        switch (op) {
            case SUM, MEAN -> {
                if (inner == 1 && outer == 1) {
                    set(os, oo, sumAll(xs, xo, n, par));
                } else if (inner == 1) {
                    sumRows(xs, xo, outer, n, os, oo, par);
                } else if (outer == 1) {
                    Reduce.sumColumns(xs, xo, n, Math.toIntExact(inner), os, oo, par);
                } else {
                    columns(BinaryOp.ADD, xs, xo, outer, n, inner, os, oo, par);
                }
                if (op == ReduceOp.MEAN) {
                    Binary.applyScalar(BinaryOp.DIV, os, oo, n, os, oo, outer * inner, par);
                }
            }
            case MAX, MIN -> {
                if (inner == 1 && op == ReduceOp.MAX) {
                    Reduce.maxRows(xs, xo, Math.toIntExact(outer), n, os, oo, par);
                } else if (inner == 1) {
                    par.forRange(outer, rowGrain(n), (from, to) -> {
                        for (long p = from; p < to; p++) set(os, oo + p, VectorRows.min(xs, xo + p * n, n));
                    });
                } else {
                    columns(op == ReduceOp.MAX ? BinaryOp.MAX : BinaryOp.MIN, xs, xo, outer, n, inner, os, oo, par);
                }
            }
            case ARGMAX, ARGMIN -> {
                boolean max = op == ReduceOp.ARGMAX;
                if (inner == 1) {
                    par.forRange(outer, rowGrain(n), (from, to) -> {
                        for (long p = from; p < to; p++) set(os, oo + p, rowArg(max, xs, xo + p * n, n));
                    });
                } else {
                    par.forRange(outer, rowGrain((long) n * inner), (from, to) -> {
                        for (long p = from; p < to; p++) columnArg(max, xs, xo + p * n * inner, n, inner, os, oo + p * inner);
                    });
                }
            }
        }
    }

    /** Elements per partial sum of {@link #sumAll}: fixed, so the result ignores the thread count. */
    private static final int CHUNK = 1 << 16;

    /** The sum of {@code n} floats: fixed chunks summed by {@link VectorRows#sum}, then in double, in order. */
    static float sumAll(MemorySegment xs, long xo, long n, Parallel par) {
        long chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks <= 1) return VectorRows.sum(xs, xo, (int) n);
        double[] partial = new double[Math.toIntExact(chunks)];  // one per 64K elements
        par.forRange(chunks, 1, (from, to) -> {
            for (long c = from; c < to; c++) {
                long lo = c * CHUNK;
                partial[(int) c] = VectorRows.sum(xs, xo + lo, (int) (Math.min(n, lo + CHUNK) - lo));
            }
        });
        double s = 0;
        for (double p : partial) s += p;
        return (float) s;
    }

    /** {@code out[r] = sum_j x[r, j]} for a rows x cols matrix. */
    static void sumRows(MemorySegment xs, long xo, long rows, int cols, MemorySegment os, long oo, Parallel par) {
        par.forRange(rows, rowGrain(cols), (from, to) -> {
            for (long r = from; r < to; r++) set(os, oo + r, VectorRows.sum(xs, xo + r * cols, cols));
        });
    }

    /** {@code out[c] = the sum over n and the hw pixels of x[n, c, :]}, per channel in batch order. */
    static void sumChannels(MemorySegment xs, long xo, long n, int c, int hw, MemorySegment os, long oo, Parallel par) {
        par.forRange(c, rowGrain(n * hw), (from, to) -> {
            for (long ch = from; ch < to; ch++) {
                double s = 0;
                for (long b = 0; b < n; b++) s += VectorRows.sum(xs, xo + (b * c + ch) * hw, hw);
                set(os, oo + ch, (float) s);
            }
        });
    }

    /** {@code out[p, :] = x[p, 0, :] op x[p, 1, :] op ...}, in that order, for each p. */
    private static void columns(BinaryOp op, MemorySegment xs, long xo, long outer, int n, long inner,
                                MemorySegment os, long oo, Parallel par) {
        par.forRange(outer, rowGrain(n * inner), (from, to) -> {
            for (long p = from; p < to; p++) {
                long src = xo + p * n * inner;
                long dst = oo + p * inner;
                MemorySegment.copy(xs, src * Float.BYTES, os, dst * Float.BYTES, inner * Float.BYTES);
                for (int i = 1; i < n; i++) VectorBinaryLoops.vv(op, os, dst, xs, src + i * inner, os, dst, inner);
            }
        });
    }

    /**
     * The index of the first maximum (or minimum) of a row: the extreme by vectors, then the first
     * element equal to it. A NaN makes the vector extreme NaN; then the reference's scalar rule
     * (strictly greater than the best so far, starting at element 0) decides.
     */
    private static float rowArg(boolean max, MemorySegment x, long xo, int n) {
        float m = max ? VectorRows.max(x, xo, n) : VectorRows.min(x, xo, n);
        if (!Float.isNaN(m)) {
            for (int i = 0; i < n; i++) if (get(x, xo + i) == m) return i;
        }
        float best = get(x, xo);
        int arg = 0;
        for (int i = 1; i < n; i++) {
            float e = get(x, xo + i);
            if (max ? e > best : e < best) {
                best = e;
                arg = i;
            }
        }
        return arg;
    }

    /**
     * Arg-extremes down the n rows of an n x inner block, vectorised across the columns. An argmin
     * is the argmax of the negated values (exact, and a NaN compares false either way); the
     * comparison stays the constant GT, which the JIT needs to compile it to one instruction.
     */
    private static void columnArg(boolean max, MemorySegment x, long xo, int n, long inner, MemorySegment os, long oo) {
        float sign = max ? 1f : -1f;
        long q = 0;
        for (long bound = F.loopBound(inner); q < bound; q += L) {
            FloatVector best = load(x, xo + q).mul(sign);
            FloatVector arg = FloatVector.zero(F);
            for (int i = 1; i < n; i++) {
                FloatVector e = load(x, xo + i * inner + q).mul(sign);
                VectorMask<Float> m = e.compare(VectorOperators.GT, best);
                best = best.blend(e, m);
                arg = arg.blend(i, m);
            }
            store(arg, os, oo + q);
        }
        for (; q < inner; q++) {
            float best = get(x, xo + q);
            int arg = 0;
            for (int i = 1; i < n; i++) {
                float e = get(x, xo + i * inner + q);
                if (max ? e > best : e < best) {
                    best = e;
                    arg = i;
                }
            }
            set(os, oo + q, arg);
        }
    }
}
