package dev.jnn.backend.vector.internal.kernels;

/** Element-wise unary functions of {@link Unary}. */
public enum UnaryOp {
    /** negation, -x. */
    NEG,
    /** exponential, e^x. */
    EXP,
    /** natural logarithm. */
    LOG,
    /** square root. */
    SQRT,
    /** max(x, 0). */
    RELU,
    /** logistic function 1 / (1 + e^-x). */
    SIGMOID,
    /** hyperbolic tangent. */
    TANH,
    /** absolute value. */
    ABS,
    /** x * x. */
    SQUARE
}
