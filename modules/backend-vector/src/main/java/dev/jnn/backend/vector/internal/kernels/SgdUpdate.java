package dev.jnn.backend.vector.internal.kernels;

import static dev.jnn.backend.vector.internal.kernels.Simd.F;
import static dev.jnn.backend.vector.internal.kernels.Simd.L;
import static dev.jnn.backend.vector.internal.kernels.Simd.get;
import static dev.jnn.backend.vector.internal.kernels.Simd.load;
import static dev.jnn.backend.vector.internal.kernels.Simd.set;
import static dev.jnn.backend.vector.internal.kernels.Simd.store;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * One fused SGD step over a parameter tensor, PyTorch 1.13's {@code torch.optim.SGD} rule:
 *
 * <pre>
 * d = (maximize ? -g : g) + weightDecay * p
 * if momentum != 0:
 *     buf = firstStep ? d : momentum * buf + (1 - dampening) * d
 *     d = nesterov ? d + momentum * buf : buf
 * p = p - lr * d
 * </pre>
 */
public final class SgdUpdate {

    private SgdUpdate() {
    }

    /**
     * Updates {@code param} (and {@code buf} when momentum is not 0) in place.
     *
     * @param buf the momentum buffer, {@code n} floats; ignored (may be null) when momentum is 0
     * @param firstStep true on the parameter's first step: the buffer is then set to d, not blended
     */
    public static void step(long n, MemorySegment param, long pOff, MemorySegment grad, long gOff, MemorySegment buf,
                            long bOff, float lr, float momentum, float dampening, float weightDecay,
                            boolean nesterov, boolean maximize, boolean firstStep, Parallel par) {
        if (momentum != 0f && buf == null) {
            throw new IllegalArgumentException("SGD with momentum " + momentum + " needs a momentum buffer");
        }
        float damp = 1f - dampening;
        par.forElements(n, (from, to) -> {
            long i = from;
            if (!Simd.SCALAR) {
                FloatVector vwd = FloatVector.broadcast(F, weightDecay), vlr = FloatVector.broadcast(F, -lr);
                FloatVector vm = FloatVector.broadcast(F, momentum), vdamp = FloatVector.broadcast(F, damp);
                for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                    FloatVector p = load(param, pOff + i);
                    FloatVector d = load(grad, gOff + i);
                    if (maximize) {
                        d = d.neg();
                    }
                    if (weightDecay != 0f) {
                        d = d.add(p.mul(vwd));
                    }
                    if (momentum != 0f) {
                        FloatVector b = firstStep ? d : load(buf, bOff + i).mul(vm).add(d.mul(vdamp));
                        store(b, buf, bOff + i);
                        d = nesterov ? d.add(b.mul(vm)) : b;
                    }
                    store(p.add(d.mul(vlr)), param, pOff + i);
                }
            }
            for (; i < to; i++) {
                float p = get(param, pOff + i);
                float d = get(grad, gOff + i);
                if (maximize) {
                    d = -d;
                }
                if (weightDecay != 0f) {
                    d = d + weightDecay * p;
                }
                if (momentum != 0f) {
                    float b = firstStep ? d : get(buf, bOff + i) * momentum + damp * d;
                    set(buf, bOff + i, b);
                    d = nesterov ? d + momentum * b : b;
                }
                set(param, pOff + i, p + -lr * d);
            }
        });
    }
}
