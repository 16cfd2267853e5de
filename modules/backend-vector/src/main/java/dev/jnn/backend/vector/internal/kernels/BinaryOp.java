package dev.jnn.backend.vector.internal.kernels;

/** Element-wise binary operators of {@link Binary}. */
public enum BinaryOp {
    /** a + b. */
    ADD,
    /** a - b. */
    SUB,
    /** a * b. */
    MUL,
    /** a / b. */
    DIV,
    /** max(a, b), NaN if either is NaN. */
    MAX,
    /** min(a, b), NaN if either is NaN. */
    MIN
}
