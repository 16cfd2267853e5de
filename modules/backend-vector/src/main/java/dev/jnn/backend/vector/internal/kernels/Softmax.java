package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Row-wise softmax and log-softmax over the last dimension of a rows x cols matrix, forward and
 * backward, in parallel over rows. Both subtract the row maximum first, so large logits do not
 * overflow. y may alias x; gx may alias gy.
 */
public final class Softmax {

    private Softmax() {
    }

    private static long grain(int cols) {
        return Math.max(1, Unary.GRAIN / Math.max(1, cols));
    }

    /** {@code y[r, :] = exp(x[r, :] - max) / sum(exp(x[r, :] - max))}. */
    public static void forward(MemorySegment x, long xOff, int rows, int cols, MemorySegment y, long yOff,
                               Parallel par) {
        par.forRange(rows, grain(cols), (from, to) -> {
            for (long r = from; r < to; r++) {
                long xi = xOff + r * cols, yi = yOff + r * cols;
                float m = Reduce.max(x, xi, cols);
                float s = expShifted(x, xi, y, yi, cols, m);
                BinaryLoops.vs(BinaryOp.MUL, y, yi, 1f / s, y, yi, 0, cols);
            }
        });
    }

    /** {@code y[r, :] = x[r, :] - max - log(sum(exp(x[r, :] - max)))}. */
    public static void logForward(MemorySegment x, long xOff, int rows, int cols, MemorySegment y, long yOff,
                                  Parallel par) {
        par.forRange(rows, grain(cols), (from, to) -> {
            for (long r = from; r < to; r++) {
                long xi = xOff + r * cols, yi = yOff + r * cols;
                float lse = logSumExp(x, xi, cols);
                BinaryLoops.vs(BinaryOp.SUB, x, xi, lse, y, yi, 0, cols);
            }
        });
    }

    /** {@code gx = y * (gy - sum(gy * y))} per row, with y the softmax output. */
    public static void backward(MemorySegment gy, long gyOff, MemorySegment y, long yOff, int rows, int cols,
                                MemorySegment gx, long gxOff, Parallel par) {
        par.forRange(rows, grain(cols), (from, to) -> {
            for (long r = from; r < to; r++) {
                long gi = gyOff + r * cols, yi = yOff + r * cols, oi = gxOff + r * cols;
                float dot = dot(gy, gi, y, yi, cols);
                long i = 0;
                if (!Simd.SCALAR) {
                    for (long bound = F.loopBound(cols); i < bound; i += L) {
                        FloatVector yv = load(y, yi + i);
                        store(load(gy, gi + i).sub(dot).mul(yv), gx, oi + i);
                    }
                }
                for (; i < cols; i++) {
                    set(gx, oi + i, (get(gy, gi + i) - dot) * get(y, yi + i));
                }
            }
        });
    }

    /** {@code gx = gy - exp(y) * sum(gy)} per row, with y the log-softmax output. */
    public static void logBackward(MemorySegment gy, long gyOff, MemorySegment y, long yOff, int rows, int cols,
                                   MemorySegment gx, long gxOff, Parallel par) {
        par.forRange(rows, grain(cols), (from, to) -> {
            for (long r = from; r < to; r++) {
                long gi = gyOff + r * cols, yi = yOff + r * cols, oi = gxOff + r * cols;
                float s = Reduce.sum(gy, gi, cols);
                long i = 0;
                if (!Simd.SCALAR) {
                    FloatVector vs = FloatVector.broadcast(F, s);
                    for (long bound = F.loopBound(cols); i < bound; i += L) {
                        FloatVector e = load(y, yi + i).lanewise(VectorOperators.EXP);
                        store(load(gy, gi + i).sub(e.mul(vs)), gx, oi + i);
                    }
                }
                for (; i < cols; i++) {
                    set(gx, oi + i, get(gy, gi + i) - (float) Math.exp(get(y, yi + i)) * s);
                }
            }
        });
    }

    /** {@code out[i] = exp(x[i] - m)} for i in [0, n); returns the sum of out. */
    static float expShifted(MemorySegment x, long xi, MemorySegment out, long oi, int n, float m) {
        long i = 0;
        float s = 0f;
        if (!Simd.SCALAR) {
            FloatVector acc = FloatVector.zero(F);
            for (long bound = F.loopBound(n); i < bound; i += L) {
                FloatVector e = load(x, xi + i).sub(m).lanewise(VectorOperators.EXP);
                store(e, out, oi + i);
                acc = acc.add(e);
            }
            s = Simd.sumLanes(acc);
        }
        for (; i < n; i++) {
            float e = (float) Math.exp(get(x, xi + i) - m);
            set(out, oi + i, e);
            s += e;
        }
        return s;
    }

    /** sum(exp(x[i] - m)) for i in [0, n), storing nothing. */
    static float expSum(MemorySegment x, long xi, int n, float m) {
        long i = 0;
        float s = 0f;
        if (!Simd.SCALAR) {
            FloatVector acc = FloatVector.zero(F);
            for (long bound = F.loopBound(n); i < bound; i += L) {
                acc = acc.add(load(x, xi + i).sub(m).lanewise(VectorOperators.EXP));
            }
            s = Simd.sumLanes(acc);
        }
        for (; i < n; i++) {
            s += (float) Math.exp(get(x, xi + i) - m);
        }
        return s;
    }

    /** max + log(sum(exp(x - max))) of one row. */
    static float logSumExp(MemorySegment x, long xi, int n) {
        float m = Reduce.max(x, xi, n);
        if (m == Float.NEGATIVE_INFINITY || m == Float.POSITIVE_INFINITY) {
            return m;  // all -inf, or a +inf: x - lse then gives PyTorch's -inf / NaN entries
        }
        return m + (float) Math.log(expSum(x, xi, n, m));
    }

    static float dot(MemorySegment a, long ai, MemorySegment b, long bi, int n) {
        long i = 0;
        float s = 0f;
        if (!Simd.SCALAR) {
            FloatVector acc = FloatVector.zero(F);
            for (long bound = F.loopBound(n); i < bound; i += L) {
                acc = load(a, ai + i).fma(load(b, bi + i), acc);
            }
            s = Simd.sumLanes(acc);
        }
        for (; i < n; i++) {
            s = Math.fma(get(a, ai + i), get(b, bi + i), s);
        }
        return s;
    }
}
