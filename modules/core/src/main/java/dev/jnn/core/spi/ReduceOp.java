package dev.jnn.core.spi;

/** Reductions along one dimension. ARGMAX/ARGMIN give the index (as a float) of the first extreme. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN, ARGMAX, ARGMIN
}
