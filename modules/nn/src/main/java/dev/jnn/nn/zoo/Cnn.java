package dev.jnn.nn.zoo;

import dev.jnn.core.Tensor;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Linear;
import dev.jnn.nn.MaxPool2d;
import dev.jnn.nn.Layer;
import dev.jnn.nn.ReLU;
import dev.jnn.nn.Sequential;

/**
 * Seed 002's CNN: {@code conv1} = (Conv2d(1,16,5,1,2), ReLU, MaxPool2d(2)), {@code conv2} =
 * (Conv2d(16,32,5,1,2), ReLU, MaxPool2d(2)), {@code out} = Linear(32·7·7, 10). With dropout p &gt; 0,
 * a {@code dropout} module follows each conv block (after its ReLU and pooling).
 */
public final class Cnn extends Layer {
    private final Sequential conv1 = registerLayer("conv1",
            new Sequential(new Conv2d(1, 16, 5, 1, 2), new ReLU(), new MaxPool2d(2)));
    private final Sequential conv2 = registerLayer("conv2",
            new Sequential(new Conv2d(16, 32, 5, 1, 2), new ReLU(), new MaxPool2d(2)));
    private final Linear out = registerLayer("out", new Linear(32 * 7 * 7, 10));
    private final Dropout dropout;

    /** Without dropout. */
    public Cnn() {
        this(0f);
    }

    /**
     * With Dropout(p) after each hidden layer (none when p is 0).
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public Cnn(float p) {
        dropout = p == 0f ? null : registerLayer("dropout", new Dropout(p));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = ModelZoo.drop(dropout, conv2.call(ModelZoo.drop(dropout, conv1.call(x))));
        return out.call(h.flatten(1, -1));
    }
}
