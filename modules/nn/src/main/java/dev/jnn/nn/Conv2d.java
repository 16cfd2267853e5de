package dev.jnn.nn;

import dev.jnn.core.Functional;
import dev.jnn.core.Generator;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Conv2dSpec;
import dev.jnn.nn.init.Init;

/**
 * 2-d convolution over x [N, C, H, W] with W [O, C, KH, KW] and b [O], giving
 * [N, O, (H+2p-d(KH-1)-1)/s+1, ...].
 *
 * <p>Initialisation as PyTorch: W ~ U(-k, k) and b ~ U(-k, k), with k = 1/√(C·KH·KW).
 */
public final class Conv2d extends Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kh;
    private final int kw;
    private final Conv2dSpec spec;
    private final Tensor weight;
    private final Tensor bias;

    /** A square kernel with stride, padding and dilation, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding) {
        this(inChannels, outChannels, kernel, kernel, Conv2dSpec.of(stride, padding, 1), true);
    }

    /** A square kernel with stride, padding and dilation, with bias, like {@code nn.Conv2d(c, o, k, s, p, d)}. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int dilation) {
        this(inChannels, outChannels, kernel, kernel, Conv2dSpec.of(stride, padding, dilation), true);
    }

    /** A square kernel, stride 1, no padding, with bias. */
    public Conv2d(int inChannels, int outChannels, int kernel) {
        this(inChannels, outChannels, kernel, 1, 0);
    }

    /** The general form: kernel height/width, geometry and bias. */
    public Conv2d(int inChannels, int outChannels, int kh, int kw, Conv2dSpec spec, boolean bias) {
        Parameters.checkPositive("Conv2d", "in_channels", inChannels);
        Parameters.checkPositive("Conv2d", "out_channels", outChannels);
        Parameters.checkPositive("Conv2d", "kernel_size", Math.min(kh, kw));
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kh = kh;
        this.kw = kw;
        this.spec = spec;
        this.weight = registerParameter("weight", Parameters.zeros(outChannels, inChannels, kh, kw));
        this.bias = registerParameter("bias", bias ? Parameters.zeros(outChannels) : null);
        resetParameters(Generator.global());
    }

    /** Re-draws the parameters with PyTorch's default initialisation. */
    public void resetParameters(Generator g) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", g);
        if (bias != null) {
            float k = (float) (1 / Math.sqrt(Init.fanIn(weight)));
            Init.uniform(bias, -k, k, g);
        }
    }

    /** W, [O, C, KH, KW]. */
    public Tensor weight() {
        return weight;
    }

    /** b, [O], or null. */
    public Tensor bias() {
        return bias;
    }

    /** The geometry. */
    public Conv2dSpec spec() {
        return spec;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.conv2d(x, weight, bias, spec);
    }

    /** The convolution and a ReLU as one fused op ({@link Functional#conv2dRelu}). */
    @Override
    protected Tensor forwardRelu(Tensor x) {
        return Functional.conv2dRelu(x, weight, bias, spec);
    }

    @Override
    protected String extraRepr() {
        StringBuilder sb = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(pair(kh, kw)).append(", stride=").append(pair(spec.strideH(), spec.strideW()));
        if (spec.padH() != 0 || spec.padW() != 0) sb.append(", padding=").append(pair(spec.padH(), spec.padW()));
        if (spec.dilationH() != 1 || spec.dilationW() != 1) sb.append(", dilation=").append(pair(spec.dilationH(), spec.dilationW()));
        if (bias == null) sb.append(", bias=False");
        return sb.toString();
    }

    static String pair(int a, int b) {
        return "(" + a + ", " + b + ")";
    }
}
