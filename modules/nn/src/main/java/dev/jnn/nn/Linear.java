package dev.jnn.nn;

import dev.jnn.core.Functional;
import dev.jnn.core.Generator;
import dev.jnn.core.Tensor;
import dev.jnn.nn.init.Init;

/**
 * A fully connected layer: {@code y = x·Wᵀ + b}, x [N, in] (or [N, *] flattened to the last
 * dimension), W [out, in], b [out], y [N, out].
 *
 * <p>Initialisation as PyTorch: W ~ U(-k, k) (Kaiming-uniform with a = √5) and b ~ U(-k, k), with
 * k = 1/√in, drawn from {@link Generator#global()}.
 */
public final class Linear extends Layer {
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;

    /** A layer with bias. */
    public Linear(int in, int out) {
        this(in, out, true);
    }

    /** A layer with or without bias. */
    public Linear(int in, int out, boolean bias) {
        Parameters.checkPositive("Linear", "in_features", in);
        Parameters.checkPositive("Linear", "out_features", out);
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", Parameters.zeros(out, in));
        this.bias = registerParameter("bias", bias ? Parameters.zeros(out) : null);
        resetParameters(Generator.global());
    }

    /** Re-draws the parameters with PyTorch's default initialisation. */
    public void resetParameters(Generator g) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, "leaky_relu", g);
        if (bias != null) {
            float k = (float) (1 / Math.sqrt(in));
            Init.uniform(bias, -k, k, g);
        }
    }

    /** W, [out, in]. */
    public Tensor weight() {
        return weight;
    }

    /** b, [out], or null. */
    public Tensor bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.linear(x, weight, bias);
    }

    /** The layer and a ReLU as one fused op ({@link Functional#linearRelu}). */
    @Override
    protected Tensor forwardRelu(Tensor x) {
        return Functional.linearRelu(x, weight, bias);
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + in + ", out_features=" + out + ", bias=" + (bias != null ? "True" : "False");
    }
}
