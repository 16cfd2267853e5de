package com.example.consumer;

import dev.jnn.core.*;
import dev.jnn.data.*;
import dev.jnn.data.transforms.*;
import dev.jnn.nn.*;
import dev.jnn.optim.*;
import dev.jnn.optim.lr.*;
import dev.jnn.train.*;

/** A model of its own on MNIST: conv, batch norm and dropout, SGD with OneCycle, evaluated after each epoch. */
public final class CustomCnn {
    static final class Net extends Layer {
        final Sequential features = registerLayer("features", new Sequential(new Conv2d(1, 16, 5, 1, 2),
                new BatchNorm2d(16), new ReLU(), new MaxPool2d(2), new Dropout(0.25f)));
        final Linear fc = registerLayer("fc", new Linear(16 * 14 * 14, 10));

        @Override public Tensor forward(Tensor x) { return fc.call(features.call(x).flatten(1, -1)); }
    }

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        var data = MnistFetcher.standard().fetch(DataDirectory.resolve(null));
        var train = DataLoader.builder(Mnist.train(data)).batchSize(64).shuffle(true).seed(1)
                .transforms(new ToTensor(), Normalize.mnist()).build();
        var test = DataLoader.builder(Mnist.test(data)).batchSize(1000).transforms(new ToTensor(), Normalize.mnist()).build();
        try (BackendScope cpu = BackendScope.open("vector")) {   // every tensor and layer below lives there
            Net model = new Net();
            Optimizer opt = SGD.builder().lr(0.05).momentum(0.9).build(model.parameters());
            LRScheduler schedule = OneCycleLR.builder(0.05).epochs(epochs, train.numBatches()).build(opt);
            CrossEntropyLoss criterion = new CrossEntropyLoss();
            for (int epoch = 0; epoch < epochs; epoch++) {
                model.train();
                for (Batch b : train.epoch(epoch)) {   // a step per batch; its tensors are freed at the next
                    opt.zeroGrad();
                    criterion.apply(model.call(b.images()), b.labels()).backward();
                    opt.step();
                    schedule.step();
                }
                System.out.printf("epoch %d: test %s%n", epoch + 1, Trainer.evaluate(model, test));
            }
        }
    }
}
