package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.ViewMemory.off;
import static dev.jnn.backend.vector.internal.ViewMemory.seg;

import dev.jnn.backend.vector.internal.kernels.Conv2d;
import dev.jnn.backend.vector.internal.kernels.Conv2dGeometry;
import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.spi.TensorView;
import dev.jnn.core.spi.Conv2dSpec;

/** 2-d convolution on the kernels package's im2col + SGEMM ({@link Conv2d}). */
final class VectorConvolution {
    private VectorConvolution() {
    }

    private static Conv2dGeometry geometry(Conv2dSpec s, TensorView x, TensorView w) {
        return new Conv2dGeometry(x.size(0), x.size(1), x.size(2), x.size(3), w.size(0), w.size(2), w.size(3),
                s.strideH(), s.strideW(), s.padH(), s.padW(), s.dilationH(), s.dilationW());
    }

    static void forward(Conv2dSpec spec, TensorView x, TensorView w, TensorView bias, TensorView y, Parallel par) {
        Conv2d.forward(geometry(spec, x, w), seg(x), off(x), seg(w), off(w), bias == null ? null : seg(bias),
                bias == null ? 0 : off(bias), seg(y), off(y), par);
    }

    static void backwardData(Conv2dSpec spec, TensorView gy, TensorView w, TensorView gx, Parallel par) {
        Conv2d.backwardData(geometry(spec, gx, w), seg(gy), off(gy), seg(w), off(w), seg(gx), off(gx), par);
    }

    /**
     * The weight gradient from the kernels package; the bias gradient (per-channel sums of gy) from
     * {@link VectorReductions#sumChannels}, whose sums do not depend on the JIT tier.
     */
    static void backwardWeights(Conv2dSpec spec, TensorView x, TensorView gy, TensorView gw, TensorView gb, Parallel par) {
        Conv2d.backwardWeights(geometry(spec, x, gw), seg(x), off(x), seg(gy), off(gy), seg(gw), off(gw), par);
        if (gb != null) {
            VectorReductions.sumChannels(seg(gy), off(gy), gy.size(0), gy.size(1), gy.size(2) * gy.size(3), seg(gb), off(gb),
                    par);
        }
    }
}
