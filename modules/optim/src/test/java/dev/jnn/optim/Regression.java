package dev.jnn.optim;

import dev.jnn.core.Generator;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.core.spi.Backend;
import java.util.List;

/**
 * A small synthetic linear regression: 64 samples of 5 features from a fixed seed,
 * {@code y = x·w* + 0.3 + noise}, fitted by w [5,1] and b [1] from zero with mean squared error.
 */
record Regression(Tensor x, Tensor y, Tensor w, Tensor b) {
    static Regression create(Backend backend, long seed) {
        Generator gen = new Generator(seed);
        float[] xs = new float[64 * 5];
        gen.fillNormal(xs, 0f, 1f);
        float[] trueW = {1.5f, -2f, 0.5f, 0f, 1f};
        float[] noise = new float[64];
        gen.fillNormal(noise, 0f, 0.1f);
        float[] ys = new float[64];
        for (int i = 0; i < 64; i++) {
            float s = 0.3f + noise[i];
            for (int j = 0; j < 5; j++) s += xs[i * 5 + j] * trueW[j];
            ys[i] = s;
        }
        return new Regression(Tensor.of(backend, xs, Shape.of(64, 5)), Tensor.of(backend, ys, Shape.of(64, 1)),
                Tensor.zeros(backend, Shape.of(5, 1)).requiresGrad(true),
                Tensor.zeros(backend, Shape.of(1)).requiresGrad(true));
    }

    Tensor loss() {
        return x.matmul(w).add(b).sub(y).square().mean();
    }

    List<Tensor> params() {
        return List.of(w, b);
    }

    /** One training step: zero the gradients, compute the loss, back-propagate, step. Returns the loss. */
    float train(Optimizer opt) {
        Closure closure = () -> {
            opt.zeroGrad();
            Tensor loss = loss();
            loss.backward();
            return loss;
        };
        if (opt instanceof LBFGS) return opt.step(closure).item();
        Tensor loss = closure.evaluate();
        opt.step();
        return loss.item();
    }
}
