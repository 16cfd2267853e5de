package dev.jnn.nn;

import dev.jnn.core.Tensor;

/** A criterion: compares a model's output with targets and gives a scalar loss (or per-sample losses). */
public interface Loss {
    /** The loss of {@code input} against {@code target}. */
    Tensor apply(Tensor input, Tensor target);
}
