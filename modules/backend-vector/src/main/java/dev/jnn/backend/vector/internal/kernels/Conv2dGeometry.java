package dev.jnn.backend.vector.internal.kernels;

/**
 * The shape of a 2-d convolution over NCHW float32 tensors (one group).
 *
 * <p>Input x is {@code batch x inChannels x inHeight x inWidth}, weights are
 * {@code outChannels x inChannels x kernelH x kernelW}, output y is
 * {@code batch x outChannels x outHeight() x outWidth()}. Dilation is PyTorch's (1 = dense).
 */
public record Conv2dGeometry(int batch, int inChannels, int inHeight, int inWidth, int outChannels,
                             int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                             int dilationH, int dilationW) {

    /** Validates the sizes; the output must have at least one pixel. */
    public Conv2dGeometry {
        if (batch < 0 || inChannels < 1 || inHeight < 1 || inWidth < 1 || outChannels < 1 || kernelH < 1
                || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1
                || dilationW < 1) {
            throw new IllegalArgumentException("conv2d sizes must be positive (padding >= 0, batch >= 0): " + this);
        }
        if ((inHeight + 2 * padH - dilationH * (kernelH - 1) - 1) < 0
                || (inWidth + 2 * padW - dilationW * (kernelW - 1) - 1) < 0) {
            throw new IllegalArgumentException("conv2d kernel (with dilation) is larger than the padded input: " + this);
        }
    }

    /** Square kernel, stride, padding and dilation 1: PyTorch's {@code Conv2d(cin, cout, k, s, p)}. */
    public static Conv2dGeometry of(int batch, int inChannels, int height, int width, int outChannels,
                                    int kernel, int stride, int padding) {
        return new Conv2dGeometry(batch, inChannels, height, width, outChannels, kernel, kernel, stride, stride,
                padding, padding, 1, 1);
    }

    /** Output height: floor((H + 2p - d(k - 1) - 1) / s) + 1. */
    public int outHeight() {
        return (inHeight + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    /** Output width: floor((W + 2p - d(k - 1) - 1) / s) + 1. */
    public int outWidth() {
        return (inWidth + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    /** Rows of the im2col matrix: inChannels * kernelH * kernelW (the GEMM's K). */
    public int patchSize() {
        return inChannels * kernelH * kernelW;
    }

    /** Floats of one input image. */
    public long inImage() {
        return (long) inChannels * inHeight * inWidth;
    }

    /** Floats of one output image. */
    public long outImage() {
        return (long) outChannels * outHeight() * outWidth();
    }

    /** Floats of the weight tensor. */
    public long weightSize() {
        return (long) outChannels * patchSize();
    }
}
