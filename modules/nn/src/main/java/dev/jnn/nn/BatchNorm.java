package dev.jnn.nn;

import dev.jnn.core.Functional;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Tensor;

/**
 * Batch normalisation over the channel dimension, shared by {@link BatchNorm1d} and
 * {@link BatchNorm2d}: {@code y = (x - mean) / √(var + eps) · weight + bias}. In training it uses the
 * batch's statistics and updates {@code running_mean}/{@code running_var} with {@code momentum}
 * (unbiased variance) and counts {@code num_batches_tracked}; in eval it uses the running ones.
 * weight starts at 1, bias at 0, running_mean 0, running_var 1, as in PyTorch.
 */
public abstract class BatchNorm extends Layer {
    private final int features;
    private final double eps;
    private final double momentum;
    private final Tensor weight;
    private final Tensor bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor batchesTracked;
    private final int expectedRank;

    BatchNorm(int features, double eps, double momentum, int expectedRank) {
        Parameters.checkPositive(getClass().getSimpleName(), "num_features", features);
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.expectedRank = expectedRank;
        this.weight = registerParameter("weight", Parameters.full(1f, features));
        this.bias = registerParameter("bias", Parameters.zeros(features));
        this.runningMean = registerBuffer("running_mean", Parameters.zeros(features));
        this.runningVar = registerBuffer("running_var", Parameters.full(1f, features));
        this.batchesTracked = registerIntegerBuffer("num_batches_tracked", Parameters.zeros());
    }

    @SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != expectedRank || x.size(1) != features) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": expected input with " + features + " channels and "
                    + expectedRank + " dimensions, got " + x.shape());
        }
        if (isTraining() && x.numel() / features <= 1) {
            // The unbiased batch variance that updates running_var divides by n-1.
            throw new IllegalArgumentException(getClass().getSimpleName() + ": training needs more than 1 value per channel, got input "
                    + x.shape() + "; use a batch of at least 2 or call eval()");
        }
        if (isTraining()) {
            try (NoGrad ignored = NoGrad.enter()) {
                batchesTracked.copyFrom(batchesTracked.add(1f));
            }
        }
        return Functional.batchNorm(x, runningMean, runningVar, weight, bias, isTraining(), (float) momentum, (float) eps);
    }

    /** The running mean, [C]. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running (unbiased) variance, [C]. */
    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    protected String extraRepr() {
        return features + ", eps=" + Repr.pyFloat(eps) + ", momentum=" + Repr.pyFloat(momentum) + ", affine=True, track_running_stats=True";
    }
}
