package dev.jnn.core.spi;

import dev.jnn.core.Shape;

/**
 * 2-d max and average pooling over NCHW tensors. See {@link Backend} for the contract.
 *
 * <p>The defaults are the reference kernels ({@code PoolingReference}, beside this interface): scalar Java on
 * host copies, correct but slow; a backend overrides what it can do better.
 */
public interface PoolingOps extends MemoryOps {
    /**
     * The number of float32 elements of workspace max pooling keeps for its backward pass; the
     * default stores the flat input index of each output's maximum.
     */
    default long maxPool2dWorkspaceElements(Pool2dSpec spec, Shape x, Shape y) {
        return y.numel();
    }

    /** {@code y = maxpool(x)}; {@code workspace} (may be null when no backward follows) records argmaxes. */
    default void maxPool2dForward(Pool2dSpec spec, TensorView x, TensorView y, TensorView workspace) {
        PoolingReference.maxPool2dForward(this, spec, x, y, workspace);
    }

    /** {@code gx} from {@code gy} and the forward pass's workspace. */
    default void maxPool2dBackward(Pool2dSpec spec, TensorView x, TensorView gy, TensorView workspace, TensorView gx) {
        PoolingReference.maxPool2dBackward(this, spec, x, gy, workspace, gx);
    }

    /** {@code y = avgpool(x)}, padding counted in the divisor. */
    default void avgPool2dForward(Pool2dSpec spec, TensorView x, TensorView y) {
        PoolingReference.avgPool2dForward(this, spec, x, y);
    }

    /** {@code gx} from {@code gy}. */
    default void avgPool2dBackward(Pool2dSpec spec, TensorView gy, TensorView gx) {
        PoolingReference.avgPool2dBackward(this, spec, gy, gx);
    }
}
