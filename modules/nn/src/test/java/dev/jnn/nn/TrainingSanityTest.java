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

/** The seed-000 MLP learns a small separable problem with plain SGD (optimizers live in jnn-optim). */
class TrainingSanityTest {
    @Test
    void mlpReachesFullTrainingAccuracyOnSeparableData() {
        int n = 64;
        int classes = 10;
        Generator g = new Generator(2024);
        // Each class lights up its own band of 78 pixels, plus noise: linearly separable.
        float[] x = new float[n * 784];
        float[] y = new float[n];
        float[] noise = new float[n * 784];
        g.fillNormal(noise, 0f, 0.3f);
        for (int i = 0; i < n; i++) {
            int c = i % classes;
            y[i] = c;
            for (int p = 0; p < 784; p++) x[i * 784 + p] = noise[i * 784 + p] + (p / 78 == c ? 1f : 0f);
        }
        Module model = ModelZoo.create("mlp");
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        Tensor images = MemoryScope.persistent(() -> Tensor.of(DefaultBackend.get(), x, Shape.of(n, 1, 28, 28)));
        Tensor labels = MemoryScope.persistent(() -> Tensor.of(DefaultBackend.get(), y, Shape.of(n)));
        float lr = 0.1f;
        float firstLoss = Float.NaN;
        float lastLoss = Float.NaN;
        for (int step = 0; step < 150; step++) {
            try (MemoryScope ignored = MemoryScope.open()) {
                model.zeroGrad();
                Tensor loss = criterion.apply(model.call(images), labels);
                loss.backward();
                try (NoGrad ng = NoGrad.enter()) {
                    for (Tensor p : model.parameters()) p.addInPlace(p.grad(), -lr);
                }
                lastLoss = loss.item();
                if (step == 0) firstLoss = lastLoss;
            }
        }
        float accuracy;
        try (MemoryScope ignored = MemoryScope.open(); NoGrad ng = NoGrad.enter()) {
            float[] predicted = model.call(images).argmax(1).toFloatArray();
            int correct = 0;
            for (int i = 0; i < n; i++) if (predicted[i] == y[i]) correct++;
            accuracy = (float) correct / n;
        }
        assertThat(firstLoss).isGreaterThan(2.0f);
        assertThat(lastLoss).isLessThan(0.1f);
        assertThat(accuracy).isEqualTo(1f);
    }
}
