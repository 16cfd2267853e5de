package com.example.consumer;

import dev.jnn.core.BackendScope;
import dev.jnn.core.Generator;
import dev.jnn.core.MemoryScope;
import dev.jnn.core.NoGrad;
import dev.jnn.core.Tensor;
import dev.jnn.data.Batch;
import dev.jnn.data.DataDirectory;
import dev.jnn.data.DataLoader;
import dev.jnn.data.Epoch;
import dev.jnn.data.ImageDataset;
import dev.jnn.data.Mnist;
import dev.jnn.data.MnistFetcher;
import dev.jnn.data.transforms.Normalize;
import dev.jnn.data.transforms.ToTensor;
import dev.jnn.nn.CrossEntropyLoss;
import dev.jnn.nn.Layer;
import dev.jnn.nn.zoo.ModelZoo;
import dev.jnn.optim.Optimizer;
import dev.jnn.optim.SGD;
import java.nio.file.Path;

/** Seed 000 in a page of Java: the MLP, SGD(lr 0.01, momentum 0.5), batch 64, on MNIST. */
public final class TrainMlp {
    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 938;
        Path dir = DataDirectory.resolve(null);
        if (!Mnist.isPresent(dir)) MnistFetcher.standard().fetch(dir);
        ImageDataset train = Mnist.train(dir);
        ImageDataset test = Mnist.test(dir);

        try (BackendScope cpu = BackendScope.open("vector")) {   // the backend of every tensor below; closed at the end
            train(cpu, train, test, steps);
        }
    }

    private static void train(BackendScope cpu, ImageDataset train, ImageDataset test, int steps) {
        Generator.seedGlobal(1);
        Layer model = ModelZoo.create("mlp");
        Optimizer optimizer = SGD.builder().lr(0.01).momentum(0.5).build(model.parameters());
        CrossEntropyLoss criterion = new CrossEntropyLoss();
        DataLoader loader = DataLoader.builder(train).batchSize(64).shuffle(true).seed(1)
                .transforms(new ToTensor(), Normalize.mnist()).build();

        double running = 0;
        int step = 0;
        try (Epoch epoch = loader.epoch(0)) {
            for (Batch b : epoch) {
                if (step == steps) break;
                try (MemoryScope ignored = MemoryScope.open()) {    // frees the step's temporaries
                    optimizer.zeroGrad();
                    Tensor loss = criterion.apply(model.call(images(b)), labels(b));
                    loss.backward();
                    optimizer.step();
                    running += loss.item();
                }
                b.release();
                if (++step % 300 == 0) {
                    System.out.printf("[1, %5d] loss: %.3f%n", step, running / 300);
                    running = 0;
                }
            }
        }

        model.eval();
        int correct = 0;
        DataLoader testLoader = DataLoader.builder(test).batchSize(1000).transforms(new ToTensor(), Normalize.mnist()).build();
        try (Epoch epoch = testLoader.epoch(0); NoGrad ignored = NoGrad.enter()) {
            for (Batch b : epoch) {
                try (MemoryScope s = MemoryScope.open()) {
                    float[] predicted = model.call(images(b)).argmax(1).toFloatArray();
                    for (int i = 0; i < b.size(); i++) if ((int) predicted[i] == b.labels()[i]) correct++;
                }
                b.release();
            }
        }
        System.out.printf("accuracy on test set: %.2f %% after %d steps on %s%n", 100.0 * correct / test.size(), step,
                cpu.backend().description());
    }

    private static Tensor images(Batch b) {
        return Tensor.of(b.images(), b.size(), b.channels(), b.height(), b.width());
    }

    private static Tensor labels(Batch b) {
        float[] y = new float[b.size()];
        for (int i = 0; i < y.length; i++) y[i] = b.labels()[i];
        return Tensor.of(y, y.length);
    }
}
