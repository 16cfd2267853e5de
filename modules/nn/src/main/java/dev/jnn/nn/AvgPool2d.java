package dev.jnn.nn;

import dev.jnn.core.Functional;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Pool2dSpec;

/** 2-d average pooling over [N, C, H, W] (floor mode, padding counted in the divisor). */
public final class AvgPool2d extends Layer {
    private final Pool2dSpec spec;

    /** Window {@code kernel}, stride = kernel, no padding. */
    public AvgPool2d(int kernel) {
        this(Pool2dSpec.of(kernel, kernel, 0));
    }

    /** Square window with stride and padding. */
    public AvgPool2d(int kernel, int stride, int padding) {
        this(Pool2dSpec.of(kernel, stride, padding));
    }

    /** The general form. */
    public AvgPool2d(Pool2dSpec spec) {
        this.spec = spec;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.avgPool2d(x, spec);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + Repr.size(spec.kernelH(), spec.kernelW()) + ", stride=" + Repr.size(spec.strideH(), spec.strideW())
                + ", padding=" + Repr.size(spec.padH(), spec.padW());
    }
}
