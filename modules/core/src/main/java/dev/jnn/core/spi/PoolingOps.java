package dev.jnn.core.spi;

import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.internal.reference.ReferenceKernels;

/** 2-d max and average pooling over NCHW tensors. See {@link Backend} for the contract. */
public interface PoolingOps {
    /**
     * The number of float32 elements of workspace max pooling keeps for its backward pass; the
     * default stores the flat input index of each output's maximum.
     */
    default long maxPool2dWorkspaceElements(Pool2dSpec spec, Shape x, Shape y) {
        return y.numel();
    }

    /** {@code y = maxpool(x)}; {@code workspace} (may be null when no backward follows) records argmaxes. */
    default void maxPool2dForward(Pool2dSpec spec, Tensor x, Tensor y, Tensor workspace) {
        ReferenceKernels.maxPool2dForward((Backend) this, spec, x, y, workspace);
    }

    /** {@code gx} from {@code gy} and the forward pass's workspace. */
    default void maxPool2dBackward(Pool2dSpec spec, Tensor x, Tensor gy, Tensor workspace, Tensor gx) {
        ReferenceKernels.maxPool2dBackward((Backend) this, spec, x, gy, workspace, gx);
    }

    /** {@code y = avgpool(x)}, padding counted in the divisor. */
    default void avgPool2dForward(Pool2dSpec spec, Tensor x, Tensor y) {
        ReferenceKernels.avgPool2dForward((Backend) this, spec, x, y);
    }

    /** {@code gx} from {@code gy}. */
    default void avgPool2dBackward(Pool2dSpec spec, Tensor gy, Tensor gx) {
        ReferenceKernels.avgPool2dBackward((Backend) this, spec, gy, gx);
    }
}
