package dev.jnn.train;

import dev.jnn.core.NoGrad;
import dev.jnn.core.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The gradient checks of a training step: every gradient finite, and the total norm clipped when asked. */
final class Gradients {
    private Gradients() {
    }

    /**
     * Checks that every parameter's gradient is finite and, when {@code maxNorm} is positive,
     * scales all gradients so that their total L2 norm is at most {@code maxNorm}, as PyTorch 1.13's
     * {@code clip_grad_norm_} does: the norm of the per-parameter norms, and the factor
     * {@code maxNorm / (norm + 1e-6)} applied only when it is below 1.
     *
     * @return null when the gradients are fine, else what is wrong, naming the parameter
     */
    @SuppressWarnings("try")   // NoGrad is a scope, not a resource the body uses
    static String checkAndClip(Trainable model, double maxNorm) {
        List<Tensor> grads = new ArrayList<>();
        double sumOfSquares = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (Map.Entry<String, Tensor> e : model.state().entrySet()) {
                Tensor g = e.getValue().grad();
                if (g == null) continue;
                float norm = g.square().sum().sqrt().item();
                if (!Float.isFinite(norm)) {
                    return String.format(Locale.ROOT, "the gradient of %s is not finite (its norm is %s)", e.getKey(),
                            Float.isNaN(norm) ? "NaN" : "infinite");
                }
                sumOfSquares += (double) norm * norm;
                grads.add(g);
            }
            if (maxNorm > 0) {
                float total = (float) Math.sqrt(sumOfSquares);
                float coef = (float) maxNorm / (total + 1e-6f);
                if (coef < 1f) {
                    for (Tensor g : grads) g.mulInPlace(coef);
                }
            }
        }
        return null;
    }
}
