package dev.jnn.nn;

/** Batch normalisation of [N, C] input, like {@code nn.BatchNorm1d(C)}; see {@link BatchNorm}. */
public final class BatchNorm1d extends BatchNorm {
    /** eps 1e-5, momentum 0.1. */
    public BatchNorm1d(int features) {
        this(features, 1e-5f, 0.1f);
    }

    /** With explicit eps and momentum. */
    public BatchNorm1d(int features, float eps, float momentum) {
        super(features, eps, momentum, 2);
    }
}
