package dev.jnn.backend.vector.internal.kernels;

/** Element-wise unary functions of {@link Unary}. */
public enum UnaryOp {
    /** negation, -x. */
    NEG,
    /** square root. */
    SQRT,
    /** max(x, 0). */
    RELU,
    /** absolute value. */
    ABS,
    /** x * x. */
    SQUARE
}
