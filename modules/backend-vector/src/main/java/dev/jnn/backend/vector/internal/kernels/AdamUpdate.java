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
 * One fused Adam / AdamW step over a parameter tensor, PyTorch 1.13's {@code torch.optim.Adam}
 * and {@code AdamW} rules (scalars in double, then float, as Python passes them):
 *
 * <pre>
 * g = maximize ? -grad : grad
 * Adam:  g = g + weightDecay * p          AdamW: p = p * (1 - lr * weightDecay)
 * m = m * beta1 + (1 - beta1) * g
 * v = v * beta2 + (1 - beta2) * g * g
 * vmax = max(vmax, v)                      (amsgrad only; then v below is vmax)
 * denom = sqrt(v) / sqrt(1 - beta2^t) + eps
 * p = p - lr / (1 - beta1^t) * (m / denom)
 * </pre>
 */
public final class AdamUpdate {

    private AdamUpdate() {
    }

    /**
     * Updates {@code param}, {@code expAvg}, {@code expAvgSq} (and {@code maxExpAvgSq} with amsgrad)
     * in place.
     *
     * @param step the step number t after incrementing, 1 on the first step
     * @param decoupled true for AdamW's decoupled weight decay, false for Adam's L2 term
     * @param maxExpAvgSq the amsgrad running maximum; ignored (may be null) without amsgrad
     */
    public static void step(long n, MemorySegment param, long pOff, MemorySegment grad, long gOff,
                            MemorySegment expAvg, long mOff, MemorySegment expAvgSq, long vOff,
                            MemorySegment maxExpAvgSq, long xOff, float lr, float beta1, float beta2, float eps,
                            float weightDecay, boolean decoupled, boolean amsgrad, boolean maximize, long step,
                            Parallel par) {
        if (step < 1) {
            throw new IllegalArgumentException("Adam step count must be >= 1 (after incrementing), got " + step);
        }
        if (amsgrad && maxExpAvgSq == null) {
            throw new IllegalArgumentException("Adam with amsgrad needs the max_exp_avg_sq buffer");
        }
        float oneMinusB1 = (float) (1.0 - beta1), oneMinusB2 = (float) (1.0 - beta2);
        double bc1 = 1.0 - Math.pow(beta1, step), bc2 = 1.0 - Math.pow(beta2, step);
        float negStepSize = (float) (-(lr / bc1));
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = decoupled ? (float) (1.0 - (double) lr * weightDecay) : 1f;
        float l2 = decoupled ? 0f : weightDecay;
        par.forElements(n, (from, to) -> {
            long i = from;
            if (!Simd.SCALAR) {
                for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                    FloatVector p = load(param, pOff + i);
                    FloatVector g = load(grad, gOff + i);
                    if (maximize) {
                        g = g.neg();
                    }
                    if (decoupled) {
                        p = p.mul(decay);
                    } else if (l2 != 0f) {
                        g = g.add(p.mul(l2));
                    }
                    FloatVector m = load(expAvg, mOff + i).mul(beta1).add(g.mul(oneMinusB1));
                    FloatVector v = load(expAvgSq, vOff + i).mul(beta2).add(g.mul(oneMinusB2).mul(g));
                    store(m, expAvg, mOff + i);
                    store(v, expAvgSq, vOff + i);
                    if (amsgrad) {
                        v = load(maxExpAvgSq, xOff + i).max(v);
                        store(v, maxExpAvgSq, xOff + i);
                    }
                    FloatVector denom = v.sqrt().div(bc2Sqrt).add(eps);
                    store(p.add(m.div(denom).mul(negStepSize)), param, pOff + i);
                }
            }
            for (; i < to; i++) {
                float p = get(param, pOff + i);
                float g = get(grad, gOff + i);
                if (maximize) {
                    g = -g;
                }
                if (decoupled) {
                    p = p * decay;
                } else if (l2 != 0f) {
                    g = g + p * l2;
                }
                float m = get(expAvg, mOff + i) * beta1 + g * oneMinusB1;
                float v = get(expAvgSq, vOff + i) * beta2 + g * oneMinusB2 * g;
                set(expAvg, mOff + i, m);
                set(expAvgSq, vOff + i, v);
                if (amsgrad) {
                    v = Math.max(get(maxExpAvgSq, xOff + i), v);
                    set(maxExpAvgSq, xOff + i, v);
                }
                float denom = (float) Math.sqrt(v) / bc2Sqrt + eps;
                set(param, pOff + i, p + m / denom * negStepSize);
            }
        });
    }
}
