package dev.jnn.core.spi;

/**
 * Element-wise functions of one tensor, each defined here once: its scalar function (the
 * reference kernel and every backend's specification), its derivative (the autograd rule), the
 * inputs it is defined on (what the conformance kit feeds it), and the same two formulas as C
 * expressions, from which native backends generate their kernels (the cuda backend's NVRTC source).
 *
 * <p>Every list of unary ops is derived from this enum: the kit checks each constant, the cuda
 * backend compiles each, and a backend without a kernel of its own for an op runs the reference
 * kernel ({@code jnn backends --ops} shows which). Adding an op means adding a constant here with
 * its cases in {@link #apply} and {@link #derivative}; the tensor method and layer are sugar.
 */
public enum UnaryOp {
    /** {@code -x}. */
    NEG(Domain.REAL, "-x", "-g"),
    /** {@code e^x}. */
    EXP(Domain.REAL, "expf(x)", "g * y"),
    /** Natural logarithm. */
    LOG(Domain.POSITIVE, "logf(x)", "g / x"),
    /** Square root. */
    SQRT(Domain.POSITIVE, "sqrtf(x)", "g * 0.5f / y"),
    /** {@code |x|}. */
    ABS(Domain.REAL, "fabsf(x)", "g * (x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : 0.0f))"),
    /** {@code x * x}. */
    SQUARE(Domain.REAL, "x * x", "g * 2.0f * x"),
    /** {@code 1 / x}. */
    RECIPROCAL(Domain.POSITIVE, "1.0f / x", "-g * y * y"),
    /** {@code max(x, 0)}. */
    RELU(Domain.REAL, "x > 0.0f ? x : 0.0f", "x > 0.0f ? g : 0.0f"),
    /** The logistic function {@code 1 / (1 + e^-x)}. */
    SIGMOID(Domain.REAL, "1.0f / (1.0f + expf(-x))", "g * y * (1.0f - y)"),
    /** Hyperbolic tangent. */
    TANH(Domain.REAL, "tanhf(x)", "g * (1.0f - y * y)"),
    /** -1, 0 or 1 (zeros and NaN kept, like {@link Math#signum}); no gradient. */
    SIGN(Domain.REAL, "x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x)", null),
    /** The Gaussian error linear unit {@code x * Φ(x)} with the exact normal CDF, PyTorch's default GELU. */
    GELU(Domain.REAL, "0.5f * x * (1.0f + erff(x * 0.70710678118654752f))",
            "g * (0.5f * (1.0f + erff(x * 0.70710678118654752f)) + x * 0.39894228040143268f * expf(-0.5f * x * x))");

    private final Domain domain;
    private final String cForward;
    private final String cDerivative;

    UnaryOp(Domain domain, String cForward, String cDerivative) {
        this.domain = domain;
        this.cForward = cForward;
        this.cDerivative = cDerivative;
    }

    /** The scalar definition, used by the reference kernels and as every backend's specification. */
    public float apply(float x) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
            case RELU -> x > 0f ? x : 0f;
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case TANH -> (float) Math.tanh(x);
            case SIGN -> Math.signum(x);
            case GELU -> (float) (0.5 * x * (1 + erf(x / Math.sqrt(2))));
        };
    }

    /** The derivative times the incoming gradient, from the input {@code x} and output {@code y}. */
    public float derivative(float x, float y, float gradOut) {
        return switch (this) {
            case NEG -> -gradOut;
            case EXP -> gradOut * y;
            case LOG -> gradOut / x;
            case SQRT -> gradOut * 0.5f / y;
            case ABS -> gradOut * Math.signum(x);
            case SQUARE -> gradOut * 2f * x;
            case RECIPROCAL -> -gradOut * y * y;
            case RELU -> x > 0f ? gradOut : 0f;
            case SIGMOID -> gradOut * y * (1f - y);
            case TANH -> gradOut * (1f - y * y);
            case SIGN -> 0f;
            case GELU -> (float) (gradOut * (0.5 * (1 + erf(x / Math.sqrt(2))) + x * Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)));
        };
    }

    /**
     * The error function to within 1.2e-7 (Numerical Recipes' {@code erfcc}, a Chebyshev fit of
     * erfc), ample for a float result; the JDK has none.
     */
    private static double erf(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc : erfc - 1;
    }

    /** False for ops that record no autograd node (their derivative is zero almost everywhere). */
    public boolean hasGradient() {
        return cDerivative != null;
    }

    /** Where the op is defined: what tests may feed it. */
    public Domain domain() {
        return domain;
    }

    /**
     * {@link #apply} as a C expression of the float {@code x} (CUDA C's single-precision math
     * functions allowed), for backends that generate native kernels.
     */
    public String cForward() {
        return cForward;
    }

    /**
     * {@link #derivative} as a C expression of the floats {@code x} (input), {@code y} (output) and
     * {@code g} (incoming gradient); {@code "0.0f"} for ops without a gradient.
     */
    public String cDerivative() {
        return cDerivative == null ? "0.0f" : cDerivative;
    }
}
