package dev.jnn.distributed;

/** How an all-reduce combines the ranks' values, element by element (PyTorch's {@code dist.ReduceOp}). */
public enum ReduceOp {
    /** The sum; data-parallel training divides by the world size first to average. */
    SUM,
    /** The largest value. */
    MAX,
    /** The smallest value. */
    MIN;

    /** {@code a} combined with {@code b}. */
    public double apply(double a, double b) {
        return switch (this) {
            case SUM -> a + b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }
}
