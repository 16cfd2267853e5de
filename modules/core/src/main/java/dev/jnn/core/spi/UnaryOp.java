package dev.jnn.core.spi;

/** Element-wise functions of one tensor. */
public enum UnaryOp {
    NEG, EXP, LOG, SQRT, ABS, SQUARE, RECIPROCAL, RELU, SIGMOID, TANH, SIGN;

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
        };
    }

    /**
     * The derivative times the incoming gradient, from the input {@code x} and output {@code y}.
     */
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
        };
    }
}
