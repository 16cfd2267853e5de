package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Backward passes of the activations: {@code gx = gy * f'(.)}, overwriting gx (which may alias gy).
 * ReLU takes the forward input x; sigmoid and tanh take the forward output y, as PyTorch does.
 */
public final class ActivationGrad {

    private ActivationGrad() {
    }

    /** {@code gx = x > 0 ? gy : 0} (PyTorch's threshold_backward: the gradient at 0 is 0). */
    public static void relu(MemorySegment gy, long gyOff, MemorySegment x, long xOff, MemorySegment gx, long gxOff,
                            long n, Parallel par) {
        par.forElements(n, (from, to) -> {
            long i = from;
            if (!Simd.SCALAR) {
                FloatVector zero = FloatVector.zero(F);
                for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                    VectorMask<Float> pos = load(x, xOff + i).compare(VectorOperators.GT, 0f);
                    store(zero.blend(load(gy, gyOff + i), pos), gx, gxOff + i);
                }
            }
            for (; i < to; i++) {
                set(gx, gxOff + i, get(x, xOff + i) > 0f ? get(gy, gyOff + i) : 0f);
            }
        });
    }

    /** {@code gx = gy * y * (1 - y)} with y the sigmoid's output. */
    public static void sigmoid(MemorySegment gy, long gyOff, MemorySegment y, long yOff, MemorySegment gx,
                               long gxOff, long n, Parallel par) {
        par.forElements(n, (from, to) -> {
            long i = from;
            if (!Simd.SCALAR) {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                    FloatVector yv = load(y, yOff + i);
                    store(load(gy, gyOff + i).mul(one.sub(yv).mul(yv)), gx, gxOff + i);
                }
            }
            for (; i < to; i++) {
                float yv = get(y, yOff + i);
                set(gx, gxOff + i, get(gy, gyOff + i) * ((1f - yv) * yv));
            }
        });
    }

    /** {@code gx = gy * (1 - y * y)} with y the tanh's output. */
    public static void tanh(MemorySegment gy, long gyOff, MemorySegment y, long yOff, MemorySegment gx, long gxOff,
                            long n, Parallel par) {
        par.forElements(n, (from, to) -> {
            long i = from;
            if (!Simd.SCALAR) {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                    FloatVector yv = load(y, yOff + i);
                    store(load(gy, gyOff + i).mul(one.sub(yv.mul(yv))), gx, gxOff + i);
                }
            }
            for (; i < to; i++) {
                float yv = get(y, yOff + i);
                set(gx, gxOff + i, get(gy, gyOff + i) * (1f - yv * yv));
            }
        });
    }
}
