package dev.jnn.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jnn.core.BackendScope;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Shape;
import dev.jnn.core.Tensor;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.testing.VectorBackendScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The seed-000 MLP learns a small separable problem with plain SGD (optimizers live in jnn-optim). */
@SuppressWarnings("try")   // MemoryScope and NoGrad are scopes, not resources the body uses
@ExtendWith(VectorBackendScope.class)
class TrainingSanityTest {
    @Test
    void mlpReachesFullTrainingAccuracyOnSeparableData() {
        int n = 30;
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
        Generator.seedGlobal(0);
        Layer model = ModelZoo.create("mlp");
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        Tensor images = MemoryScope.persistent(() -> Tensor.of(BackendScope.current(), x, Shape.of(n, 1, 28, 28)));
        Tensor labels = MemoryScope.persistent(() -> Tensor.of(BackendScope.current(), y, Shape.of(n)));
        float lr = 0.3f;
        float firstLoss = Float.NaN;
        float lastLoss = Float.NaN;
        float accuracy = 0f;
        int steps = 0;
        // Stop at the first step whose forward pass already classifies every sample correctly.
        while (accuracy < 1f && steps < 200) {
            try (MemoryScope ignored = MemoryScope.open()) {
                model.zeroGrad();
                Tensor logits = model.call(images);
                accuracy = accuracy(logits, y);
                Tensor loss = criterion.apply(logits, labels);
                loss.backward();
                try (NoGrad ng = NoGrad.enter()) {
                    for (Tensor p : model.parameters()) p.addInPlace(p.grad(), -lr);
                }
                lastLoss = loss.item();
                if (steps == 0) firstLoss = lastLoss;
                steps++;
            }
        }
        try (MemoryScope ignored = MemoryScope.open(); NoGrad ng = NoGrad.enter()) {
            accuracy = accuracy(model.call(images), y);
        }
        assertThat(firstLoss).isGreaterThan(2.0f);
        assertThat(lastLoss).as("loss after %d steps", steps).isLessThan(firstLoss / 2);
        assertThat(accuracy).as("training accuracy after %d steps", steps).isEqualTo(1f);
        System.out.println("mlp: 100% training accuracy after " + steps + " SGD steps, loss " + firstLoss + " -> " + lastLoss);
    }

    private static float accuracy(Tensor logits, float[] labels) {
        float[] predicted = logits.argmax(1).toFloatArray();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if (predicted[i] == labels[i]) correct++;
        return (float) correct / labels.length;
    }
}
