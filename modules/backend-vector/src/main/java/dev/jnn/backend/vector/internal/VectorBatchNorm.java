package dev.jnn.backend.vector.internal;

import static dev.jnn.backend.vector.internal.Lanes.off;
import static dev.jnn.backend.vector.internal.Lanes.seg;

import dev.jnn.backend.vector.internal.kernels.BatchNorm;
import dev.jnn.backend.vector.internal.kernels.Parallel;
import dev.jnn.core.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * Batch normalisation over x [N, C] or [N, C, H, W] on the kernels package's {@link BatchNorm}.
 * The SPI's training pass leaves the running statistics to the caller, so none are passed down.
 */
final class VectorBatchNorm {
    private VectorBatchNorm() {
    }

    private static MemorySegment segOrNull(Tensor t) {
        return t == null ? null : seg(t);
    }

    private static long offOrZero(Tensor t) {
        return t == null ? 0 : off(t);
    }

    private static int hw(Tensor x) {
        return (int) (x.numel() / ((long) x.size(0) * x.size(1)));
    }

    static void training(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean, Tensor invStd,
                         Parallel par) {
        BatchNorm.forwardTrain(seg(x), off(x), x.size(0), x.size(1), hw(x), segOrNull(gamma), offOrZero(gamma),
                segOrNull(beta), offOrZero(beta), eps, 0f, null, 0, null, 0, seg(mean), off(mean), seg(invStd),
                off(invStd), seg(y), off(y), par);
    }

    static void inference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps, Tensor y,
                          Parallel par) {
        BatchNorm.forwardEval(seg(x), off(x), x.size(0), x.size(1), hw(x), segOrNull(gamma), offOrZero(gamma),
                segOrNull(beta), offOrZero(beta), eps, seg(runningMean), off(runningMean), seg(runningVar),
                off(runningVar), seg(y), off(y), par);
    }

    static void backward(Tensor x, Tensor gy, Tensor gamma, Tensor mean, Tensor invStd, Tensor gx, Tensor gGamma,
                         Tensor gBeta, Parallel par) {
        BatchNorm.backward(seg(gy), off(gy), seg(x), off(x), x.size(0), x.size(1), hw(x), segOrNull(gamma),
                offOrZero(gamma), seg(mean), off(mean), seg(invStd), off(invStd), seg(gx), off(gx), segOrNull(gGamma),
                offOrZero(gGamma), segOrNull(gBeta), offOrZero(gBeta), par);
    }
}
