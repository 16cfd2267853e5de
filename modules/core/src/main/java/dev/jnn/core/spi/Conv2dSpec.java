package dev.jnn.core.spi;

/**
 * The geometry of a 2-d convolution over NCHW input with OIHW weights (groups = 1).
 *
 * @param strideH vertical stride, at least 1
 * @param strideW horizontal stride, at least 1
 * @param padH zero padding added above and below
 * @param padW zero padding added left and right
 * @param dilationH spacing between kernel rows, 1 = dense (PyTorch's convention)
 * @param dilationW spacing between kernel columns, 1 = dense
 */
public record Conv2dSpec(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW) {
    public Conv2dSpec {
        if (strideH < 1 || strideW < 1 || dilationH < 1 || dilationW < 1 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d: invalid geometry " + this);
        }
    }

    /** Square stride, padding and dilation. */
    public static Conv2dSpec of(int stride, int padding, int dilation) {
        return new Conv2dSpec(stride, stride, padding, padding, dilation, dilation);
    }

    /** The output height for input height {@code h} and kernel height {@code kh}. */
    public int outH(int h, int kh) {
        return (h + 2 * padH - dilationH * (kh - 1) - 1) / strideH + 1;
    }

    /** The output width for input width {@code w} and kernel width {@code kw}. */
    public int outW(int w, int kw) {
        return (w + 2 * padW - dilationW * (kw - 1) - 1) / strideW + 1;
    }
}
