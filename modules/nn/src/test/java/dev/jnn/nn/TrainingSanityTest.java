package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.DefaultBackend;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.nn.zoo.ModelZoo;
import org.junit.jupiter.api.Test;

/** The seed-000 MLP learns a small synthetic separable problem perfectly with plain SGD. */
class TrainingSanityTest {
    @Test
    void mlpReachesFullTrainingAccuracyOnASeparableProblem() {
        Generator.seedGlobal(0);
        Generator g = new Generator(11);
        int n = 64;
        float[] x = new float[n * 784];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            y[i] = label;
            // Each class lights up its own band of pixels, plus noise.
            for (int p = 0; p < 784; p++) x[i * 784 + p] = (float) (0.1 * g.nextGaussian());
            for (int p = label * 78; p < label * 78 + 78; p++) x[i * 784 + p] += 1f;
        }
        Tensor images = Tensor.of(DefaultBackend.get(), x, Shape.of(n, 1, 28, 28));
        Tensor labels = Tensor.of(DefaultBackend.get(), y, Shape.of(n));
        Module mlp = ModelZoo.create("mlp");
        CrossEntropyLoss loss = new CrossEntropyLoss();
        for (int step = 0; step < 300; step++) {
            try (MemoryScope ignored = MemoryScope.open()) {
                mlp.zeroGrad();
                loss.apply(mlp.call(images), labels).backward();
                try (NoGrad ng = NoGrad.enter()) {
                    for (Tensor p : mlp.parameters()) p.addInPlace(p.grad(), -0.1f);
                }
            }
        }
        try (MemoryScope ignored = MemoryScope.open(); NoGrad ng = NoGrad.enter()) {
            float[] predicted = mlp.call(images).argmax(1).toFloatArray();
            int correct = 0;
            for (int i = 0; i < n; i++) if (predicted[i] == y[i]) correct++;
            assertThat(correct).isEqualTo(n);
        }
    }
}
