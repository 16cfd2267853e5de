package dev.jnn.optim;

/**
 * The hyper-parameters {@link Adam} and {@link AdamW} share, with PyTorch's defaults. The two
 * differ only in the default weight decay (0 and 1e-2) and in how it enters the update
 * ({@link AdamState#step}).
 *
 * @param <B> the concrete builder
 * @param <O> the optimizer it builds
 */
abstract class AdamBuilder<B extends AdamBuilder<B, O>, O extends Optimizer> extends OptimizerBuilder<B, O> {
    AdamBuilder(double weightDecay) {
        put("lr", 1e-3).put("beta1", 0.9).put("beta2", 0.999).put("eps", 1e-8).put("weight_decay", weightDecay)
                .put("amsgrad", false).put("maximize", false);
    }

    /** Decay rates of the first and second moment averages (default 0.9, 0.999). */
    public B betas(double beta1, double beta2) {
        return put("beta1", beta1).put("beta2", beta2);
    }

    /** Added to the denominator (default 1e-8). */
    public B eps(double v) {
        return put("eps", v);
    }

    /** Weight decay (default 0.0 for Adam, 1e-2 for AdamW). */
    public B weightDecay(double v) {
        return put("weight_decay", v);
    }

    /** Use the AMSGrad variant (default false). */
    public B amsgrad(boolean v) {
        return put("amsgrad", v);
    }

    /** Maximize the objective (default false). */
    public B maximize(boolean v) {
        return put("maximize", v);
    }
}
