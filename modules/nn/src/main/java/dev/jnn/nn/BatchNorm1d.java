package dev.jnn.nn;

/** Batch normalisation of [N, C] input, like {@code nn.BatchNorm1d(C)}; see {@link BatchNorm}. */
public final class BatchNorm1d extends BatchNorm {
    /** eps 1e-5, momentum 0.1. */
    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1);
    }

    /** With explicit eps and momentum. */
    public BatchNorm1d(int features, double eps, double momentum) {
        super(features, eps, momentum, 2);
    }
}
