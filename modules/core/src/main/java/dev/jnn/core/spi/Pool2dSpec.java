package dev.jnn.core.spi;

/**
 * The geometry of a 2-d pooling window over NCHW input (floor mode; average pooling counts the
 * padding, as PyTorch's default {@code count_include_pad=True}).
 */
public record Pool2dSpec(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
    public Pool2dSpec {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0
                || padH > kernelH / 2 || padW > kernelW / 2) {
            throw new IllegalArgumentException("pool2d: invalid geometry " + this
                    + " (padding must be at most half the kernel)");
        }
    }

    /** A square window; stride defaults to the kernel size as in PyTorch. */
    public static Pool2dSpec of(int kernel, int stride, int padding) {
        return new Pool2dSpec(kernel, kernel, stride, stride, padding, padding);
    }

    /** The output height for input height {@code h}. */
    public int outH(int h) {
        return (h + 2 * padH - kernelH) / strideH + 1;
    }

    /** The output width for input width {@code w}. */
    public int outW(int w) {
        return (w + 2 * padW - kernelW) / strideW + 1;
    }
}
