package dev.jnn.nn.zoo;

import dev.jnn.core.Tensor;
import dev.jnn.nn.Conv2d;
import dev.jnn.nn.Dropout;
import dev.jnn.nn.Linear;
import dev.jnn.nn.MaxPool2d;
import dev.jnn.nn.Layer;

/**
 * Seed 001's LeNet for 1×28×28 input: {@code conv1} Conv2d(1,6,5,padding 2), {@code pool1}
 * MaxPool2d(2), {@code conv2} Conv2d(6,16,5), {@code pool2} MaxPool2d(2), {@code fc1} Linear(400,120), {@code fc2}
 * Linear(120,84), {@code fc3} Linear(84,10), ReLU between. With dropout p &gt; 0, a {@code dropout}
 * module follows each hidden layer (after its ReLU, and its pooling for the conv layers).
 */
public final class LeNet extends Layer {
    private final Conv2d conv1 = registerLayer("conv1", new Conv2d(1, 6, 5, 1, 2));
    private final MaxPool2d pool1 = registerLayer("pool1", new MaxPool2d(2));
    private final Conv2d conv2 = registerLayer("conv2", new Conv2d(6, 16, 5));
    private final MaxPool2d pool2 = registerLayer("pool2", new MaxPool2d(2));
    private final Linear fc1 = registerLayer("fc1", new Linear(16 * 5 * 5, 120));
    private final Linear fc2 = registerLayer("fc2", new Linear(120, 84));
    private final Linear fc3 = registerLayer("fc3", new Linear(84, 10));
    private final Dropout dropout;

    /** Without dropout. */
    public LeNet() {
        this(0f);
    }

    /**
     * With Dropout(p) after each hidden layer (none when p is 0).
     *
     * @throws IllegalArgumentException if p is outside [0, 1]
     */
    public LeNet(float p) {
        dropout = p == 0f ? null : registerLayer("dropout", new Dropout(p));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = ModelZoo.drop(dropout, pool1.call(conv1.callThenRelu(x)));
        h = ModelZoo.drop(dropout, pool2.call(conv2.callThenRelu(h)));
        h = ModelZoo.drop(dropout, fc1.callThenRelu(h.flatten(1, -1)));
        h = ModelZoo.drop(dropout, fc2.callThenRelu(h));
        return fc3.call(h);
    }
}
