package dev.jnn.nn.zoo;

import dev.jnn.core.Tensor;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.Linear;
import dev.jnn.nn.Module;

/**
 * Seed 003's fully connected net without activations (the seed calls it LeNet): {@code flatten},
 * then {@code layer1..3} = Linear 784-300-100-10.
 */
public final class LinearNet extends Module {
    private final Flatten flatten = registerModule("flatten", new Flatten());
    private final Linear layer1 = registerModule("layer1", new Linear(784, 300));
    private final Linear layer2 = registerModule("layer2", new Linear(300, 100));
    private final Linear layer3 = registerModule("layer3", new Linear(100, 10));

    @Override
    public Tensor forward(Tensor x) {
        return layer3.call(layer2.call(layer1.call(flatten.call(x))));
    }
}
