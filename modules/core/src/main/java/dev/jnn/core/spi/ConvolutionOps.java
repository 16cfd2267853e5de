package dev.jnn.core.spi;

/**
 * 2-d convolution over NCHW input with OIHW weights. See {@link Backend} for the contract.
 *
 * <p>The defaults are the reference kernels ({@code ConvolutionReference}, beside this interface): scalar Java on
 * host copies, correct but slow; a backend overrides what it can do better.
 */
public interface ConvolutionOps extends ElementwiseOps {
    /** {@code y[N,O,OH,OW] = conv(x[N,C,H,W], w[O,C,KH,KW]) + bias[O]}; {@code bias} may be null. */
    default void conv2dForward(Conv2dSpec spec, TensorView x, TensorView w, TensorView bias, TensorView y) {
        ConvolutionReference.conv2dForward(this, spec, x, w, bias, y);
    }

    /**
     * The convolution followed by ReLU, {@code y = max(conv(x, w) + bias, 0)}: one call, so that a
     * backend can fuse the activation into the convolution (oneDNN's post-ops) instead of making
     * another pass over {@code y}. By default the two steps, in place.
     */
    @ComposedDefault
    default void conv2dForward(Conv2dSpec spec, TensorView x, TensorView w, TensorView bias, boolean relu, TensorView y) {
        conv2dForward(spec, x, w, bias, y);
        if (relu) unary(UnaryOp.RELU, y, y);
    }

    /** The input gradient {@code gx[N,C,H,W]} from {@code gy} and the weights. */
    default void conv2dBackwardData(Conv2dSpec spec, TensorView gy, TensorView w, TensorView gx) {
        ConvolutionReference.conv2dBackwardData(this, spec, gy, w, gx);
    }

    /** The weight gradient {@code gw[O,C,KH,KW]} and, when {@code gb} is not null, the bias gradient. */
    default void conv2dBackwardWeights(Conv2dSpec spec, TensorView x, TensorView gy, TensorView gw, TensorView gb) {
        ConvolutionReference.conv2dBackwardWeights(this, spec, x, gy, gw, gb);
    }
}
