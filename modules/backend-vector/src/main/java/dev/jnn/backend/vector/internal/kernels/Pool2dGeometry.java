package dev.jnn.backend.vector.internal.kernels;

/**
 * The shape of a 2-d pooling over NCHW float32: input {@code batch x channels x inHeight x inWidth},
 * output {@code batch x channels x outHeight() x outWidth()} (PyTorch's floor mode, dilation 1).
 */
public record Pool2dGeometry(int batch, int channels, int inHeight, int inWidth, int kernelH, int kernelW,
                             int strideH, int strideW, int padH, int padW) {

    /** Validates the sizes as PyTorch does: padding at most half the kernel. */
    public Pool2dGeometry {
        if (batch < 0 || channels < 1 || inHeight < 1 || inWidth < 1 || kernelH < 1 || kernelW < 1 || strideH < 1
                || strideW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("pool2d sizes must be positive (padding >= 0, batch >= 0): " + this);
        }
        if (2 * padH > kernelH || 2 * padW > kernelW) {
            throw new IllegalArgumentException("pool2d padding must be at most half the kernel size: " + this);
        }
        if (inHeight + 2 * padH < kernelH || inWidth + 2 * padW < kernelW) {
            throw new IllegalArgumentException("pool2d kernel is larger than the padded input: " + this);
        }
    }

    /** Square kernel, stride and padding: PyTorch's {@code MaxPool2d(k, s, p)}. */
    public static Pool2dGeometry of(int batch, int channels, int height, int width, int kernel, int stride,
                                    int padding) {
        return new Pool2dGeometry(batch, channels, height, width, kernel, kernel, stride, stride, padding, padding);
    }

    /** floor((H + 2p - k) / s) + 1. */
    public int outHeight() {
        return (inHeight + 2 * padH - kernelH) / strideH + 1;
    }

    /** floor((W + 2p - k) / s) + 1. */
    public int outWidth() {
        return (inWidth + 2 * padW - kernelW) / strideW + 1;
    }

    /** Number of (batch, channel) planes. */
    public long planes() {
        return (long) batch * channels;
    }
}
