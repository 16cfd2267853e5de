package dev.jnn.nn.zoo;

import dev.jnn.core.Tensor;
import dev.jnn.nn.BatchNorm1d;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Flatten;
import dev.jnn.nn.Linear;
import dev.jnn.nn.Layer;
import dev.jnn.nn.Sequential;

/**
 * Seeds 001/004's batch-normalised MLP: {@code flatten}, then {@code layer1} = (Linear(784,300), BatchNorm1d(300)),
 * {@code layer2} = (Linear(300,100), BatchNorm1d(100)), {@code layer3} = (Linear(100,10)); ReLU
 * after layer1 and layer2. With dropout p &gt; 0, a {@code dropout} module follows each of those ReLUs.
 */
public final class BnMlp extends Layer {
    private final Flatten flatten = registerLayer("flatten", new Flatten());
    private final Sequential layer1 = registerLayer("layer1", new Sequential(new Linear(784, 300), new BatchNorm1d(300)));
    private final Sequential layer2 = registerLayer("layer2", new Sequential(new Linear(300, 100), new BatchNorm1d(100)));
    private final Sequential layer3 = registerLayer("layer3", new Sequential(new Linear(100, 10)));
    private final Dropout dropout;

    /** Without dropout. */
    public BnMlp() {
        this(0f);
    }

    /**
     * With Dropout(p) after each hidden layer (none when p is 0).
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public BnMlp(float p) {
        dropout = p == 0f ? null : registerLayer("dropout", new Dropout(p));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = flatten.call(x);
        h = ModelZoo.drop(dropout, layer1.call(h).relu());
        h = ModelZoo.drop(dropout, layer2.call(h).relu());
        return layer3.call(h);
    }
}
