package dev.jnn.nn;

import dev.jnn.core.Functional;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Pool2dSpec;

/** 2-d max pooling over [N, C, H, W] (floor mode); the stride defaults to the kernel size. */
public final class MaxPool2d extends Layer {
    private final Pool2dSpec spec;

    /** Window {@code kernel}, stride = kernel, no padding, like {@code nn.MaxPool2d(kernel)}. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    /** Square window with stride and padding. */
    public MaxPool2d(int kernel, int stride, int padding) {
        this(Pool2dSpec.of(kernel, stride, padding));
    }

    /** The general form. */
    public MaxPool2d(Pool2dSpec spec) {
        this.spec = spec;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.maxPool2d(x, spec);
    }

    /** Pooling and a ReLU as one op ({@link Functional#maxPool2dRelu}): ReLU runs on the pooled output. */
    @Override
    protected Tensor forwardRelu(Tensor x) {
        return Functional.maxPool2dRelu(x, spec);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Repr.size(spec.kernelH(), spec.kernelW()) + ", stride=" + Repr.size(spec.strideH(), spec.strideW())
                + ", padding=" + Repr.size(spec.padH(), spec.padW())
                + ", dilation=1, ceil_mode=False";
    }
}
