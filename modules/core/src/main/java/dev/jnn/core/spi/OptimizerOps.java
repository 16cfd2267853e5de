package dev.jnn.core.spi;

import dev.jnn.core.Tensor;
import dev.jnn.core.internal.reference.ReferenceKernels;

/** Fused in-place optimizer updates. See {@link Backend} for the contract. */
public interface OptimizerOps {
    /** One SGD step on {@code param}; {@code momentumBuffer} is null when momentum is 0. */
    default void sgdUpdate(SgdStep h, Tensor param, Tensor grad, Tensor momentumBuffer) {
        ReferenceKernels.sgdUpdate((Backend) this, h, param, grad, momentumBuffer);
    }

    /** One Adam or AdamW step; {@code maxExpAvgSq} is null unless amsgrad. */
    default void adamUpdate(AdamStep h, Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq,
                            Tensor maxExpAvgSq) {
        ReferenceKernels.adamUpdate((Backend) this, h, param, grad, expAvg, expAvgSq, maxExpAvgSq);
    }
}
