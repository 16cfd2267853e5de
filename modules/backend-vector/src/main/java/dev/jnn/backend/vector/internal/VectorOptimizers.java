package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;

import dev.jnn.backend.vector.internal.kernels.AdamUpdate;
import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.backend.vector.internal.kernels.SgdUpdate;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.AdamStep;
import dev.jnn.core.spi.SgdStep;

/** Fused SGD and Adam/AdamW updates on the kernels package's {@link SgdUpdate} and {@link AdamUpdate}. */
final class VectorOptimizers {
    private VectorOptimizers() {
    }

    static void sgd(SgdStep h, TensorView param, TensorView grad, TensorView buf, Parallel par) {
        // The SPI passes no buffer when momentum is 0; the kernel then ignores it.
        SgdUpdate.step(param.numel(), seg(param), off(param), seg(grad), off(grad), buf == null ? null : seg(buf),
                buf == null ? 0 : off(buf), h.lr(), buf == null ? 0f : h.momentum(), h.dampening(), h.weightDecay(),
                h.nesterov(), false, h.firstStep(), par);
    }

    static void adam(AdamStep h, TensorView param, TensorView grad, TensorView expAvg, TensorView expAvgSq, TensorView maxSq, Parallel par) {
        AdamUpdate.step(param.numel(), seg(param), off(param), seg(grad), off(grad), seg(expAvg), off(expAvg), seg(expAvgSq),
                off(expAvgSq), maxSq == null ? null : seg(maxSq), maxSq == null ? 0 : off(maxSq), h.lr(), h.beta1(),
                h.beta2(), h.eps(), h.weightDecay(), h.decoupled(), h.amsgrad() && maxSq != null, false, h.step(), par);
    }
}
