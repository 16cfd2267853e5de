package dev.jnn.nn;

import dev.jnn.core.Functional;
import dev.jnn.core.Generator;
import dev.jnn.core.Tensor;

/**
 * Inverted dropout: in training, zeroes each element with probability p and scales the rest by
 * 1/(1-p); the identity in eval mode. Masks come from the given generator (default: a split of
 * {@link Generator#global()} taken at construction), so a seed reproduces them.
 */
public final class Dropout extends Layer {
    private final float p;
    private final Generator generator;

    /** Dropout with probability {@code p} and a generator split from the global one. */
    public Dropout(float p) {
        this(p, Generator.global().split());
    }

    /** Dropout with probability {@code p} drawing masks from {@code generator}. */
    public Dropout(float p, Generator generator) {
        if (p < 0f || p > 1f) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
        this.generator = generator;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.dropout(x, p, isTraining(), generator);
    }

    @Override
    protected String extraRepr() {
        return "p=" + Repr.pyFloat(p) + ", inplace=False";
    }

    /** The generator the masks are drawn from (checkpoints save its state). */
    public Generator generator() {
        return generator;
    }
}
