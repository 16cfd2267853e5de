package dev.jnn.core.spi;

import dev.jnn.core.Tensor;
import dev.jnn.core.internal.reference.ReferenceKernels;

/**
 * Softmax and batch normalisation. Batch norm takes {@code x} as [N,C] or [N,C,H,W] and
 * normalises per channel C. See {@link Backend} for the contract.
 */
public interface NormalizationOps {
    /** {@code y = softmax(x)} along {@code dim}, or its logarithm when {@code log}. */
    default void softmax(Tensor x, int dim, boolean log, Tensor y) {
        ReferenceKernels.softmax((Backend) this, x, dim, log, y);
    }

    /** The input gradient of {@link #softmax} from its output {@code y}. */
    default void softmaxBackward(Tensor y, Tensor gy, int dim, boolean log, Tensor gx) {
        ReferenceKernels.softmaxBackward((Backend) this, y, gy, dim, log, gx);
    }

    /**
     * Training-mode batch norm: {@code y = (x - mean) * invStd * gamma + beta} with the batch's
     * statistics, written to {@code mean[C]} and {@code invStd[C] = 1/sqrt(var + eps)} (biased var).
     * {@code gamma}/{@code beta} may be null (no affine transform).
     */
    default void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float eps, Tensor y, Tensor mean,
                                   Tensor invStd) {
        ReferenceKernels.batchNormTraining((Backend) this, x, gamma, beta, eps, y, mean, invStd);
    }

    /** Inference-mode batch norm with the given running statistics. */
    default void batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                    float eps, Tensor y) {
        ReferenceKernels.batchNormInference((Backend) this, x, gamma, beta, runningMean, runningVar, eps, y);
    }

    /**
     * Gradients of training-mode batch norm; {@code gGamma}/{@code gBeta} may be null when not wanted
     * or when there is no affine transform ({@code gamma} null).
     */
    default void batchNormBackward(Tensor x, Tensor gy, Tensor gamma, Tensor mean, Tensor invStd, Tensor gx,
                                   Tensor gGamma, Tensor gBeta) {
        ReferenceKernels.batchNormBackward((Backend) this, x, gy, gamma, mean, invStd, gx, gGamma, gBeta);
    }
}
