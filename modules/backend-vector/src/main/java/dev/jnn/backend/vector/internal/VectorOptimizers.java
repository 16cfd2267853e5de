package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.Lanes.F;
import static dev.jnn.backend.vector.internal.Lanes.GRAIN;
import static dev.jnn.backend.vector.internal.Lanes.L;
import static dev.jnn.backend.vector.internal.Lanes.get;
import static dev.jnn.backend.vector.internal.Lanes.load;
import static dev.jnn.backend.vector.internal.Lanes.off;
import static dev.jnn.backend.vector.internal.Lanes.seg;
import static dev.jnn.backend.vector.internal.Lanes.set;
import static dev.jnn.backend.vector.internal.Lanes.store;

import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.SgdStep;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;

/**
 * Fused SGD and Adam updates in one pass over the parameter. Each lane does the reference's float
 * operations in the reference's order (no fused multiply-add), so the results are bit-identical
 * to the reference kernels, whatever the thread count.
 */
final class VectorOptimizers {
    private VectorOptimizers() {
    }

    static void sgd(SgdStep h, Tensor param, Tensor grad, Tensor buf, Parallel par) {
        MemorySegment ps = seg(param), gs = seg(grad), ms = buf == null ? null : seg(buf);
        long po = off(param), go = off(grad), mo = buf == null ? 0 : off(buf);
        float lr = h.lr(), wd = h.weightDecay(), mom = h.momentum(), damp = 1 - h.dampening();
        boolean first = h.firstStep(), nesterov = h.nesterov();
        par.forRange(param.numel(), GRAIN, (from, to) -> {
            long i = from;
            for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                FloatVector p = load(ps, po + i);
                FloatVector d = load(gs, go + i).add(p.mul(wd));
                if (ms != null) {
                    FloatVector m = first ? d : load(ms, mo + i).mul(mom).add(d.mul(damp));
                    store(m, ms, mo + i);
                    d = nesterov ? d.add(m.mul(mom)) : m;
                }
                store(p.sub(d.mul(lr)), ps, po + i);
            }
            for (; i < to; i++) {
                float p = get(ps, po + i);
                float d = get(gs, go + i) + wd * p;
                if (ms != null) {
                    float m = first ? d : mom * get(ms, mo + i) + damp * d;
                    set(ms, mo + i, m);
                    d = nesterov ? d + mom * m : m;
                }
                set(ps, po + i, p - lr * d);
            }
        });
    }

    static void adam(AdamStep h, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxSq, Parallel par) {
        MemorySegment ps = seg(param), gs = seg(grad), ms = seg(expAvg), vs = seg(expAvgSq);
        MemorySegment xs = maxSq == null ? null : seg(maxSq);
        long po = off(param), go = off(grad), mo = off(expAvg), vo = off(expAvgSq), xo = maxSq == null ? 0 : off(maxSq);
        double bc1 = 1 - Math.pow(h.beta1(), h.step());
        double bc2 = 1 - Math.pow(h.beta2(), h.step());
        float stepSize = (float) (h.lr() / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float b1 = h.beta1(), b2 = h.beta2(), c1 = 1 - b1, c2 = 1 - b2, eps = h.eps(), wd = h.weightDecay();
        float decay = 1 - h.lr() * wd;
        boolean decoupled = h.decoupled();
        par.forRange(param.numel(), GRAIN, (from, to) -> {
            long i = from;
            for (long bound = from + F.loopBound(to - from); i < bound; i += L) {
                FloatVector p = load(ps, po + i);
                FloatVector d = load(gs, go + i);
                if (decoupled) p = p.mul(decay);
                else d = d.add(p.mul(wd));
                FloatVector m = load(ms, mo + i).mul(b1).add(d.mul(c1));
                FloatVector v = load(vs, vo + i).mul(b2).add(d.mul(c2).mul(d));
                store(m, ms, mo + i);
                store(v, vs, vo + i);
                if (xs != null) {
                    v = load(xs, xo + i).max(v);
                    store(v, xs, xo + i);
                }
                FloatVector denom = v.sqrt().div(bc2Sqrt).add(eps);
                store(p.sub(m.mul(stepSize).div(denom)), ps, po + i);
            }
            for (; i < to; i++) {
                float p = get(ps, po + i);
                float d = get(gs, go + i);
                if (decoupled) p *= decay;
                else d += wd * p;
                float m = b1 * get(ms, mo + i) + c1 * d;
                float v = b2 * get(vs, vo + i) + c2 * d * d;
                set(ms, mo + i, m);
                set(vs, vo + i, v);
                if (xs != null) {
                    v = Math.max(get(xs, xo + i), v);
                    set(xs, xo + i, v);
                }
                float denom = (float) Math.sqrt(v) / bc2Sqrt + eps;
                set(ps, po + i, p - stepSize * m / denom);
            }
        });
    }
}
