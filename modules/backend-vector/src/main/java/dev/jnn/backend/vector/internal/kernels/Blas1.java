package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/** Level-1 BLAS-style vector kernels: axpy, scale, fill, accumulate. */
public final class Blas1 {

    private Blas1() {
    }

    /** {@code y[i] = alpha * x[i] + y[i]} for i in [0, n) (one rounding: fused multiply-add). */
    public static void axpy(long n, float alpha, MemorySegment x, long xOff, MemorySegment y, long yOff,
                            Parallel par) {
        par.forElements(n, (from, to) -> axpyRange(alpha, x, xOff, y, yOff, from, to));
    }

    static void axpyRange(float alpha, MemorySegment x, long xOff, MemorySegment y, long yOff, long from, long to) {
        long i = from;
        if (!Simd.SCALAR) {
            FloatVector va = FloatVector.broadcast(F, alpha);
            for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                store(load(x, xOff + i).fma(va, load(y, yOff + i)), y, yOff + i);
            }
        }
        for (; i < to; i++) {
            set(y, yOff + i, Math.fma(alpha, get(x, xOff + i), get(y, yOff + i)));
        }
    }

    /** {@code y[i] = value} for i in [0, n). */
    public static void fill(long n, float value, MemorySegment y, long yOff, Parallel par) {
        par.forElements(n, (from, to) -> {
            long i = from;
            if (!Simd.SCALAR) {
                FloatVector v = FloatVector.broadcast(F, value);
                for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                    store(v, y, yOff + i);
                }
            }
            for (; i < to; i++) {
                set(y, yOff + i, value);
            }
        });
    }
}
