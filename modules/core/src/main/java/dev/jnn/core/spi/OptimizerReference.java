package dev.jnn.core.spi;

import static dev.jnn.core.spi.HostCopies.read;
import static dev.jnn.core.spi.HostCopies.write;

/**
 * The reference optimizer-update kernels: the defaults of {@link OptimizerOps}, in plain scalar Java on host copies
 * of the operands ({@link HostCopies}). They are the specification every backend is tested against;
 * clarity first, speed never.
 */
final class OptimizerReference {
    private OptimizerReference() {
    }

    static void sgdUpdate(MemoryOps mem, SgdStep h, TensorView param, TensorView grad, TensorView buf) {
        float[] p = read(mem, param);
        float[] g = read(mem, grad);
        float[] m = buf == null ? null : read(mem, buf);
        for (int i = 0; i < p.length; i++) {
            float d = g[i] + h.weightDecay() * p[i];
            if (m != null) {
                m[i] = h.firstStep() ? d : h.momentum() * m[i] + (1 - h.dampening()) * d;
                d = h.nesterov() ? d + h.momentum() * m[i] : m[i];
            }
            p[i] -= h.lr() * d;
        }
        write(mem, param, p);
        if (buf != null) write(mem, buf, m);
    }

    static void adamUpdate(MemoryOps mem, AdamStep h, TensorView param, TensorView grad, TensorView expAvg, TensorView expAvgSq, TensorView maxSq) {
        float[] p = read(mem, param);
        float[] g = read(mem, grad);
        float[] m = read(mem, expAvg);
        float[] v = read(mem, expAvgSq);
        float[] vmax = maxSq == null ? null : read(mem, maxSq);
        double bc1 = 1 - Math.pow(h.beta1(), h.step());
        double bc2 = 1 - Math.pow(h.beta2(), h.step());
        float stepSize = (float) (h.lr() / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        for (int i = 0; i < p.length; i++) {
            float d = g[i];
            if (h.decoupled()) p[i] *= 1 - h.lr() * h.weightDecay();
            else d += h.weightDecay() * p[i];
            m[i] = h.beta1() * m[i] + (1 - h.beta1()) * d;
            v[i] = h.beta2() * v[i] + (1 - h.beta2()) * d * d;
            float vv = v[i];
            if (vmax != null) {
                vmax[i] = Math.max(vmax[i], v[i]);
                vv = vmax[i];
            }
            float denom = (float) Math.sqrt(vv) / bc2Sqrt + h.eps();
            p[i] -= stepSize * m[i] / denom;
        }
        write(mem, param, p);
        write(mem, expAvg, m);
        write(mem, expAvgSq, v);
        if (vmax != null) write(mem, maxSq, vmax);
    }
}
