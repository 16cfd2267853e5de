package dev.jnn.core.spi;

import dev.jnn.core.Tensor;
import dev.jnn.core.internal.reference.ReferenceKernels;

/** 2-d convolution over NCHW input with OIHW weights. See {@link Backend} for the contract. */
public interface ConvolutionOps {
    /** {@code y[N,O,OH,OW] = conv(x[N,C,H,W], w[O,C,KH,KW]) + bias[O]}; {@code bias} may be null. */
    default void conv2dForward(Conv2dSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        ReferenceKernels.conv2dForward((Backend) this, spec, x, w, bias, y);
    }

    /**
     * The convolution followed by ReLU, {@code y = max(conv(x, w) + bias, 0)}: one call, so that a
     * backend can fuse the activation into the convolution (oneDNN's post-ops) instead of making
     * another pass over {@code y}. By default the two steps, in place.
     */
    default void conv2dForward(Conv2dSpec spec, Tensor x, Tensor w, Tensor bias, boolean relu, Tensor y) {
        conv2dForward(spec, x, w, bias, y);
        if (relu) ((Backend) this).unary(UnaryOp.RELU, y, y);
    }

    /** The input gradient {@code gx[N,C,H,W]} from {@code gy} and the weights. */
    default void conv2dBackwardData(Conv2dSpec spec, Tensor gy, Tensor w, Tensor gx) {
        ReferenceKernels.conv2dBackwardData((Backend) this, spec, gy, w, gx);
    }

    /** The weight gradient {@code gw[O,C,KH,KW]} and, when {@code gb} is not null, the bias gradient. */
    default void conv2dBackwardWeights(Conv2dSpec spec, Tensor x, Tensor gy, Tensor gw, Tensor gb) {
        ReferenceKernels.conv2dBackwardWeights((Backend) this, spec, x, gy, gw, gb);
    }
}
