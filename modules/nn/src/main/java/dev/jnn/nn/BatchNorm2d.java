package dev.jnn.nn;

/** Batch normalisation of [N, C, H, W] input per channel, like {@code nn.BatchNorm2d(C)}; see {@link BatchNorm}. */
public final class BatchNorm2d extends BatchNorm {
    /** eps 1e-5, momentum 0.1. */
    public BatchNorm2d(int features) {
        this(features, 1e-5, 0.1);
    }

    /** With explicit eps and momentum. */
    public BatchNorm2d(int features, double eps, double momentum) {
        super(features, eps, momentum, 4);
    }
}
