package dev.jnn.nn.zoo;

import dev.jnn.core.Tensor;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.Linear;
import dev.jnn.nn.Layer;

/**
 * Seed 003's fully connected net without activations (the seed calls it LeNet): {@code flatten},
 * then {@code layer1..3} = Linear 784-300-100-10. With dropout p &gt; 0, a {@code dropout} module
 * follows layer1 and layer2 (the hidden layers, which have no activation).
 */
public final class LinearNet extends Layer {
    private final Flatten flatten = registerLayer("flatten", new Flatten());
    private final Linear layer1 = registerLayer("layer1", new Linear(784, 300));
    private final Linear layer2 = registerLayer("layer2", new Linear(300, 100));
    private final Linear layer3 = registerLayer("layer3", new Linear(100, 10));
    private final Dropout dropout;

    /** Without dropout. */
    public LinearNet() {
        this(0f);
    }

    /**
     * With Dropout(p) after each hidden layer (none when p is 0).
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public LinearNet(float p) {
        dropout = p == 0f ? null : registerLayer("dropout", new Dropout(p));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = ModelZoo.drop(dropout, layer1.call(flatten.call(x)));
        return layer3.call(ModelZoo.drop(dropout, layer2.call(h)));
    }
}
