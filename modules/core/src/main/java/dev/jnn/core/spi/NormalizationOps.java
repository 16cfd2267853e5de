package dev.jnn.core.spi;

/**
 * Softmax and batch normalisation. Batch norm takes {@code x} as [N,C] or [N,C,H,W] and
 * normalises per channel C. See {@link Backend} for the contract.
 *
 * <p>The defaults are the reference kernels ({@code NormalizationReference}, beside this interface): scalar Java on
 * host copies, correct but slow; a backend overrides what it can do better.
 */
public interface NormalizationOps extends MemoryOps {
    /** {@code y = softmax(x)} along {@code dim}, or its logarithm when {@code log}. */
    default void softmax(TensorView x, int dim, boolean log, TensorView y) {
        NormalizationReference.softmax(this, x, dim, log, y);
    }

    /** The input gradient of {@link #softmax} from its output {@code y}. */
    default void softmaxBackward(TensorView y, TensorView gy, int dim, boolean log, TensorView gx) {
        NormalizationReference.softmaxBackward(this, y, gy, dim, log, gx);
    }

    /**
     * Training-mode batch norm: {@code y = (x - mean) * invStd * gamma + beta} with the batch's
     * statistics, written to {@code mean[C]} and {@code invStd[C] = 1/sqrt(var + eps)} (biased var).
     * {@code gamma}/{@code beta} may be null (no affine transform).
     */
    default void batchNormTraining(TensorView x, TensorView gamma, TensorView beta, float eps, TensorView y, TensorView mean,
                                   TensorView invStd) {
        NormalizationReference.batchNormTraining(this, x, gamma, beta, eps, y, mean, invStd);
    }

    /** Inference-mode batch norm with the given running statistics. */
    default void batchNormInference(TensorView x, TensorView gamma, TensorView beta, TensorView runningMean, TensorView runningVar,
                                    float eps, TensorView y) {
        NormalizationReference.batchNormInference(this, x, gamma, beta, runningMean, runningVar, eps, y);
    }

    /**
     * Gradients of training-mode batch norm; {@code gGamma}/{@code gBeta} may be null when not wanted
     * or when there is no affine transform ({@code gamma} null).
     */
    default void batchNormBackward(TensorView x, TensorView gy, TensorView gamma, TensorView mean, TensorView invStd, TensorView gx,
                                   TensorView gGamma, TensorView gBeta) {
        NormalizationReference.batchNormBackward(this, x, gy, gamma, mean, invStd, gx, gGamma, gBeta);
    }
}
