package dev.jnn.core.spi;

/**
 * Fused in-place optimizer updates. See {@link Backend} for the contract.
 *
 * <p>The defaults are the reference kernels ({@code OptimizerReference}, beside this interface): scalar Java on
 * host copies, correct but slow; a backend overrides what it can do better.
 */
public interface OptimizerOps extends MemoryOps {
    /** One SGD step on {@code param}; {@code momentumBuffer} is null when momentum is 0. */
    default void sgdUpdate(SgdStep h, TensorView param, TensorView grad, TensorView momentumBuffer) {
        OptimizerReference.sgdUpdate(this, h, param, grad, momentumBuffer);
    }

    /** One Adam or AdamW step; {@code maxExpAvgSq} is null unless amsgrad. */
    default void adamUpdate(AdamStep h, TensorView param, TensorView grad, TensorView expAvg, TensorView expAvgSq,
                            TensorView maxExpAvgSq) {
        OptimizerReference.adamUpdate(this, h, param, grad, expAvg, expAvgSq, maxExpAvgSq);
    }
}
